package spheres.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import spheres.engine.Tensor;
import spheres.kernels.Gemm;

/**
 * The sgemm kernel with other tile sizes than the device's default (the GPU default and larger ones bench/gpu/run.sh
 * sweeps among them, which a PoCL run would otherwise never build): every transposition on shapes that leave
 * partial tiles, against the scalar twin.
 */
class GemmTilesTest {
    @ParameterizedTest
    @ValueSource(strings = {"64,64,16,4,4", "64,64,16,8,8", "8,12,4,2,3", "128,32,8,8,2", "128,128,16,8,8", "128,64,16,8,4"})
    void everyTranspositionMatchesTheScalarTwin(String tiles) {
        OpenClDevices.Found dev = OpenClTesting.device();
        SplittableRandom rng = new SplittableRandom(7);
        try (OpenClBackend be = new OpenClBackend(dev, GemmTiles.parse(tiles))) {
            int m = 67, n = 45, k = 131;
            for (boolean ta : new boolean[] {false, true})
                for (boolean tb : new boolean[] {false, true}) {
                    float[] a = random(rng, m * k), b = random(rng, k * n), c = random(rng, m * n);
                    Tensor A = ta ? be.upload(a, k, m) : be.upload(a, m, k), B = tb ? be.upload(b, n, k) : be.upload(b, k, n);
                    Tensor C = be.upload(c, m, n);
                    be.gemm(ta, tb, 0.5f, A, B, 2f, C);
                    float[] want = c.clone(), got = be.download(C);
                    Gemm.gemmScalar(ta, tb, m, n, k, 0.5f, a, 0, ta ? m : k, b, 0, tb ? k : n, 2f, want, 0, n);
                    for (int i = 0; i < want.length; i++)
                        assertEquals(want[i], got[i], 1e-4 + 1e-5 * Math.abs(want[i]), tiles + " ta=" + ta + " tb=" + tb + " at " + i);
                }
        }
    }

    private static float[] random(SplittableRandom rng, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) (rng.nextDouble() * 2 - 1);
        return x;
    }

    private static OpenClDevices.Device device(String type, long maxWorkGroup, long localMemBytes) {
        return new OpenClDevices.Device(0, "test", "test " + type, type, 8, 1L << 30, localMemBytes, maxWorkGroup, true);
    }

    /** The device type's first tiles where they fit, smaller ones where the work-group or local memory is short. */
    @Test
    void defaultsFollowTheDeviceTypeAndLimits() {
        assertEquals(GemmTiles.parse("64,64,16,4,4"), GemmTiles.defaultFor(device("GPU", 1024, 48 << 10)));
        assertEquals(GemmTiles.parse("64,64,16,8,8"), GemmTiles.defaultFor(device("CPU", 4096, 4 << 20)));
        for (String type : new String[] {"GPU", "CPU"})
            for (long[] limits : new long[][] {{128, 48 << 10}, {1024, 4 << 10}, {32, 2 << 10}, {16, 1 << 10}, {1, 1 << 10}}) {
                OpenClDevices.Device d = device(type, limits[0], limits[1]);
                GemmTiles t = GemmTiles.defaultFor(d);
                if (limits[0] >= 16) assertTrue(t.fits(d), t + " on " + d);
                else assertThrows(IllegalArgumentException.class, () -> t.check(d), t + " on " + d);
            }
        assertTrue(GemmTiles.defaultFor(device("GPU", 128, 48 << 10)).threads() <= 128);
    }

    @Test
    void thePropertyOverridesTheDefault() {
        System.setProperty(GemmTiles.PROPERTY, "32,64,8,4,8");
        try {
            assertEquals(new GemmTiles(32, 64, 8, 4, 8), GemmTiles.defaultFor(device("GPU", 1024, 48 << 10)));
        } finally {
            System.clearProperty(GemmTiles.PROPERTY);
        }
    }

    @Test
    void badTilesAreOneLineNamingTheRule() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GemmTiles.parse("64,64"));
        assertTrue(e.getMessage().startsWith("spheres.opencl.tiles = '64,64': expected TSM,TSN,TSK,WPTM,WPTN"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmTiles.parse("64,64,16,3,4"));
        assertTrue(e.getMessage().contains("WPTM dividing TSM"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> GemmTiles.parse("64,64,6,4,4"));
        assertTrue(e.getMessage().contains("multiples of 4"), e.getMessage());
    }
}
