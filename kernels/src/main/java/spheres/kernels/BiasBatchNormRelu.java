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

    public static void forwardEval(int rows, int cols, float[] x, int xOff, float[] bias, float[] gamma, float[] beta,
                                   float[] runMean, float[] runVar, float eps, float[] y, int yOff) {
        if (Simd.ENABLED) forwardEvalSimd(rows, cols, x, xOff, bias, gamma, beta, runMean, runVar, eps, y, yOff);
        else forwardEvalScalar(rows, cols, x, xOff, bias, gamma, beta, runMean, runVar, eps, y, yOff);
    }

    /** Rows of {@code cols} floats from {@code xOff} and {@code yOff} (x and y may be the same array and offset). */
    public static void forwardEvalScalar(int rows, int cols, float[] x, int xOff, float[] bias, float[] gamma, float[] beta,
                                         float[] runMean, float[] runVar, float eps, float[] y, int yOff) {
        for (int c = 0; c < cols; c++) {
            float g = gamma[c] * BatchNorm.invStd(runVar[c], eps), m = runMean[c], b = beta[c], bi = bias[c];
            for (int r = 0; r < rows; r++) {
                float h = x[xOff + r * cols + c] + bi;
                y[yOff + r * cols + c] = Math.max((h - m) * g + b, 0f);
            }
        }
    }

    /**
     * Row by row, each row's columns in order: a pass down the columns of a 1000-wide activation steps 4 KB from row
     * to row, a new page each time, and its last columns (1000 = 62 x 16 + 8) went by scalar loops that way; in an
     * attack step's profile that tail alone took longer than all the vector columns. The per-column factor
     * {@code gamma / sqrt(var + eps)} is worked out once per call, as before by vectors and by the scalar twin's
     * arithmetic at the last columns, so the bits are those of the scalar twin.
     */
    public static void forwardEvalSimd(int rows, int cols, float[] x, int xOff, float[] bias, float[] gamma, float[] beta,
                                       float[] runMean, float[] runVar, float eps, float[] y, int yOff) {
        VectorSpecies<Float> s = Simd.F;
        float[] g = scales(cols, gamma, runVar, eps);
        int bound = s.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int xi = xOff + r * cols, yi = yOff + r * cols, c = 0;
            for (; c < bound; c += s.length()) {
                FloatVector.fromArray(s, x, xi + c).add(FloatVector.fromArray(s, bias, c)).sub(FloatVector.fromArray(s, runMean, c))
                        .mul(FloatVector.fromArray(s, g, c)).add(FloatVector.fromArray(s, beta, c)).max(0f).intoArray(y, yi + c);
            }
            for (; c < cols; c++) y[yi + c] = Math.max((x[xi + c] + bias[c] - runMean[c]) * g[c] + beta[c], 0f);
        }
    }

    /**
     * {@code gamma[c] / sqrt(runVar[c] + eps)} for every column, by vectors up to the species' bound and by the scalar
     * twin's arithmetic after it (as the column loops computed it). A small array per call (4 KB at the paper's width,
     * against a call that reads and writes megabytes): no workspace to thread through the backend for it.
     */
    private static float[] scales(int cols, float[] gamma, float[] runVar, float eps) {
        VectorSpecies<Float> s = Simd.F;
        float[] g = new float[cols];
        int c = 0;
        for (int bound = s.loopBound(cols); c < bound; c += s.length()) {
            FloatVector.fromArray(s, gamma, c).mul(BatchNorm.invStd(FloatVector.fromArray(s, runVar, c), eps)).intoArray(g, c);
        }
        for (; c < cols; c++) g[c] = gamma[c] * BatchNorm.invStd(runVar[c], eps);
        return g;
    }

    /** {@code dx = (relu'(dy) - 0) * gamma / sqrt(var + eps) + 0}, the mask read from the forward output {@code y}. */
    public static void backwardEval(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] gamma,
                                    float[] runVar, float eps, float[] dx, int dxOff) {
        if (Simd.ENABLED) backwardEvalSimd(rows, cols, y, yOff, dy, dyOff, gamma, runVar, eps, dx, dxOff);
        else backwardEvalScalar(rows, cols, y, yOff, dy, dyOff, gamma, runVar, eps, dx, dxOff);
    }

    public static void backwardEvalScalar(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] gamma,
                                          float[] runVar, float eps, float[] dx, int dxOff) {
        for (int c = 0; c < cols; c++) {
            float g = gamma[c] * BatchNorm.invStd(runVar[c], eps);
            for (int r = 0; r < rows; r++) {
                float d = y[yOff + r * cols + c] <= 0f ? 0f : dy[dyOff + r * cols + c];
                dx[dxOff + r * cols + c] = (d - 0f) * g + 0f;
            }
        }
    }

    /** Row by row, as {@link #forwardEvalSimd} and for the same reason. */
    public static void backwardEvalSimd(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] gamma,
                                        float[] runVar, float eps, float[] dx, int dxOff) {
        VectorSpecies<Float> s = Simd.F;
        float[] g = scales(cols, gamma, runVar, eps);
        int bound = s.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int yi = yOff + r * cols, di = dyOff + r * cols, xi = dxOff + r * cols, c = 0;
            for (; c < bound; c += s.length()) {
                FloatVector yv = FloatVector.fromArray(s, y, yi + c);
                FloatVector.fromArray(s, dy, di + c).blend(0f, yv.compare(VectorOperators.LE, 0f))
                        .sub(0f).mul(FloatVector.fromArray(s, g, c)).add(0f).intoArray(dx, xi + c);
            }
            for (; c < cols; c++) dx[xi + c] = ((y[yi + c] <= 0f ? 0f : dy[di + c]) - 0f) * g[c] + 0f;
        }
    }
}
