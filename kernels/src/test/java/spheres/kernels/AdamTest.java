package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Adam: the SIMD twin gives the scalar twin's bits; the first step moves each parameter by about lr * sign(g);
 * several steps match torch.optim.Adam's update written here in double.
 */
class AdamTest {
    static final float LR = 1e-3f, B1 = 0.9f, B2 = 0.999f, EPS = 1e-8f;

    @Test
    void simdEqualsScalarBitsOverSteps() {
        SplittableRandom rnd = new SplittableRandom(51);
        for (int n : lengths()) {
            float[] p = vector(rnd, n, 1.0), m = vector(rnd, n, 0.0), v = vector(rnd, n, 0.0);
            float[] ps = p.clone(), ms = m.clone(), vs = v.clone(), pv = p.clone(), mv = m.clone(), vv = v.clone();
            for (long t = 1; t <= 3; t++) {
                float[] g = vector(rnd, n, 0.1 * t);
                Adam.stepScalar(n, ps, OFF, g, OFF, ms, OFF, vs, OFF, LR, B1, B2, EPS, t);
                Adam.stepSimd(n, pv, OFF, g, OFF, mv, OFF, vv, OFF, LR, B1, B2, EPS, t);
            }
            assertSameBits(ps, pv, "p n=" + n);
            assertSameBits(ms, mv, "m n=" + n);
            assertSameBits(vs, vv, "v n=" + n);
            assertPaddingUntouched(pv, 1, n, n, "p n=" + n);
        }
    }

    @Test
    void firstStepMovesByLrTimesSign() {
        SplittableRandom rnd = new SplittableRandom(52);
        int n = 97;
        for (boolean simd : new boolean[] {false, true}) {
            float[] p = vector(rnd, n, 1.0), g = vector(rnd, n, 1.0), m = new float[p.length], v = new float[p.length];
            for (int i = OFF; i < OFF + n; i++) if (Math.abs(g[i]) < 1e-3f) g[i] = 1e-3f; // |g| >> eps
            float[] p0 = p.clone();
            if (simd) Adam.stepSimd(n, p, OFF, g, OFF, m, OFF, v, OFF, LR, B1, B2, EPS, 1);
            else Adam.stepScalar(n, p, OFF, g, OFF, m, OFF, v, OFF, LR, B1, B2, EPS, 1);
            for (int i = OFF; i < OFF + n; i++) {
                // m^ = g, v^ = g^2: the step is lr * g / (|g| + eps); float rounding of p (|p| ~ 1) is ~6e-8
                assertClose(-LR * Math.signum(g[i]), (double) p[i] - p0[i], 2e-4, 2e-7, "first step simd=" + simd);
                assertClose((1 - B1) * g[i], m[i], 1e-6, 0, "m after one step");
                assertClose((1 - B2) * (double) g[i] * g[i], v[i], 1e-5, 0, "v after one step");
            }
        }
    }

    @Test
    void matchesTorchAdamInDouble() {
        SplittableRandom rnd = new SplittableRandom(53);
        int n = 2 * L + 7, steps = 20;
        double lr = 0.01, b1 = 0.8, b2 = 0.95, eps = 1e-6; // far from the defaults so that bias correction matters
        for (boolean simd : new boolean[] {false, true}) {
            float[] p = vector(rnd, n, 1.0), m = new float[p.length], v = new float[p.length];
            double[] pd = new double[n], md = new double[n], vd = new double[n];
            for (int i = 0; i < n; i++) pd[i] = p[OFF + i];
            for (int t = 1; t <= steps; t++) {
                float[] g = vector(rnd, n, 1.0);
                if (simd) Adam.stepSimd(n, p, OFF, g, OFF, m, OFF, v, OFF, (float) lr, (float) b1, (float) b2, (float) eps, t);
                else Adam.stepScalar(n, p, OFF, g, OFF, m, OFF, v, OFF, (float) lr, (float) b1, (float) b2, (float) eps, t);
                // torch.optim.Adam, single-tensor path
                double bc1 = 1 - Math.pow(b1, t), bc2 = 1 - Math.pow(b2, t);
                for (int i = 0; i < n; i++) {
                    double gi = g[OFF + i];
                    md[i] = b1 * md[i] + (1 - b1) * gi;
                    vd[i] = b2 * vd[i] + (1 - b2) * gi * gi;
                    pd[i] -= lr / bc1 * md[i] / (Math.sqrt(vd[i]) / Math.sqrt(bc2) + eps);
                }
            }
            for (int i = 0; i < n; i++) {
                assertClose(md[i], m[OFF + i], 1e-5, 1e-7, "m[" + i + "] simd=" + simd);
                assertClose(vd[i], v[OFF + i], 1e-5, 1e-9, "v[" + i + "] simd=" + simd);
                // 20 steps of size ~lr: float rounding of p and of the 1e-2 steps stays below 1e-5 absolute
                assertClose(pd[i], p[OFF + i], 0, 1e-5, "p[" + i + "] simd=" + simd);
            }
        }
    }

    @Test
    void rejectsStepZero() {
        float[] a = new float[4];
        assertThrows(IllegalArgumentException.class, () -> Adam.step(4, a, 0, a.clone(), 0, a.clone(), 0, a.clone(), 0,
                LR, B1, B2, EPS, 0));
        Adam.step(4, a, 0, a.clone(), 0, a.clone(), 0, a.clone(), 0, LR, B1, B2, EPS, 1); // the first step is 1
    }
}
