package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * ReLU over a contiguous range: {@code y = max(x, 0)}; backward {@code dx = x <= 0 ? 0 : dy}.
 *
 * <p>As PyTorch ({@code clamp_min} forward, {@code threshold_backward}): a NaN input stays NaN in the forward pass
 * and lets the gradient through in the backward pass, so a NaN is never hidden from the divergence check. Both
 * twins give the same bits.
 */
public final class Relu {
    private Relu() {}

    public static void forward(int n, float[] x, int xOff, float[] y, int yOff) {
        if (Simd.ENABLED) forwardSimd(n, x, xOff, y, yOff);
        else forwardScalar(n, x, xOff, y, yOff);
    }

    public static void forwardScalar(int n, float[] x, int xOff, float[] y, int yOff) {
        for (int i = 0; i < n; i++) {
            float v = x[xOff + i];
            y[yOff + i] = Math.max(v, 0f); // NaN stays NaN, like torch.relu
        }
    }

    public static void forwardSimd(int n, float[] x, int xOff, float[] y, int yOff) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector.fromArray(s, x, xOff + i).max(0f).intoArray(y, yOff + i); // lanewise Math.max
        }
        for (; i < n; i++) y[yOff + i] = Math.max(x[xOff + i], 0f);
    }

    /** {@code dx = x <= 0 ? 0 : dy} (a NaN {@code x} passes {@code dy}); {@code dx} may alias {@code dy}. */
    public static void backward(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        if (Simd.ENABLED) backwardSimd(n, x, xOff, dy, dyOff, dx, dxOff);
        else backwardScalar(n, x, xOff, dy, dyOff, dx, dxOff);
    }

    public static void backwardScalar(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        for (int i = 0; i < n; i++) dx[dxOff + i] = x[xOff + i] <= 0f ? 0f : dy[dyOff + i];
    }

    public static void backwardSimd(int n, float[] x, int xOff, float[] dy, int dyOff, float[] dx, int dxOff) {
        VectorSpecies<Float> s = Simd.F;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector xv = FloatVector.fromArray(s, x, xOff + i);
            FloatVector.fromArray(s, dy, dyOff + i).blend(0f, xv.compare(VectorOperators.LE, 0f)).intoArray(dx, dxOff + i);
        }
        for (; i < n; i++) dx[dxOff + i] = x[xOff + i] <= 0f ? 0f : dy[dyOff + i];
    }
}
