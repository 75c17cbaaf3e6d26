package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD switch and the vector species every kernel uses.
 *
 * <p>{@code -Dspheres.simd=false} (read once, at class load) routes every kernel to its scalar twin; the CLI's
 * {@code --no-simd} sets the same property before any kernel loads. Both are constants so that the JIT folds the
 * branch away in the hot path.
 */
public final class Simd {
    /** True unless the system property {@code spheres.simd} is {@code false}. */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("spheres.simd", "true"));

    /**
     * The float species every kernel uses: the widest of this machine (16 lanes with AVX-512, 8 with AVX2), or the
     * width the property {@code spheres.simd.bits} names (128, 256 or 512; the CLI's {@code --reproducible} sets 256).
     * Results depend on it where a kernel sums lanes in parallel (row sums, loss sums), so one width gives the same
     * bits on every x86 machine that has it natively (AVX2 and AVX-512 both run 256 bits).
     */
    public static final VectorSpecies<Float> F = species(System.getProperty("spheres.simd.bits"));

    static VectorSpecies<Float> species(String bits) {
        if (bits == null) return FloatVector.SPECIES_PREFERRED;
        return switch (bits) {
            case "128" -> FloatVector.SPECIES_128;
            case "256" -> FloatVector.SPECIES_256;
            case "512" -> FloatVector.SPECIES_512;
            default -> throw new IllegalArgumentException("spheres.simd.bits " + bits + ": must be 128, 256 or 512");
        };
    }

    /** What the kernels run on, for {@code spheres devices} and {@code info}: the lanes and width, or the switch that is off. */
    public static String describe() {
        return ENABLED ? "Vector API " + F.length() + " float lanes (" + F.vectorBitSize() + "-bit)"
                : "SIMD off: scalar twins (--no-simd or -Dspheres.simd=false)";
    }

    /**
     * Vector registers this ISA gives the JIT: 32 with AVX-512 (and on AArch64), 16 with AVX2 or SSE. With
     * {@code -XX:UseAVX=2} an AVX-512 machine counts as AVX2: its preferred species is 256 bits, its registers 16. With
     * {@code -XX:MaxVectorSize=32} it keeps AVX-512's 32 registers at 256 bits (EVEX encodes ymm16-31), where the 256-bit
     * kernels sized for 32 registers (12x2, 8x3) fit.
     */
    public static int registers() {
        return registers(hardwareBits(), System.getProperty("os.arch"), useAvx());
    }

    static int registers(int hardwareBits, String arch, int useAvx) {
        return hardwareBits >= 512 || useAvx >= 3 || "aarch64".equals(arch) ? 32 : 16;
    }

    /** HotSpot's {@code UseAVX} level (3: AVX-512), or 0 where the JVM has no such option (not x86, not HotSpot). */
    static int useAvx() {
        try {
            var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
            return Integer.parseInt(hotspot.getVMOption("UseAVX").getValue());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    /** The widest vectors this machine (as the JVM runs it: {@code -XX:UseAVX=2} makes it 256) computes natively. */
    public static int hardwareBits() {
        return FloatVector.SPECIES_PREFERRED.vectorBitSize();
    }

    /** Float lanes per vector, or 1 when SIMD is switched off. */
    public static int lanes() {
        return ENABLED ? F.length() : 1;
    }

    /**
     * Sum of the lanes of {@code v}, added in lane order 0..length-1. {@code reduceLanes(ADD)} leaves the order of a
     * floating-point reduction unspecified (it may differ between the interpreter, C2 and JDKs); this one is fixed.
     */
    static float sumLanesInOrder(FloatVector v) {
        float s = 0f;
        for (int j = 0; j < v.length(); j++) s += v.lane(j);
        return s;
    }

    private Simd() {}
}
