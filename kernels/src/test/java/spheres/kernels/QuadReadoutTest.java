package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The quadratic readout: forward close to the scalar twin (the row sums are lane-parallel) and exactly its affine
 * map of the same sums; the input gradient the same bits; the parameter gradients against a double sum.
 */
class QuadReadoutTest {

    @Test
    void forwardSimdAgreesWithScalar() {
        SplittableRandom rnd = new SplittableRandom(41);
        for (int[] sh : shapes()) {
            int rows = sh[0], cols = sh[1], ld = cols + PAD;
            float[] h = matrix(rnd, rows, cols, 1.0);
            float[] ss = vector(rnd, rows, 1.0), sv = ss.clone(), ls = vector(rnd, rows, 1.0), lv = ls.clone();
            QuadReadout.forwardScalar(rows, cols, h, OFF, ld, 0.25f, -1.5f, ss, OFF, ls, OFF);
            QuadReadout.forwardSimd(rows, cols, h, OFF, ld, 0.25f, -1.5f, sv, OFF, lv, OFF);
            String what = "quad readout " + shape(rows, cols);
            assertClose(ss, sv, 1e-5, 1e-5 * Math.sqrt(cols), what + " s");
            assertClose(ls, lv, 1e-5, 1e-5 * Math.sqrt(cols), what + " logit");
            assertPaddingUntouched(sv, 1, rows, rows, what + " s");
            assertPaddingUntouched(lv, 1, rows, rows, what + " logit");
            for (int r = OFF; r < OFF + rows; r++) assertEquals(0.25f * sv[r] + -1.5f, lv[r], what + ": w s + b of the same s");
        }
    }

    @Test
    void inputGradientSimdEqualsScalarBits() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int[] sh : shapes()) {
            int rows = sh[0], cols = sh[1], ld = cols + PAD;
            float[] g = vector(rnd, rows, 1.0), dhs = matrix(rnd, rows, cols, 1.0), dhv = dhs.clone();
            QuadReadout.inputGradientScalar(rows, cols, g, OFF, 0.7f, dhs, OFF, ld);
            QuadReadout.inputGradientSimd(rows, cols, g, OFF, 0.7f, dhv, OFF, ld);
            assertSameBits(dhs, dhv, "quad readout dh " + shape(rows, cols));
            assertPaddingUntouched(dhv, rows, cols, ld, "quad readout dh " + shape(rows, cols));
            assertEquals(0.7f * g[OFF + rows - 1], dhv[OFF + (rows - 1) * ld + cols - 1], "dh value");
        }
    }

    @Test
    void paramGradientsAreDoubleSumsInRowOrder() {
        SplittableRandom rnd = new SplittableRandom(43);
        for (int rows : lengths()) {
            float[] g = vector(rnd, rows, 1.0), s = vector(rnd, rows, 3.0);
            float[] dw = {SENTINEL, 0f, SENTINEL}, db = {SENTINEL, 0f, SENTINEL};
            QuadReadout.paramGradients(rows, g, OFF, s, OFF, dw, 1, db, 1);
            double sw = 0, sb = 0;
            for (int r = OFF; r < OFF + rows; r++) {
                sw += (double) g[r] * s[r];
                sb += g[r];
            }
            assertEquals((float) sw, dw[1], "dw rows=" + rows);
            assertEquals((float) sb, db[1], "db rows=" + rows);
            assertSameBits(new float[] {SENTINEL, (float) sw, SENTINEL}, dw, "dw padding");
        }
    }
}
