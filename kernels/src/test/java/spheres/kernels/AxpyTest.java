package spheres.kernels;

import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Axpy: the SIMD twin gives the scalar twin's bits; values against the definition. */
class AxpyTest {

    @Test
    void simdEqualsScalarBits() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int n : lengths()) {
            for (float alpha : new float[] {1f, -1f, -0.75f, 3.1f}) {
                float[] x = vector(rnd, n, 2.0), ys = vector(rnd, n, 1.0), yv = ys.clone(), y0 = ys.clone();
                Axpy.axpyScalar(n, alpha, x, OFF, ys, OFF);
                Axpy.axpySimd(n, alpha, x, OFF, yv, OFF);
                assertSameBits(ys, yv, "axpy n=" + n + " alpha=" + alpha);
                assertPaddingUntouched(yv, 1, n, n, "axpy n=" + n);
                for (int i = OFF; i < OFF + n; i++) assertClose(y0[i] + (double) alpha * x[i], yv[i], 1e-6, 1e-7, "y + alpha x");
            }
        }
    }
}
