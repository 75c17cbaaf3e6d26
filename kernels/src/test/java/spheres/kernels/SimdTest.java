package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

/** The switch's species and register counts for every ISA the kernels name, whatever this machine is. */
class SimdTest {
    @Test
    void speciesFollowTheProperty() {
        assertEquals(FloatVector.SPECIES_128, Simd.species("128"));
        assertEquals(FloatVector.SPECIES_256, Simd.species("256"));
        assertEquals(FloatVector.SPECIES_512, Simd.species("512"));
        assertEquals(FloatVector.SPECIES_PREFERRED, Simd.species(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Simd.species("64"));
        assertTrue(e.getMessage().contains("64") && e.getMessage().contains("128, 256 or 512"), e.getMessage());
    }

    @Test
    void registersPerIsa() {
        assertEquals(32, Simd.registers(512, "amd64", 3), "AVX-512");
        assertEquals(16, Simd.registers(256, "amd64", 2), "AVX2, or AVX-512 run with -XX:UseAVX=2");
        assertEquals(32, Simd.registers(256, "amd64", 3), "AVX-512 run with -XX:MaxVectorSize=32: 256-bit vectors, 32 registers");
        assertEquals(16, Simd.registers(128, "amd64", 1), "SSE");
        assertEquals(32, Simd.registers(128, "aarch64", 0), "NEON");
        assertEquals(Simd.registers(Simd.hardwareBits(), System.getProperty("os.arch"), Simd.useAvx()), Simd.registers());
        if ("amd64".equals(System.getProperty("os.arch"))) {
            assertTrue(Simd.useAvx() >= 0 && Simd.useAvx() <= 3, "UseAVX read from HotSpot: " + Simd.useAvx());
            assertEquals(Simd.hardwareBits() >= 512, Simd.useAvx() == 3 && Simd.hardwareBits() >= 512, "512-bit vectors come with UseAVX 3");
        }
    }

    @Test
    void lanesAreTheSpeciesWidthOrOneWithSimdOff() {
        assertEquals(Simd.ENABLED ? Simd.F.length() : 1, Simd.lanes());
        assertEquals(FloatVector.SPECIES_PREFERRED.vectorBitSize(), Simd.hardwareBits());
    }

    /** In lane order 0..n-1, not a tree: (1e8 + 1) + ... differs from 1e8 + (1 + ...) in float. */
    @Test
    void lanesAreSummedInOrder() {
        for (VectorSpecies<Float> f : java.util.List.of(FloatVector.SPECIES_128, FloatVector.SPECIES_256, FloatVector.SPECIES_512)) {
            float[] x = new float[f.length()];
            x[0] = 1e8f;
            for (int j = 1; j < x.length; j++) x[j] = 3f * j;
            float want = 0f;
            for (float v : x) want += v;
            assertEquals(want, Simd.sumLanesInOrder(FloatVector.fromArray(f, x, 0)), f.toString());
        }
    }

    /** What {@code spheres devices} and {@code info} print: the lanes and width the kernels run, or the switch that is off. */
    @Test
    void describeNamesTheLanesOrTheSwitch() {
        String d = Simd.describe();
        if (Simd.ENABLED) assertTrue(d.startsWith("Vector API " + Simd.F.length() + " float lanes (" + Simd.F.vectorBitSize() + "-bit)"), d);
        else assertTrue(d.startsWith("SIMD off"), d);
    }
}
