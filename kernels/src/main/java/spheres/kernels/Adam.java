package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * One Adam step with bias correction, as {@code torch.optim.Adam} (no weight decay, no amsgrad):
 * {@code m = b1 m + (1-b1) g}, {@code v = b2 v + (1-b2) g^2},
 * {@code p -= lr / (1 - b1^t) * m / (sqrt(v) / sqrt(1 - b2^t) + eps)} for step {@code t >= 1}.
 *
 * <p>The SIMD twin does the same float operations in the same order (no fused multiply-add; vector square root is
 * correctly rounded like {@code (float) Math.sqrt}), so both twins give the same bits. The loop is memory-bound
 * (28 bytes per parameter), so fusing would buy nothing.
 */
public final class Adam {
    private Adam() {}

    public static void step(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                            float lr, float beta1, float beta2, float eps, long t) {
        if (t < 1) throw new IllegalArgumentException("Adam step t = " + t + ", expected t >= 1 (steps count from 1)");
        if (Simd.ENABLED) stepSimd(n, p, pOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, t);
        else stepScalar(n, p, pOff, g, gOff, m, mOff, v, vOff, lr, beta1, beta2, eps, t);
    }

    /** {@code lr / (1 - beta1^t)}, in double as PyTorch computes it, then rounded once. */
    public static float stepSize(float lr, float beta1, long t) {
        return (float) (lr / (1.0 - Math.pow(beta1, t)));
    }

    /** {@code 1 / sqrt(1 - beta2^t)}. */
    public static float invSqrtBias2(float beta2, long t) {
        return (float) (1.0 / Math.sqrt(1.0 - Math.pow(beta2, t)));
    }

    public static void stepScalar(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                                  float lr, float beta1, float beta2, float eps, long t) {
        float stepSize = stepSize(lr, beta1, t), ib2 = invSqrtBias2(beta2, t);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        for (int i = 0; i < n; i++) {
            float gi = g[gOff + i];
            float mi = beta1 * m[mOff + i] + c1 * gi;
            float vi = beta2 * v[vOff + i] + c2 * gi * gi;
            m[mOff + i] = mi;
            v[vOff + i] = vi;
            p[pOff + i] -= stepSize * mi / ((float) Math.sqrt(vi) * ib2 + eps);
        }
    }

    public static void stepSimd(int n, float[] p, int pOff, float[] g, int gOff, float[] m, int mOff, float[] v, int vOff,
                                float lr, float beta1, float beta2, float eps, long t) {
        VectorSpecies<Float> s = Simd.F;
        float stepSize = stepSize(lr, beta1, t), ib2 = invSqrtBias2(beta2, t);
        float c1 = 1f - beta1, c2 = 1f - beta2;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector gi = FloatVector.fromArray(s, g, gOff + i);
            FloatVector mi = FloatVector.fromArray(s, m, mOff + i).mul(beta1).add(gi.mul(c1));
            FloatVector vi = FloatVector.fromArray(s, v, vOff + i).mul(beta2).add(gi.mul(c2).mul(gi));
            mi.intoArray(m, mOff + i);
            vi.intoArray(v, vOff + i);
            FloatVector.fromArray(s, p, pOff + i).sub(mi.mul(stepSize).div(vi.sqrt().mul(ib2).add(eps)))
                    .intoArray(p, pOff + i);
        }
        if (i < n) stepScalar(n - i, p, pOff + i, g, gOff + i, m, mOff + i, v, vOff + i, lr, beta1, beta2, eps, t);
    }
}
