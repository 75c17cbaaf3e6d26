package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The yardsticks {@code spheres bench} reads every speed against. A peak that computed less than it claims would
 * make every efficiency look better, so the FMA loop is checked against a scalar model of its 12 chains (value and
 * flop count), and the STREAM loops against the element-wise definition on a window with sentinels around it.
 */
class PeakTest {
    /**
     * The 12 chains in scalar floats: chain j starts at (j + 1) y (summed as the vector code sums it), takes {@code
     * steps} fused steps c = x y + c, and every lane holds the same chains, so the lanes' sum is lanes times theirs.
     */
    private static double fma12Scalar(float x, float y, int steps) {
        float[] c = new float[12];
        c[0] = y;
        for (int j = 1; j < 12; j++) c[j] = c[j - 1] + y;
        for (int i = 0; i < steps; i++) for (int j = 0; j < 12; j++) c[j] = Math.fma(x, y, c[j]);
        float sum = c[0];
        for (int j = 1; j < 12; j++) sum += c[j];
        return (double) sum * L;
    }

    @Test
    void fmaChainsComputeWhatTheyClaim() {
        float[][] xy = {{0.999f, 1e-3f}, {0.5f, 0.25f}, {-0.75f, 1f}, {1f, 0f}};
        for (float[] p : xy) {
            for (int steps : new int[] {0, 1, 2, 7, 1000}) {
                // The lanes' order of summation is the only difference from the model: a few ulp of the sum.
                assertClose(fma12Scalar(p[0], p[1], steps), Peak.fma12(p[0], p[1], steps), 1e-6, 0,
                        "fma12(" + p[0] + ", " + p[1] + ", " + steps + ")");
            }
        }
        // The chains grow by x y a step, so they stay finite for any count of steps bench runs (its arguments, 0.999
        // and 1e-3, reach about 5,000 in Workloads.FMA_STEPS); a zero product leaves them where they started.
        float x = 0.999f, y = 1e-3f;
        float far = Peak.fma12(x, y, 5_000_000);
        assertTrue(Float.isFinite(far) && far > 12 * L * 4000f, "fma12 after 5 M steps: " + far);
        assertClose(78.0 * L, Peak.fma12(0f, 1f, 1000), 1e-6, 0, "fma12 with a zero product keeps 1 + 2 + ... + 12");
    }

    @Test
    void fmaFlopsCountTwoPerLanePerChainPerStep() {
        assertEquals(2.0 * 1000 * 12 * L, Peak.fma12Flops(1000));
        assertEquals(0.0, Peak.fma12Flops(0));
        // Large step counts must not overflow an int product.
        assertEquals(2.0 * 400_000_000 * 12 * L, Peak.fma12Flops(400_000_000));
    }

    @Test
    void streamCopyAndTriadTouchExactlyTheirWindow() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int n : lengths()) {
            float[] a = vector(rnd, n, 1.0), b = vector(rnd, n, 1.0), c = vector(rnd, n, 1.0);
            float[] copied = vector(rnd, n, 1.0);
            Peak.copy(a, copied, OFF, OFF + n);
            assertSameBits(a, copied, "copy n=" + n);

            // Finite padding: a NaN sentinel read one past the end would write the same NaN back and not show.
            float[] out = vector(rnd, n, 1.0);
            for (float[] x : new float[][] {out, b, c}) for (int i = 0; i < x.length; i++) if (i < OFF || i >= OFF + n) x[i] = 1000f + i;
            float[] want = out.clone();
            for (int i = OFF; i < OFF + n; i++) want[i] = b[i] + 0.5f * c[i];
            Peak.triad(out, b, c, 0.5f, OFF, OFF + n);
            assertSameBits(want, out, "triad n=" + n);
        }
    }
}
