package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** ReLU: the SIMD twin gives the scalar twin's bits on odd sizes; the scalar twin follows PyTorch, NaN included. */
class ReluTest {

    @Test
    void forwardSimdEqualsScalarBits() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int n : lengths()) {
            float[] x = vector(rnd, n, 1.0);
            float[] ys = vector(rnd, n, 1.0), yv = ys.clone();
            Relu.forwardScalar(n, x, OFF, ys, OFF);
            Relu.forwardSimd(n, x, OFF, yv, OFF);
            assertSameBits(ys, yv, "relu forward n=" + n);
            assertPaddingUntouched(yv, 1, n, n, "relu forward n=" + n);
        }
    }

    @Test
    void backwardSimdEqualsScalarBitsAndMayAliasDy() {
        SplittableRandom rnd = new SplittableRandom(2);
        for (int n : lengths()) {
            float[] x = vector(rnd, n, 1.0), dy = vector(rnd, n, 1.0);
            for (int i = OFF; i < OFF + n; i += 3) x[i] = i % 2 == 0 ? 0f : -0f; // the kink: relu'(0) = 0, as PyTorch
            float[] dxs = new float[dy.length], dxv = new float[dy.length];
            Relu.backwardScalar(n, x, OFF, dy, OFF, dxs, OFF);
            Relu.backwardSimd(n, x, OFF, dy, OFF, dxv, OFF);
            assertSameBits(dxs, dxv, "relu backward n=" + n);
            float[] inPlace = dy.clone();
            Relu.backwardSimd(n, x, OFF, inPlace, OFF, inPlace, OFF);
            for (int i = 0; i < n; i++) assertEquals(dxs[OFF + i], inPlace[OFF + i], "aliased dx=dy n=" + n + " i=" + i);
        }
    }

    @Test
    void forwardSemanticsLikeTorchRelu() {
        float[] x = {-2f, -0f, 0f, 1e-30f, 3.5f, Float.NaN, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY,
            -1f, 2f, -3f, 4f, -5f, 6f, -7f, 8f, -9f, 10f, Float.NaN, -1e-30f};
        float[] want = {0f, 0f, 0f, 1e-30f, 3.5f, Float.NaN, 0f, Float.POSITIVE_INFINITY,
            0f, 2f, 0f, 4f, 0f, 6f, 0f, 8f, 0f, 10f, Float.NaN, 0f};
        for (boolean simd : new boolean[] {false, true}) {
            float[] y = new float[x.length];
            if (simd) Relu.forwardSimd(x.length, x, 0, y, 0);
            else Relu.forwardScalar(x.length, x, 0, y, 0);
            for (int i = 0; i < x.length; i++) {
                assertEquals(want[i], y[i], "relu(" + x[i] + ") simd=" + simd); // assertEquals(float) treats NaN == NaN
                if (x[i] == 0f) assertEquals(0, Float.floatToRawIntBits(y[i]), "relu(" + x[i] + ") is +0");
            }
        }
    }

    @Test
    void backwardPassesGradientWhereInputPositiveOrNaN() {
        // torch threshold_backward: x <= 0 ? 0 : dy, so a NaN input lets the gradient through
        float[] x = {-1f, 0f, -0f, 2f, Float.NaN, 1e-30f, -1e-30f, 5f, -1f, 0f, -0f, 2f, Float.NaN, 1e-30f, -1e-30f, 5f, 3f};
        float[] dy = new float[x.length];
        for (int i = 0; i < dy.length; i++) dy[i] = i + 1;
        for (boolean simd : new boolean[] {false, true}) {
            float[] dx = new float[x.length];
            if (simd) Relu.backwardSimd(x.length, x, 0, dy, 0, dx, 0);
            else Relu.backwardScalar(x.length, x, 0, dy, 0, dx, 0);
            for (int i = 0; i < x.length; i++) {
                float want = (x[i] > 0f || Float.isNaN(x[i])) ? dy[i] : 0f;
                assertEquals(want, dx[i], "relu backward at x=" + x[i] + " simd=" + simd);
            }
        }
    }

    @Test
    void dispatcherFollowsTheSwitch() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 3 * L + 1;
        float[] x = vector(rnd, n, 1.0), y = new float[x.length], want = new float[x.length];
        Relu.forward(n, x, OFF, y, OFF);
        if (Simd.ENABLED) Relu.forwardSimd(n, x, OFF, want, OFF);
        else Relu.forwardScalar(n, x, OFF, want, OFF);
        assertSameBits(want, y, "dispatcher");
        assertTrue(y[OFF] >= 0f);
    }
}
