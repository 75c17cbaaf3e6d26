package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static spheres.kernels.KernelTesting.*;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Batch norm: the SIMD twin gives the scalar twin's bits (forward train/eval, backward) on odd shapes with offsets
 * and padded leading dimensions; column blocks give the bits of one call; the scalar twin matches PyTorch's
 * BatchNorm1d computed here in double (biased variance for normalising, unbiased N/(N-1) for the running
 * variance), and backward matches a central finite difference of the forward.
 */
class BatchNormTest {
    static final float EPS = 1e-5f, MOMENTUM = 0.1f;

    /** Every array one batch-norm layer touches, each embedded with offset and padding. */
    static final class State {
        final int rows, cols, ldx, ldy;
        float[] x, gamma, beta, runMean, runVar, y, saveMean, saveInvStd, dy, dx, dGamma, dBeta;

        State(SplittableRandom rnd, int rows, int cols) {
            this.rows = rows;
            this.cols = cols;
            ldx = cols + PAD;
            ldy = cols + 2 * PAD;
            x = matrix(rnd, rows, cols, 2.0);
            for (int r = 0; r < rows; r++) for (int c = 0; c < cols; c++) x[OFF + r * ldx + c] += 0.5f * (c % 5);
            gamma = vector(rnd, cols, 1.0);
            beta = vector(rnd, cols, 1.0);
            runMean = vector(rnd, cols, 0.3);
            runVar = uniform(rnd, cols, 0.5, 2.0);
            y = new float[OFF + rows * ldy + PAD];
            Arrays.fill(y, SENTINEL);
            saveMean = vector(rnd, cols, 1.0);
            saveInvStd = vector(rnd, cols, 1.0);
            dy = new float[OFF + rows * ldy + PAD];
            Arrays.fill(dy, SENTINEL);
            for (int r = 0; r < rows; r++)
                for (int c = 0; c < cols; c++) dy[OFF + r * ldy + c] = (float) gaussian(rnd);
            dx = new float[x.length];
            Arrays.fill(dx, SENTINEL);
            dGamma = vector(rnd, cols, 1.0);
            dBeta = vector(rnd, cols, 1.0);
        }

        State deepCopy() {
            return new State(this);
        }

        private State(State o) {
            rows = o.rows;
            cols = o.cols;
            ldx = o.ldx;
            ldy = o.ldy;
            x = o.x.clone();
            gamma = o.gamma.clone();
            beta = o.beta.clone();
            runMean = o.runMean.clone();
            runVar = o.runVar.clone();
            y = o.y.clone();
            saveMean = o.saveMean.clone();
            saveInvStd = o.saveInvStd.clone();
            dy = o.dy.clone();
            dx = o.dx.clone();
            dGamma = o.dGamma.clone();
            dBeta = o.dBeta.clone();
        }

        /** forward in training mode on columns [c0, c1) */
        void train(boolean simd, int c0, int c1) {
            int n = c1 - c0;
            if (simd) BatchNorm.forwardTrainSimd(rows, n, x, OFF + c0, ldx, gamma, OFF + c0, beta, OFF + c0, MOMENTUM, EPS,
                    runMean, OFF + c0, runVar, OFF + c0, y, OFF + c0, ldy, saveMean, OFF + c0, saveInvStd, OFF + c0);
            else BatchNorm.forwardTrainScalar(rows, n, x, OFF + c0, ldx, gamma, OFF + c0, beta, OFF + c0, MOMENTUM, EPS,
                    runMean, OFF + c0, runVar, OFF + c0, y, OFF + c0, ldy, saveMean, OFF + c0, saveInvStd, OFF + c0);
        }

        void eval(boolean simd, int c0, int c1) {
            int n = c1 - c0;
            if (simd) BatchNorm.forwardEvalSimd(rows, n, x, OFF + c0, ldx, gamma, OFF + c0, beta, OFF + c0, EPS,
                    runMean, OFF + c0, runVar, OFF + c0, y, OFF + c0, ldy);
            else BatchNorm.forwardEvalScalar(rows, n, x, OFF + c0, ldx, gamma, OFF + c0, beta, OFF + c0, EPS,
                    runMean, OFF + c0, runVar, OFF + c0, y, OFF + c0, ldy);
        }

