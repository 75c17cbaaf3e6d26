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
        forwardColumns(0, rows, cols, x, xOff, bias, gamma, beta, runMean, runVar, eps, y, yOff);
    }

    /** The scalar arithmetic for columns c0..cols: the twin, and the SIMD version's last columns. */
    private static void forwardColumns(int c0, int rows, int cols, float[] x, int xOff, float[] bias, float[] gamma, float[] beta,
                                       float[] runMean, float[] runVar, float eps, float[] y, int yOff) {
        for (int c = c0; c < cols; c++) {
            float g = gamma[c] * BatchNorm.invStd(runVar[c], eps), m = runMean[c], b = beta[c], bi = bias[c];
            for (int r = 0; r < rows; r++) {
                float h = x[xOff + r * cols + c] + bi;
                y[yOff + r * cols + c] = Math.max((h - m) * g + b, 0f);
            }
        }
    }

    public static void forwardEvalSimd(int rows, int cols, float[] x, int xOff, float[] bias, float[] gamma, float[] beta,
                                       float[] runMean, float[] runVar, float eps, float[] y, int yOff) {
        VectorSpecies<Float> s = Simd.F;
        int c = 0;
        for (int bound = s.loopBound(cols); c < bound; c += s.length()) {
            FloatVector g = FloatVector.fromArray(s, gamma, c).mul(BatchNorm.invStd(FloatVector.fromArray(s, runVar, c), eps));
            FloatVector m = FloatVector.fromArray(s, runMean, c), b = FloatVector.fromArray(s, beta, c);
            FloatVector bi = FloatVector.fromArray(s, bias, c);
            for (int r = 0; r < rows; r++) {
                FloatVector.fromArray(s, x, xOff + r * cols + c).add(bi).sub(m).mul(g).add(b).max(0f)
                        .intoArray(y, yOff + r * cols + c);
            }
        }
        forwardColumns(c, rows, cols, x, xOff, bias, gamma, beta, runMean, runVar, eps, y, yOff);
    }

    /** {@code dx = (relu'(dy) - 0) * gamma / sqrt(var + eps) + 0}, the mask read from the forward output {@code y}. */
    public static void backwardEval(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] gamma,
                                    float[] runVar, float eps, float[] dx, int dxOff) {
        if (Simd.ENABLED) backwardEvalSimd(rows, cols, y, yOff, dy, dyOff, gamma, runVar, eps, dx, dxOff);
        else backwardEvalScalar(rows, cols, y, yOff, dy, dyOff, gamma, runVar, eps, dx, dxOff);
    }

    public static void backwardEvalScalar(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] gamma,
                                          float[] runVar, float eps, float[] dx, int dxOff) {
        backwardColumns(0, rows, cols, y, yOff, dy, dyOff, gamma, runVar, eps, dx, dxOff);
    }

    private static void backwardColumns(int c0, int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] gamma,
                                        float[] runVar, float eps, float[] dx, int dxOff) {
        for (int c = c0; c < cols; c++) {
            float g = gamma[c] * BatchNorm.invStd(runVar[c], eps);
            for (int r = 0; r < rows; r++) {
                float d = y[yOff + r * cols + c] <= 0f ? 0f : dy[dyOff + r * cols + c];
                dx[dxOff + r * cols + c] = (d - 0f) * g + 0f;
            }
        }
    }

    public static void backwardEvalSimd(int rows, int cols, float[] y, int yOff, float[] dy, int dyOff, float[] gamma,
                                        float[] runVar, float eps, float[] dx, int dxOff) {
        VectorSpecies<Float> s = Simd.F;
        int c = 0;
        for (int bound = s.loopBound(cols); c < bound; c += s.length()) {
            FloatVector g = FloatVector.fromArray(s, gamma, c).mul(BatchNorm.invStd(FloatVector.fromArray(s, runVar, c), eps));
            for (int r = 0; r < rows; r++) {
                FloatVector yv = FloatVector.fromArray(s, y, yOff + r * cols + c);
                FloatVector.fromArray(s, dy, dyOff + r * cols + c).blend(0f, yv.compare(VectorOperators.LE, 0f))
                        .sub(0f).mul(g).add(0f).intoArray(dx, dxOff + r * cols + c);
            }
        }
        backwardColumns(c, rows, cols, y, yOff, dy, dyOff, gamma, runVar, eps, dx, dxOff);
    }
}
