package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Row norms and rescaling onto spheres: both twins against norms in double with explicit tolerances, the SIMD twin
 * close to the scalar twin, a split of the rows giving the bits of one call, zero rows left zero.
 */
class RowNormsTest {

    static double norm(float[] x, int row, int cols) {
        double s = 0;
        for (int c = 0; c < cols; c++) s += (double) x[row + c] * x[row + c];
        return Math.sqrt(s);
    }

    /** Worst-case relative error of a float sum of cols squares, halved by the square root, plus rounding. */
    static double rtol(int cols) {
        return Math.max(2e-7, cols * 6e-8);
    }

    @Test
    void normsBothTwinsAgainstDouble() {
        SplittableRandom rnd = new SplittableRandom(61);
        for (int[] sh : shapes()) {
            int rows = sh[0], cols = sh[1], ld = cols + PAD;
            float[] x = matrix(rnd, rows, cols, 1.0);
            float[] outS = vector(rnd, rows, 1.0), outV = outS.clone();
            RowNorms.normsScalar(rows, cols, x, OFF, ld, outS, OFF);
            RowNorms.normsSimd(rows, cols, x, OFF, ld, outV, OFF);
            assertPaddingUntouched(outV, 1, rows, rows, "norms " + shape(rows, cols));
            for (int r = 0; r < rows; r++) {
                double want = norm(x, OFF + r * ld, cols);
                assertClose(want, outS[OFF + r], rtol(cols), 0, "scalar norm " + shape(rows, cols) + " row " + r);
                assertClose(want, outV[OFF + r], rtol(cols), 0, "simd norm " + shape(rows, cols) + " row " + r);
            }
        }
    }

    @Test
    void rescaleOntoSpheres() {
        SplittableRandom rnd = new SplittableRandom(62);
        for (int[] sh : shapes()) {
            int rows = sh[0], cols = sh[1], ld = cols + PAD;
            float[] x = matrix(rnd, rows, cols, 3.0);
            float[] target = uniform(rnd, rows, 1.0, 1.3);
            for (int c = 0; c < cols; c++) x[OFF + c] = 0f; // row 0 is zero and must stay zero
            float[] xs = x.clone(), xv = x.clone();
            RowNorms.rescaleScalar(rows, cols, xs, OFF, ld, target, OFF);
            RowNorms.rescaleSimd(rows, cols, xv, OFF, ld, target, OFF);
            assertPaddingUntouched(xv, rows, cols, ld, "rescale " + shape(rows, cols));
            for (int c = 0; c < cols; c++) assertEquals(0, Float.floatToRawIntBits(xv[OFF + c]), "zero row stays +0");
            for (int c = 0; c < cols; c++) assertEquals(0, Float.floatToRawIntBits(xs[OFF + c]), "zero row stays +0 (scalar)");
            for (int r = 1; r < rows; r++) {
                int row = OFF + r * ld;
                String at = shape(rows, cols) + " row " + r;
                assertClose(target[OFF + r], norm(xs, row, cols), 2 * rtol(cols), 0, "scalar rescaled norm " + at);
                assertClose(target[OFF + r], norm(xv, row, cols), 2 * rtol(cols), 0, "simd rescaled norm " + at);
                // the direction is kept: same scaling factor on every element, up to rounding
                double k = target[OFF + r] / norm(x, row, cols);
                for (int c = 0; c < cols; c++) {
                    assertClose(k * x[row + c], xv[row + c], 2 * rtol(cols), 0, "direction " + at + " col " + c);
                }
            }
        }
    }

    @Test
    void rowBlocksEqualOneCall() {
        SplittableRandom rnd = new SplittableRandom(63);
        int rows = 50, cols = 500, ld = cols + PAD;
        float[] x = matrix(rnd, rows, cols, 1.0);
        float[] whole = new float[rows], split = new float[rows];
        RowNorms.normsSimd(rows, cols, x, OFF, ld, whole, 0);
        float[] xw = x.clone(), xsplit = x.clone(), target = uniform(rnd, rows, 1, 2);
        RowNorms.rescaleSimd(rows, cols, xw, OFF, ld, target, OFF);
        int[] cuts = {0, 1, 7, 26, 50};
        for (int k = 0; k + 1 < cuts.length; k++) {
            int r0 = cuts[k], n = cuts[k + 1] - r0;
            RowNorms.normsSimd(n, cols, x, OFF + r0 * ld, ld, split, r0);
            RowNorms.rescaleSimd(n, cols, xsplit, OFF + r0 * ld, ld, target, OFF + r0);
        }
        assertSameBits(whole, split, "norms row blocks");
        assertSameBits(xw, xsplit, "rescale row blocks");
    }

    @Test
    void rescaledRowHasTheNormThatNormsReports() {
        SplittableRandom rnd = new SplittableRandom(64);
        int rows = 20, cols = 1009;
        float[] x = matrix(rnd, rows, cols, 1.0), norms = new float[rows];
        RowNorms.normsSimd(rows, cols, x, OFF, cols + PAD, norms, 0);
        float[] ones = new float[OFF + rows];
        java.util.Arrays.fill(ones, 1f);
        RowNorms.rescaleSimd(rows, cols, x, OFF, cols + PAD, ones, OFF);
        RowNorms.normsSimd(rows, cols, x, OFF, cols + PAD, norms, 0);
        for (int r = 0; r < rows; r++) assertClose(1.0, norms[r], rtol(cols), 0, "unit sphere row " + r);
    }
}
