package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Square: the SIMD twin gives the scalar twin's bits; values against the definition. */
class SquareTest {

    @Test
    void forwardSimdEqualsScalarBits() {
        SplittableRandom rnd = new SplittableRandom(11);
        for (int n : lengths()) {
            float[] x = vector(rnd, n, 3.0);
            float[] ys = vector(rnd, n, 1.0), yv = ys.clone();
            Square.forwardScalar(n, x, OFF, ys, OFF);
            Square.forwardSimd(n, x, OFF, yv, OFF);
            assertSameBits(ys, yv, "square forward n=" + n);
            assertPaddingUntouched(yv, 1, n, n, "square forward n=" + n);
        }
    }

    @Test
    void backwardSimdEqualsScalarBitsAndMayAliasDy() {
        SplittableRandom rnd = new SplittableRandom(12);
        for (int n : lengths()) {
            float[] x = vector(rnd, n, 3.0), dy = vector(rnd, n, 1.0);
            float[] dxs = vector(rnd, n, 1.0), dxv = dxs.clone();
            Square.backwardScalar(n, x, OFF, dy, OFF, dxs, OFF);
            Square.backwardSimd(n, x, OFF, dy, OFF, dxv, OFF);
            assertSameBits(dxs, dxv, "square backward n=" + n);
            assertPaddingUntouched(dxv, 1, n, n, "square backward n=" + n);
            float[] inPlace = dy.clone();
            Square.backwardSimd(n, x, OFF, inPlace, OFF, inPlace, OFF);
            for (int i = 0; i < n; i++) assertEquals(dxs[OFF + i], inPlace[OFF + i], "aliased dx=dy n=" + n);
        }
    }

    @Test
    void valuesAgainstDefinition() {
        SplittableRandom rnd = new SplittableRandom(13);
        int n = 2 * L + 5;
        float[] x = vector(rnd, n, 2.0), dy = vector(rnd, n, 1.0);
        for (boolean simd : new boolean[] {false, true}) {
            float[] y = new float[x.length], dx = new float[x.length];
            if (simd) {
                Square.forwardSimd(n, x, OFF, y, OFF);
                Square.backwardSimd(n, x, OFF, dy, OFF, dx, OFF);
            } else {
                Square.forwardScalar(n, x, OFF, y, OFF);
                Square.backwardScalar(n, x, OFF, dy, OFF, dx, OFF);
            }
            for (int i = OFF; i < OFF + n; i++) {
                assertClose((double) x[i] * x[i], y[i], 1e-7, 0, "x^2 simd=" + simd);
                assertClose(2.0 * x[i] * dy[i], dx[i], 1e-7, 0, "2 x dy simd=" + simd);
            }
        }
    }
}
