package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code y += alpha x} over a contiguous range. Both twins round the product and then the sum (no fused
 * multiply-add), so they give the same bits.
 */
public final class Axpy {
    private Axpy() {}

    public static void axpy(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) axpySimd(n, alpha, x, xOff, y, yOff);
        else axpyScalar(n, alpha, x, xOff, y, yOff);
    }

    public static void axpyScalar(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }

    public static void axpySimd(int n, float alpha, float[] x, int xOff, float[] y, int yOff) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector.fromArray(s, x, xOff + i).mul(alpha).add(FloatVector.fromArray(s, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) y[yOff + i] += alpha * x[xOff + i];
    }
}
