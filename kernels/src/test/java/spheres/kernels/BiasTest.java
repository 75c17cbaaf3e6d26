package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static spheres.kernels.KernelTesting.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Bias add, column sums and row sums. addRows and columnSums: the SIMD twin gives the scalar twin's bits, and a
 * split of the columns into blocks gives the bits of one call. rowSums: close to the scalar twin, and a split of
 * the rows gives the bits of one call.
 */
class BiasTest {

    @Test
    void addRowsSimdEqualsScalarBits() {
        SplittableRandom rnd = new SplittableRandom(21);
        for (int[] sh : shapes()) {
            int rows = sh[0], cols = sh[1], ld = cols + PAD;
            float[] x = matrix(rnd, rows, cols, 1.0), bias = vector(rnd, cols, 1.0);
            float[] xs = x.clone(), xv = x.clone();
            Bias.addRowsScalar(rows, cols, xs, OFF, ld, bias, OFF);
            Bias.addRowsSimd(rows, cols, xv, OFF, ld, bias, OFF);
            assertSameBits(xs, xv, "addRows " + shape(rows, cols));
            assertPaddingUntouched(xv, rows, cols, ld, "addRows " + shape(rows, cols));
            int r = rows - 1, c = cols / 2;
            assertEquals(x[OFF + r * ld + c] + bias[OFF + c], xv[OFF + r * ld + c], "addRows value");
        }
    }

    @Test
    void columnSumsSimdEqualsScalarBits() {
        SplittableRandom rnd = new SplittableRandom(22);
        for (int[] sh : shapes()) {
            int rows = sh[0], cols = sh[1], ld = cols + PAD;
            float[] x = matrix(rnd, rows, cols, 1.0);
            for (float beta : new float[] {0f, 1f, 0.5f}) {
                float[] outS = vector(rnd, cols, 1.0), outV = outS.clone();
                Bias.columnSumsScalar(rows, cols, x, OFF, ld, beta, outS, OFF);
                Bias.columnSumsSimd(rows, cols, x, OFF, ld, beta, outV, OFF);
                assertSameBits(outS, outV, "columnSums " + shape(rows, cols) + " beta=" + beta);
                assertPaddingUntouched(outV, 1, cols, cols, "columnSums " + shape(rows, cols));
            }
        }
    }

    @Test
    void columnSumsOfColumnBlocksEqualOneCall() {
        SplittableRandom rnd = new SplittableRandom(23);
        for (int[] sh : new int[][] {{50, 1000}, {50, 500}, {13, 97}, {7, 3 * L + 5}}) {
            int rows = sh[0], cols = sh[1], ld = cols + PAD;
            float[] x = matrix(rnd, rows, cols, 1.0);
            float[] whole = vector(rnd, cols, 1.0), split = whole.clone();
            Bias.columnSumsSimd(rows, cols, x, OFF, ld, 1f, whole, OFF);
            // blocks whose boundaries move columns between the vector body and the scalar tail
            int[] cuts = {0, 1, L + 3, 2 * L + 4, cols / 2 + 1, cols};
            Arrays.sort(cuts);
            for (int k = 0; k + 1 < cuts.length; k++) {
                int c0 = Math.min(cuts[k], cols), c1 = Math.min(cuts[k + 1], cols);
                if (c1 > c0) Bias.columnSumsSimd(rows, c1 - c0, x, OFF + c0, ld, 1f, split, OFF + c0);
            }
            assertSameBits(whole, split, "columnSums blocks " + shape(rows, cols));
        }
    }

    @Test
    void columnSumsAgainstDoubleSums() {
        SplittableRandom rnd = new SplittableRandom(24);
        int rows = 50, cols = 2 * L + 3, ld = cols + PAD;
        float[] x = matrix(rnd, rows, cols, 1.0);
        for (boolean simd : new boolean[] {false, true}) {
            float[] out = new float[OFF + cols + PAD];
            Arrays.fill(out, Float.NaN); // beta = 0 must ignore what is there, NaN included
            if (simd) Bias.columnSumsSimd(rows, cols, x, OFF, ld, 0f, out, OFF);
            else Bias.columnSumsScalar(rows, cols, x, OFF, ld, 0f, out, OFF);
            float[] acc = out.clone();
            for (int c = 0; c < cols; c++) acc[OFF + c] = 2f;
            if (simd) Bias.columnSumsSimd(rows, cols, x, OFF, ld, 0.5f, acc, OFF);
            else Bias.columnSumsScalar(rows, cols, x, OFF, ld, 0.5f, acc, OFF);
            for (int c = 0; c < cols; c++) {
                double s = 0, abs = 0;
                for (int r = 0; r < rows; r++) {
                    s += x[OFF + r * ld + c];
                    abs += Math.abs(x[OFF + r * ld + c]);
                }
                double tol = rows * 1.2e-7 * abs;
                assertClose(s, out[OFF + c], 0, tol, "sum of column " + c + " simd=" + simd);
                assertClose(1.0 + s, acc[OFF + c], 0, tol + 1e-6, "0.5*2 + sum of column " + c + " simd=" + simd);
            }
        }
    }

    @Test
    void rowSumsSimdCloseToScalar() {
        SplittableRandom rnd = new SplittableRandom(25);
        for (int[] sh : shapes()) {
            int rows = sh[0], cols = sh[1], ld = cols + PAD;
            float[] x = matrix(rnd, rows, cols, 1.0);
            float[] outS = vector(rnd, rows, 1.0), outV = outS.clone();
            Bias.rowSumsScalar(rows, cols, x, OFF, ld, outS, OFF);
            Bias.rowSumsSimd(rows, cols, x, OFF, ld, outV, OFF);
            assertPaddingUntouched(outV, 1, rows, rows, "rowSums " + shape(rows, cols));
            for (int r = 0; r < rows; r++) {
                double exact = 0, abs = 0;
                for (int c = 0; c < cols; c++) {
                    exact += x[OFF + r * ld + c];
                    abs += Math.abs(x[OFF + r * ld + c]);
                }
                // both orders are within the worst-case bound cols * u * sum|x| of the exact sum
                double tol = cols * 6e-8 * abs;
                assertClose(exact, outS[OFF + r], 0, tol, "rowSums scalar " + shape(rows, cols) + " row " + r);
                assertClose(exact, outV[OFF + r], 0, tol, "rowSums simd " + shape(rows, cols) + " row " + r);
            }
        }
    }

    @Test
    void rowSumsOfRowBlocksEqualOneCall() {
        SplittableRandom rnd = new SplittableRandom(26);
        int rows = 50, cols = 1000, ld = cols + PAD;
        float[] x = matrix(rnd, rows, cols, 1.0);
        float[] whole = new float[rows], split = new float[rows];
        Bias.rowSumsSimd(rows, cols, x, OFF, ld, whole, 0);
        int[] cuts = {0, 1, 7, 26, 50};
        for (int k = 0; k + 1 < cuts.length; k++) {
            Bias.rowSumsSimd(cuts[k + 1] - cuts[k], cols, x, OFF + cuts[k] * ld, ld, split, cuts[k]);
        }
        assertSameBits(whole, split, "rowSums row blocks");
    }
}