        /** backward on columns [c0, c1); dy has leading dimension ldy, dx has ldx */
        void backward(boolean simd, int c0, int c1) {
            int n = c1 - c0;
            if (simd) BatchNorm.backwardSimd(rows, n, x, OFF + c0, ldx, dy, OFF + c0, ldy, gamma, OFF + c0,
                    saveMean, OFF + c0, saveInvStd, OFF + c0, dx, OFF + c0, ldx, dGamma, OFF + c0, dBeta, OFF + c0);
            else BatchNorm.backwardScalar(rows, n, x, OFF + c0, ldx, dy, OFF + c0, ldy, gamma, OFF + c0,
                    saveMean, OFF + c0, saveInvStd, OFF + c0, dx, OFF + c0, ldx, dGamma, OFF + c0, dBeta, OFF + c0);
        }

        void assertSameBitsAs(State o, String what) {
            assertSameBits(o.y, y, what + ": y");
            assertSameBits(o.runMean, runMean, what + ": runMean");
            assertSameBits(o.runVar, runVar, what + ": runVar");
            assertSameBits(o.saveMean, saveMean, what + ": saveMean");
            assertSameBits(o.saveInvStd, saveInvStd, what + ": saveInvStd");
            assertSameBits(o.dx, dx, what + ": dx");
            assertSameBits(o.dGamma, dGamma, what + ": dGamma");
            assertSameBits(o.dBeta, dBeta, what + ": dBeta");
        }
    }

    /** One row (the kernels take it, the layer refuses it): variance 0, so running var decays by 1 - momentum, not NaN. */
    @Test
    void oneRowDecaysTheRunningVariance() {
        int cols = 2 * L + 3;
        State base = new State(new SplittableRandom(5), 1, cols);
        for (boolean simd : new boolean[] {false, true}) {
            State s = base.deepCopy();
            s.train(simd, 0, cols);
            for (int c = 0; c < cols; c++)
                assertClose((1 - MOMENTUM) * base.runVar[OFF + c], s.runVar[OFF + c], 1e-6, 0, (simd ? "simd" : "scalar") + " running var " + c);
        }
    }

    @Test
    void simdEqualsScalarBitsOnOddShapes() {
        SplittableRandom rnd = new SplittableRandom(31);
        for (int[] sh : shapes()) {
            int rows = sh[0], cols = sh[1];
            if (rows < 2) continue; // training needs two rows per column (PyTorch refuses one)
            State base = new State(rnd, rows, cols);
            State s = base.deepCopy(), v = base.deepCopy();
            s.train(false, 0, cols);
            v.train(true, 0, cols);
            s.backward(false, 0, cols);
            v.backward(true, 0, cols);
            v.assertSameBitsAs(s, "train+backward " + shape(rows, cols));
            assertPaddingUntouched(v.y, rows, cols, v.ldy, "y " + shape(rows, cols));
            assertPaddingUntouched(v.dx, rows, cols, v.ldx, "dx " + shape(rows, cols));
            assertPaddingUntouched(v.runVar, 1, cols, cols, "runVar " + shape(rows, cols));
            assertPaddingUntouched(v.saveInvStd, 1, cols, cols, "saveInvStd " + shape(rows, cols));
            State se = base.deepCopy(), ve = base.deepCopy();
            se.eval(false, 0, cols);
            ve.eval(true, 0, cols);
            ve.assertSameBitsAs(se, "eval " + shape(rows, cols));
        }
    }

    @Test
    void columnBlocksEqualOneCall() {
        SplittableRandom rnd = new SplittableRandom(32);
        for (int[] sh : new int[][] {{50, 1000}, {50, 500}, {13, 97}, {3, 3 * L + 5}}) {
            int rows = sh[0], cols = sh[1];
            State base = new State(rnd, rows, cols);
            State whole = base.deepCopy(), split = base.deepCopy();
            whole.train(true, 0, cols);
            whole.backward(true, 0, cols);
            int[] cuts = {0, 1, L + 3, 2 * L + 4, cols / 2 + 1, cols};
            Arrays.sort(cuts);
            for (int k = 0; k + 1 < cuts.length; k++) if (cuts[k + 1] > cuts[k]) split.train(true, cuts[k], cuts[k + 1]);
            for (int k = 0; k + 1 < cuts.length; k++) if (cuts[k + 1] > cuts[k]) split.backward(true, cuts[k], cuts[k + 1]);
            split.assertSameBitsAs(whole, "column blocks " + shape(rows, cols));
            State wholeEval = base.deepCopy(), splitEval = base.deepCopy();
            wholeEval.eval(true, 0, cols);
            for (int k = 0; k + 1 < cuts.length; k++) if (cuts[k + 1] > cuts[k]) splitEval.eval(true, cuts[k], cuts[k + 1]);
            splitEval.assertSameBitsAs(wholeEval, "eval column blocks " + shape(rows, cols));
        }
    }

