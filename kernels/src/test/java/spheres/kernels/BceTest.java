package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * BCE with logits against the closed form in double (x = 0, +-20, +-100, labels 0 and 1), stable far beyond (+-1000,
 * max float). There is only the scalar loop: {@link Bce} has no SIMD twin, on purpose (its header says why), so these
 * tests pass the same with SIMD on and off.
 */
class BceTest {

    /** log(1 + exp(z)) in double, plainly: exact enough for |z| <= 700. */
    static double softplus(double z) {
        return Math.log(1 + Math.exp(z));
    }

    /** PyTorch's definition: -(y log sigmoid(x) + (1 - y) log(1 - sigmoid(x))) = y softplus(-x) + (1-y) softplus(x). */
    static double closedFormLoss(double x, double y) {
        return y * softplus(-x) + (1 - y) * softplus(x);
    }

    static double closedFormGrad(double x, double y) {
        return 1 / (1 + Math.exp(-x)) - y;
    }

    @Test
    void closedFormAtZeroTwentyHundred() {
        float[] xs = {0f, 20f, -20f, 100f, -100f, 3f, -3f, 0.5f};
        {
            for (float label : new float[] {0f, 1f}) {
                int n = 2 * L * xs.length;
                float[] x = new float[n], y = new float[n], g = new float[n];
                for (int i = 0; i < n; i++) {
                    x[i] = xs[i % xs.length];
                    y[i] = label;
                }
                float scale = 1f / n;
                double sum = Bce.withLogitsScalar(n, x, 0, y, 0, g, 0, scale);
                assertEquals(sum, Bce.withLogits(n, x, 0, y, 0, new float[n], 0, scale), "the entry point is the scalar loop");
                double want = 0;
                for (int i = 0; i < n; i++) {
                    want += closedFormLoss(x[i], label);
                    // tiny absolute slack: exp(-100) = 3.7e-44 is a float subnormal (or flushed by a vector exp)
                    assertClose(closedFormGrad(x[i], label) * scale, g[i], 1e-6, 1e-12,
                            "grad at x=" + x[i] + " y=" + label);
                    float[] one = new float[1];
                    double li = Bce.withLogitsScalar(1, x, i, y, i, one, 0, 1f);
                    assertClose(closedFormLoss(x[i], label), li, 1e-6, 1e-40, "loss at x=" + x[i] + " y=" + label);
                }
                assertClose(want, sum, 1e-6, 1e-30, "loss sum y=" + label);
            }
        }
        // spot values, so that the closed form itself is pinned: log 2 at 0, 20 + log1p(e^-20) at (20, 0)
        float[] g = new float[1];
        assertClose(Math.log(2), Bce.withLogitsScalar(1, new float[] {0f}, 0, new float[] {1f}, 0, g, 0, 1f), 1e-7, 0, "log 2");
        assertClose(-0.5, g[0], 1e-7, 0, "sigmoid(0) - 1");
        assertClose(20 + 2.061153622438558e-9, Bce.withLogitsScalar(1, new float[] {20f}, 0, new float[] {0f}, 0, g, 0, 1f),
                1e-7, 0, "x=20 y=0");
    }

    @Test
    void stableFarBeyond() {
        float[] xs = {1000f, -1000f, Float.MAX_VALUE, -Float.MAX_VALUE, 88.8f, -88.8f, 104f, -104f};
        {
            int n = 2 * L * xs.length;
            float[] x = new float[n], y = new float[n], g = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = xs[i % xs.length];
                y[i] = (i / xs.length) % 2;
            }
            double sum = Bce.withLogitsScalar(n, x, 0, y, 0, g, 0, 1f);
            assertTrue(Double.isFinite(sum), "finite loss");
            double want = 0;
            for (int i = 0; i < n; i++) {
                double xi = x[i];
                // for |x| >= 88 the softplus of the wrong side is |x| to float precision, the right side ~0
                double li = (y[i] == 1f) ? Math.max(-xi, 0) : Math.max(xi, 0);
                want += li;
                double gw = (xi > 0 ? 1 : 0) - y[i];
                assertEquals(gw, g[i], 1e-30, "grad at x=" + x[i] + " y=" + y[i]);
            }
            assertClose(want, sum, 1e-6, 1e-30, "loss sum far out");
        }
    }

    @Test
    void nullGradientGivesTheSameLoss() {
        SplittableRandom rnd = new SplittableRandom(41);
        for (int n : lengths()) {
            float[] x = vector(rnd, n, 8.0), y = uniform(rnd, n, 0, 1);
            float[] g = vector(rnd, n, 1.0);
            double l = Bce.withLogits(n, x, OFF, y, OFF, g, OFF, 1f / n);
            assertPaddingUntouched(g, 1, n, n, "grad n=" + n);
            assertEquals(l, Bce.withLogits(n, x, OFF, y, OFF, null, 0, 1f / n), 0.0, "loss without gradient n=" + n);
        }
    }

    @Test
    void meanReductionViaGradScale() {
        SplittableRandom rnd = new SplittableRandom(42);
        int n = 50;
        float[] x = vector(rnd, n, 2.0), y = uniform(rnd, n, 0, 1);
        float[] g1 = new float[x.length], gN = new float[x.length];
        Bce.withLogits(n, x, OFF, y, OFF, g1, OFF, 1f);
        Bce.withLogits(n, x, OFF, y, OFF, gN, OFF, 1f / n);
        for (int i = OFF; i < OFF + n; i++) assertClose(g1[i] / n, gN[i], 1e-6, 0, "grad scaled by 1/N");
    }
}
