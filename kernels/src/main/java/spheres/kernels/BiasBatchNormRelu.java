package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The hidden block of the paper's net in evaluation mode, {@code y = relu(bn_eval(x + bias))}, in one pass instead of
 * three (bias, batch norm, ReLU each read and wrote the whole activation), and its input gradient
 * {@code dx = bn_eval'(relu'(dy))} in one pass instead of two. An evaluation and an attack (whose weights and
 * statistics never change) run it; training keeps the separate layers.
 *
 * <p>Per element it does the float operations of {@link Bias#addRows}, {@link BatchNorm#forwardEval} and
 * {@link Relu#forward} (and of their backward: {@link Relu#backward}, then the evaluation map with zero mean and shift
 * that {@code BatchNorm1d} uses for its input gradient) in the same order, so the fused result has the bits of the
 * separate ones. The ReLU mask comes from the output: {@code y <= 0} exactly where the ReLU's input was {@code <= 0}
 * (NaN passes both ways). Rows are independent, so any split of the rows gives the same bits.
 */
public final class BiasBatchNormRelu {
    private BiasBatchNormRelu() {}

    /**
     * The per-column factor {@code gamma[c] / sqrt(runVar[c] + eps)} of both passes, worked out once per operation by
     * its caller rather than per block of rows with a new array each (no change in speed was measurable; the 5 % JFR
     * gave it was sampling bias, bench/RESULTS-gemm.md), with the arithmetic of
     * {@link BatchNorm#forwardEval}: vectors up to the species' bound, the scalar form after it (the same bits: both
     * round a correctly rounded square root and quotient), the scalar form throughout with SIMD off.
     */
    public static float[] scales(int cols, float[] gamma, float[] runVar, float eps) {
        float[] g = new float[cols];
        int c = 0;
        if (Simd.ENABLED) {
            VectorSpecies<Float> s = Simd.F;
            for (int bound = s.loopBound(cols); c < bound; c += s.length()) {
                FloatVector.fromArray(s, gamma, c).mul(BatchNorm.invStd(FloatVector.fromArray(s, runVar, c), eps)).intoArray(g, c);
            }
        }
        for (; c < cols; c++) g[c] = gamma[c] * BatchNorm.invStd(runVar[c], eps);
        return g;
    }

    /** {@code y = max((x + bias - runMean) * scale + beta, 0)}, scale from {@link #scales}. */
    public static void forwardEval(int rows, int cols, float[] x, int xOff, float[] bias, float[] scale, float[] beta,
                                   float[] runMean, float[] y, int yOff) {
        if (Simd.ENABLED) forwardEvalSimd(rows, cols, x, xOff, bias, scale, beta, runMean, y, yOff);
        else forwardEvalScalar(rows, cols, x, xOff, bias, scale, beta, runMean, y, yOff);
    }

    /** Rows of {@code cols} floats from {@code xOff} and {@code yOff} (x and y may be the same array and offset). */
    public static void forwardEvalScalar(int rows, int cols, float[] x, int xOff, float[] bias, float[] scale, float[] beta,
                                         float[] runMean, float[] y, int yOff) {
        for (int c = 0; c < cols; c++) {
            float g = scale[c], m = runMean[c], b = beta[c], bi = bias[c];
            for (int r = 0; r < rows; r++) {
                float h = x[xOff + r * cols + c] + bi;
                y[yOff + r * cols + c] = Math.max((h - m) * g + b, 0f);
            }
        }
    }

    /**
     * Row by row, each row's columns in order: a pass down the columns of a 1000-wide activation steps 4 KB from row
     * to row, a new page each time, and its last columns (1000 = 62 x 16 + 8) went by scalar loops that way; in an
     * attack step's profile that tail alone took longer than all the vector columns.
     */
    public static void forwardEvalSimd(int rows, int cols, float[] x, int xOff, float[] bias, float[] scale, float[] beta,
                                       float[] runMean, float[] y, int yOff) {
        VectorSpecies<Float> s = Simd.F;
        int bound = s.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * cols, yi = yOff + r * cols, c = 0;
            for (; c < bound; c += s.length()) {
                FloatVector.fromArray(s, x, xi + c).add(FloatVector.fromArray(s, bias, c)).sub(FloatVector.fromArray(s, runMean, c))
                        .mul(FloatVector.fromArray(s, scale, c)).add(FloatVector.fromArray(s, beta, c)).max(0f).intoArray(y, yi + c);
            }
            for (; c < cols; c++) y[yi + c] = Math.max((x[xi + c] + bias[c] - runMean[c]) * scale[c] + beta[c], 0f);
        }
    }

    /** {@code dx = (relu'(dy) - 0) * scale + 0}, the mask read from the forward output {@code y}, scale from {@link #scales}. */
    public static void backwardEval(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] scale, float[] dx,
                                    int dxOff) {
        if (Simd.ENABLED) backwardEvalSimd(rows, cols, y, yOff, dy, dyOff, scale, dx, dxOff);
        else backwardEvalScalar(rows, cols, y, yOff, dy, dyOff, scale, dx, dxOff);
    }

    public static void backwardEvalScalar(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] scale,
                                          float[] dx, int dxOff) {
        for (int c = 0; c < cols; c++) {
            float g = scale[c];
            for (int r = 0; r < rows; r++) {
                float d = y[yOff + r * cols + c] <= 0f ? 0f : dy[dyOff + r * cols + c];
                dx[dxOff + r * cols + c] = (d - 0f) * g + 0f;
            }
        }
    }

    /** Row by row, as {@link #forwardEvalSimd} and for the same reason. */
    public static void backwardEvalSimd(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] scale,
                                        float[] dx, int dxOff) {
        VectorSpecies<Float> s = Simd.F;
        int bound = s.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * cols, di = dyOff + r * cols, xi = dxOff + r * cols, c = 0;
            for (; c < bound; c += s.length()) {
                FloatVector yv = FloatVector.fromArray(s, y, yi + c);
                FloatVector.fromArray(s, dy, di + c).blend(0f, yv.compare(VectorOperators.LE, 0f))
                        .sub(0f).mul(FloatVector.fromArray(s, scale, c)).add(0f).intoArray(dx, xi + c);
            }
            for (; c < cols; c++) dx[xi + c] = ((y[yi + c] <= 0f ? 0f : dy[di + c]) - 0f) * scale[c] + 0f;
        }
    }
}