    @Test
    void trainMatchesBatchNorm1dInDouble() {
        SplittableRandom rnd = new SplittableRandom(33);
        for (int[] sh : new int[][] {{2, 3}, {7, L + 1}, {50, 37}}) {
            int rows = sh[0], cols = sh[1];
            for (boolean simd : new boolean[] {false, true}) {
                State st = new State(rnd, rows, cols);
                State before = st.deepCopy();
                st.train(simd, 0, cols);
                for (int c = 0; c < cols; c++) {
                    double mean = 0;
                    for (int r = 0; r < rows; r++) mean += before.x[OFF + r * st.ldx + c];
                    mean /= rows;
                    double ss = 0;
                    for (int r = 0; r < rows; r++) {
                        double d = before.x[OFF + r * st.ldx + c] - mean;
                        ss += d * d;
                    }
                    double biased = ss / rows, unbiased = ss / (rows - 1);
                    double invStd = 1 / Math.sqrt(biased + EPS);
                    String at = shape(rows, cols) + " col " + c + " simd=" + simd;
                    assertClose(mean, st.saveMean[OFF + c], 1e-5, 1e-6, "saveMean " + at);
                    assertClose(invStd, st.saveInvStd[OFF + c], 1e-5, 0, "saveInvStd " + at);
                    assertClose(0.9 * before.runMean[OFF + c] + 0.1 * mean, st.runMean[OFF + c], 1e-5, 1e-6, "runMean " + at);
                    assertClose(0.9 * before.runVar[OFF + c] + 0.1 * unbiased, st.runVar[OFF + c], 1e-5, 0, "runVar " + at);
                    for (int r = 0; r < rows; r++) {
                        double want = (before.x[OFF + r * st.ldx + c] - mean) * invStd * before.gamma[OFF + c]
                                + before.beta[OFF + c];
                        assertClose(want, st.y[OFF + r * st.ldy + c], 1e-5, 1e-5, "y " + at + " row " + r);
                    }
                }
            }
        }
    }

    @Test
    void runningVarianceUsesBesselCorrection() {
        // two rows {0, 2}: batch variance 1 (biased, used to normalise), 2 (unbiased, fed to the running variance)
        for (boolean simd : new boolean[] {false, true}) {
            int rows = 2, cols = L + 1;
            float[] x = new float[rows * cols];
            for (int c = 0; c < cols; c++) x[cols + c] = 2f;
            float[] gamma = new float[cols], beta = new float[cols], rm = new float[cols], rv = new float[cols];
            Arrays.fill(gamma, 1f);
            Arrays.fill(rv, 1f);
            float[] y = new float[rows * cols], sm = new float[cols], si = new float[cols];
            if (simd) BatchNorm.forwardTrainSimd(rows, cols, x, 0, cols, gamma, 0, beta, 0, MOMENTUM, EPS, rm, 0, rv, 0,
                    y, 0, cols, sm, 0, si, 0);
            else BatchNorm.forwardTrainScalar(rows, cols, x, 0, cols, gamma, 0, beta, 0, MOMENTUM, EPS, rm, 0, rv, 0,
                    y, 0, cols, sm, 0, si, 0);
            for (int c = 0; c < cols; c++) {
                assertClose(0.9 * 1 + 0.1 * 2, rv[c], 1e-6, 0, "running var (unbiased) simd=" + simd);
                assertClose(0.1 * 1, rm[c], 1e-6, 0, "running mean simd=" + simd);
                assertClose(1 / Math.sqrt(1 + 1e-5), si[c], 1e-6, 0, "invStd from the biased variance simd=" + simd);
                assertClose(-1 / Math.sqrt(1 + 1e-5), y[c], 1e-6, 0, "y row 0 simd=" + simd);
                assertClose(1 / Math.sqrt(1 + 1e-5), y[cols + c], 1e-6, 0, "y row 1 simd=" + simd);
            }
        }
    }

