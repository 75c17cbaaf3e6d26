package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The fused evaluation block against the three (forward) and two (backward) separate kernels it replaces, bit for
 * bit, for both twins, on odd shapes, in place and out of place, with NaN, zeros and negative inputs.
 */
class BiasBatchNormReluTest {
    private static final float EPS = 1e-5f;

    @Test
    void forwardAndBackwardGiveTheSeparateKernelsBits() {
        SplittableRandom rnd = new SplittableRandom(5);
        for (int[] s : KernelTesting.shapes()) {
            int rows = s[0], cols = s[1], n = rows * cols;
            float[] x = gaussians(rnd, n, 2), dy = gaussians(rnd, n, 1);
            float[] bias = gaussians(rnd, cols, 1), gamma = gaussians(rnd, cols, 1), beta = gaussians(rnd, cols, 1);
            float[] mean = gaussians(rnd, cols, 1), var = new float[cols], zeros = new float[cols];
            for (int c = 0; c < cols; c++) var[c] = (float) (0.01 + rnd.nextDouble() * 3);
            x[0] = Float.NaN;
            if (n > 2) x[n / 2] = -bias[(n / 2) % cols]; // a zero before the batch norm
            if (n > 3) x[n - 1] = -0f;

            // The separate kernels, scalar twins, as the layers run them.
            float[] h = x.clone(), z = new float[n], want = new float[n];
            Bias.addRowsScalar(rows, cols, h, 0, cols, bias, 0);
            BatchNorm.forwardEvalScalar(rows, cols, h, 0, cols, gamma, 0, beta, 0, EPS, mean, 0, var, 0, z, 0, cols);
            Relu.forwardScalar(n, z, 0, want, 0);
            float[] d1 = new float[n], wantDx = new float[n];
            Relu.backwardScalar(n, z, 0, dy, 0, d1, 0);
            BatchNorm.forwardEvalScalar(rows, cols, d1, 0, cols, gamma, 0, zeros, 0, EPS, zeros, 0, var, 0, wantDx, 0, cols);

            // The factors by vectors where SIMD is on: their bits must be the separate batch norm's scalar ones.
            float[] scale = BiasBatchNormRelu.scales(cols, gamma, var, EPS);
            for (boolean simd : new boolean[] {false, true}) {
                String what = (simd ? "simd " : "scalar ") + rows + "x" + cols;
                float[] y = sentinel(n + 3);
                if (simd) BiasBatchNormRelu.forwardEvalSimd(rows, cols, x, 0, bias, scale, beta, mean, y, 1);
                else BiasBatchNormRelu.forwardEvalScalar(rows, cols, x, 0, bias, scale, beta, mean, y, 1);
                assertBits(want, y, 1, what + " forward");
                float[] inPlace = x.clone();
                if (simd) BiasBatchNormRelu.forwardEvalSimd(rows, cols, inPlace, 0, bias, scale, beta, mean, inPlace, 0);
                else BiasBatchNormRelu.forwardEvalScalar(rows, cols, inPlace, 0, bias, scale, beta, mean, inPlace, 0);
                assertBits(want, inPlace, 0, what + " forward in place");

                float[] dx = sentinel(n + 3);
                if (simd) BiasBatchNormRelu.backwardEvalSimd(rows, cols, want, 0, dy, 0, scale, dx, 2);
                else BiasBatchNormRelu.backwardEvalScalar(rows, cols, want, 0, dy, 0, scale, dx, 2);
                assertBits(wantDx, dx, 2, what + " backward");
            }
        }
    }

    private static float[] gaussians(SplittableRandom rnd, int n, double scale) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (KernelTesting.gaussian(rnd) * scale);
        return a;
    }

    private static float[] sentinel(int n) {
        float[] a = new float[n];
        Arrays.fill(a, KernelTesting.SENTINEL);
        return a;
    }

    /** want equals got[off ..] bit for bit, and got is untouched (sentinel) outside it. */
    private static void assertBits(float[] want, float[] got, int off, String what) {
        for (int i = 0; i < got.length; i++) {
            int w = i >= off && i < off + want.length ? Float.floatToRawIntBits(want[i - off]) : Float.floatToRawIntBits(
                    got.length == want.length ? want[i] : KernelTesting.SENTINEL);
            assertEquals(w, Float.floatToRawIntBits(got[i]), what + " at " + i);
        }
    }
}
