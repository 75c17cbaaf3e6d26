package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise square over a contiguous range: {@code y = x * x}; backward {@code dx = 2 x dy}. Both twins give
 * the same bits ({@code 2 x} is exact).
 */
public final class Square {
    private Square() {}

    public static void forward(int n, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) forwardSimd(n, x, xOff, y, yOff);
        else forwardScalar(n, x, xOff, y, yOff);
    }

    public static void forwardScalar(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v * v;
        }
    }

    public static void forwardSimd(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector v = FloatVector.fromArray(s, x, xOff + i);
            v.mul(v).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v * v;
        }
    }

    /** {@code dx = 2 x dy}; {@code dx} may alias {@code dy}. */
    public static void backward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        if (Simd.ENABLED) backwardSimd(n, x, xOff, dy, dyOff, dx, dxOff);
        else backwardScalar(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    public static void backwardScalar(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = 2f * x[xOff + i] * dy[dyOff + i];
    }

    public static void backwardSimd(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector xv = FloatVector.fromArray(s, x, xOff + i);
            xv.add(xv).mul(FloatVector.fromArray(s, dy, dyOff + i)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) dx[dxOff + i] = 2f * x[xOff + i] * dy[dyOff + i];
    }
}