    @Test
    void evalUsesRunningStatistics() {
        SplittableRandom rnd = new SplittableRandom(34);
        int rows = 5, cols = 2 * L + 1;
        for (boolean simd : new boolean[] {false, true}) {
            State st = new State(rnd, rows, cols);
            st.eval(simd, 0, cols);
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < rows; r++) {
                    double want = (st.x[OFF + r * st.ldx + c] - (double) st.runMean[OFF + c])
                            / Math.sqrt(st.runVar[OFF + c] + (double) EPS) * st.gamma[OFF + c] + st.beta[OFF + c];
                    assertClose(want, st.y[OFF + r * st.ldy + c], 1e-5, 1e-5, "eval y simd=" + simd);
                }
            }
        }
    }

    /** loss = sum_rc w[r][c] * y[r][c], y from the training forward in double. */
    static double loss(int rows, int cols, double[] x, double[] gamma, double[] beta, double[] w) {
        double l = 0;
        for (int c = 0; c < cols; c++) {
            double mean = 0;
            for (int r = 0; r < rows; r++) mean += x[r * cols + c];
            mean /= rows;
            double var = 0;
            for (int r = 0; r < rows; r++) var += (x[r * cols + c] - mean) * (x[r * cols + c] - mean);
            var /= rows;
            for (int r = 0; r < rows; r++) {
                l += w[r * cols + c] * ((x[r * cols + c] - mean) / Math.sqrt(var + EPS) * gamma[c] + beta[c]);
            }
        }
        return l;
    }

    @Test
    void backwardMatchesFiniteDifferenceOfForward() {
        SplittableRandom rnd = new SplittableRandom(35);
        int rows = 6, cols = L + 3;
        State st = new State(rnd, rows, cols);
        double[] x = new double[rows * cols], w = new double[rows * cols], gamma = new double[cols], beta = new double[cols];
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) {
                x[r * cols + c] = st.x[OFF + r * st.ldx + c];
                w[r * cols + c] = st.dy[OFF + r * st.ldy + c];
            }
        for (int c = 0; c < cols; c++) {
            gamma[c] = st.gamma[OFF + c];
            beta[c] = st.beta[OFF + c];
        }
        double h = 1e-5;
        for (boolean simd : new boolean[] {false, true}) {
            State s = st.deepCopy();
            s.train(simd, 0, cols);
            s.backward(simd, 0, cols);
            double maxDx = 0;
            for (int i = 0; i < rows * cols; i++) maxDx = Math.max(maxDx, Math.abs(s.dx[OFF + (i / cols) * s.ldx + i % cols]));
            for (int i = 0; i < rows * cols; i++) {
                double keep = x[i];
                x[i] = keep + h;
                double lp = loss(rows, cols, x, gamma, beta, w);
                x[i] = keep - h;
                double lm = loss(rows, cols, x, gamma, beta, w);
                x[i] = keep;
                assertClose((lp - lm) / (2 * h), s.dx[OFF + (i / cols) * s.ldx + i % cols], 1e-3, 1e-4 * maxDx,
                        "dL/dx[" + i + "] simd=" + simd);
            }
            for (int c = 0; c < cols; c++) {
                double keep = gamma[c];
                gamma[c] = keep + h;
                double lp = loss(rows, cols, x, gamma, beta, w);
                gamma[c] = keep - h;
                double lm = loss(rows, cols, x, gamma, beta, w);
                gamma[c] = keep;
                assertClose((lp - lm) / (2 * h), s.dGamma[OFF + c], 1e-3, 1e-5, "dL/dgamma[" + c + "] simd=" + simd);
                keep = beta[c];
                beta[c] = keep + h;
                lp = loss(rows, cols, x, gamma, beta, w);
                beta[c] = keep - h;
                lm = loss(rows, cols, x, gamma, beta, w);
                beta[c] = keep;
                assertClose((lp - lm) / (2 * h), s.dBeta[OFF + c], 1e-3, 1e-5, "dL/dbeta[" + c + "] simd=" + simd);
            }
            assertTrue(maxDx > 1e-3, "the check is not vacuous");
        }
    }
}
