package spheres.kernels;

/** ReLU over a contiguous range: {@code y = max(x, 0)}; backward {@code dx = x > 0 ? dy : 0}. */
public final class Relu {
    private Relu() {}

    public static void forward(int n, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) forwardSimd(n, x, xOff, y, yOff);
        else forwardScalar(n, x, xOff, y, yOff);
    }

    public static void forwardScalar(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = v > 0f ? v : 0f;
        }
    }

    public static void forwardSimd(int n, float[] x, int xOff, float[] y, int yOff) {
        forwardScalar(n, x, xOff, y, yOff);
    }

    /** {@code dx = x > 0 ? dy : 0}; {@code dx} may alias {@code dy}. */
    public static void backward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        if (Simd.ENABLED) backwardSimd(n, x, xOff, dy, dyOff, dx, dxOff);
        else backwardScalar(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    public static void backwardScalar(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = x[xOff + i] > 0f ? dy[dyOff + i] : 0f;
    }

    public static void backwardSimd(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        backwardScalar(n, x, xOff, dy, dyOff, dx, dxOff);
    }
}
