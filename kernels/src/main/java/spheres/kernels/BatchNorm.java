package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation over the rows of a {@code rows x cols} row-major matrix, per column, with PyTorch's
 * {@code BatchNorm1d} semantics: training normalises with the batch mean and biased variance and moves the
 * running statistics by {@code momentum} (the running variance takes the unbiased batch variance); evaluation
 * uses the running statistics.
 *
 * <p>Every per-column quantity is accumulated over rows 0..rows-1 in order, so a split of the columns across
 * threads gives the same bits. Per-column arrays are addressed from their offsets, so a column block is
 * {@code (xOff + c0, gOff + c0, ...)}. The SIMD twin puts consecutive columns in lanes and performs, per column,
 * the same float operations in the same order as the scalar twin (no fused multiply-add; {@code 1/sqrt} as a
 * correctly rounded float square root then a float division), so both twins give the same bits and the columns
 * past the last full vector are simply handed to the scalar twin.
 */
public final class BatchNorm {
    private BatchNorm() {}

    /** {@code 1 / sqrt(var + eps)} in float: a correctly rounded square root, then a division (as the lanes do). */
    static float invStd(float var, float eps) {
        return 1f / (float) Math.sqrt(var + eps);
    }

    static FloatVector invStd(FloatVector var, float eps) {
        return FloatVector.broadcast(var.species(), 1f).div(var.add(eps).sqrt());
    }

    // ---- forward, training mode ----

    public static void forwardTrain(int rows, int cols, float[] x, int xOff, int ldx,
                                    float[] gamma, int gOff, float[] beta, int bOff,
                                    float momentum, float eps,
                                    float[] runMean, int rmOff, float[] runVar, int rvOff,
                                    float[] y, int yOff, int ldy,
                                    float[] saveMean, int smOff, float[] saveInvStd, int siOff) {
        if (Simd.ENABLED) forwardTrainSimd(rows, cols, x, xOff, ldx, gamma, gOff, beta, bOff, momentum, eps,
                runMean, rmOff, runVar, rvOff, y, yOff, ldy, saveMean, smOff, saveInvStd, siOff);
        else forwardTrainScalar(rows, cols, x, xOff, ldx, gamma, gOff, beta, bOff, momentum, eps,
                runMean, rmOff, runVar, rvOff, y, yOff, ldy, saveMean, smOff, saveInvStd, siOff);
    }

    public static void forwardTrainScalar(int rows, int cols, float[] x, int xOff, int ldx,
                                          float[] gamma, int gOff, float[] beta, int bOff,
                                          float momentum, float eps,
                                          float[] runMean, int rmOff, float[] runVar, int rvOff,
                                          float[] y, int yOff, int ldy,
                                          float[] saveMean, int smOff, float[] saveInvStd, int siOff) {
        float invN = 1f / rows;
        float unbias = rows > 1 ? (float) rows / (rows - 1) : 1f;
        for (int c = 0; c < cols; c++) {
            float s = 0f;
            for (int r = 0; r < rows; r++) s += x[xOff + r * ldx + c];
            float mean = s * invN;
            float q = 0f;
            for (int r = 0; r < rows; r++) {
                float d = x[xOff + r * ldx + c] - mean;
                q += d * d;
            }
            float var = q * invN;
            float invStd = invStd(var, eps);
            float g = gamma[gOff + c] * invStd, b = beta[bOff + c];
            for (int r = 0; r < rows; r++) y[yOff + r * ldy + c] = (x[xOff + r * ldx + c] - mean) * g + b;
            saveMean[smOff + c] = mean;
            saveInvStd[siOff + c] = invStd;
            runMean[rmOff + c] = (1f - momentum) * runMean[rmOff + c] + momentum * mean;
            runVar[rvOff + c] = (1f - momentum) * runVar[rvOff + c] + momentum * var * unbias;
        }
    }

    public static void forwardTrainSimd(int rows, int cols, float[] x, int xOff, int ldx,
                                        float[] gamma, int gOff, float[] beta, int bOff,
                                        float momentum, float eps,
                                        float[] runMean, int rmOff, float[] runVar, int rvOff,
                                        float[] y, int yOff, int ldy,
                                        float[] saveMean, int smOff, float[] saveInvStd, int siOff) {
        VectorSpecies<Float> s = Simd.F;
        float invN = 1f / rows;
        float unbias = rows > 1 ? (float) rows / (rows - 1) : 1f;
        float keep = 1f - momentum;
        int c = 0;
        for (int bound = s.loopBound(cols); c < bound; c += s.length()) {
            FloatVector sum = FloatVector.zero(s);
            for (int r = 0; r < rows; r++) sum = sum.add(FloatVector.fromArray(s, x, xOff + r * ldx + c));
            FloatVector mean = sum.mul(invN);
            FloatVector q = FloatVector.zero(s);
            for (int r = 0; r < rows; r++) {
                FloatVector d = FloatVector.fromArray(s, x, xOff + r * ldx + c).sub(mean);
                q = q.add(d.mul(d));
            }
            FloatVector var = q.mul(invN);
            FloatVector invStd = invStd(var, eps);
            FloatVector g = FloatVector.fromArray(s, gamma, gOff + c).mul(invStd);
            FloatVector b = FloatVector.fromArray(s, beta, bOff + c);
            for (int r = 0; r < rows; r++) {
                FloatVector.fromArray(s, x, xOff + r * ldx + c).sub(mean).mul(g).add(b).intoArray(y, yOff + r * ldy + c);
            }
            mean.intoArray(saveMean, smOff + c);
            invStd.intoArray(saveInvStd, siOff + c);
            FloatVector.fromArray(s, runMean, rmOff + c).mul(keep).add(mean.mul(momentum)).intoArray(runMean, rmOff + c);
            FloatVector.fromArray(s, runVar, rvOff + c).mul(keep).add(var.mul(momentum).mul(unbias))
                    .intoArray(runVar, rvOff + c);
        }
        if (c < cols) forwardTrainScalar(rows, cols - c, x, xOff + c, ldx, gamma, gOff + c, beta, bOff + c, momentum, eps,
                runMean, rmOff + c, runVar, rvOff + c, y, yOff + c, ldy, saveMean, smOff + c, saveInvStd, siOff + c);
    }

    // ---- forward, evaluation mode ----

    public static void forwardEval(int rows, int cols, float[] x, int xOff, int ldx,
                                   float[] gamma, int gOff, float[] beta, int bOff, float eps,
                                   float[] runMean, int rmOff, float[] runVar, int rvOff,
                                   float[] y, int yOff, int ldy) {
        if (Simd.ENABLED) forwardEvalSimd(rows, cols, x, xOff, ldx, gamma, gOff, beta, bOff, eps,
                runMean, rmOff, runVar, rvOff, y, yOff, ldy);
        else forwardEvalScalar(rows, cols, x, xOff, ldx, gamma, gOff, beta, bOff, eps,
                runMean, rmOff, runVar, rvOff, y, yOff, ldy);
    }

    public static void forwardEvalScalar(int rows, int cols, float[] x, int xOff, int ldx,
                                         float[] gamma, int gOff, float[] beta, int bOff, float eps,
                                         float[] runMean, int rmOff, float[] runVar, int rvOff,
                                         float[] y, int yOff, int ldy) {
        for (int c = 0; c < cols; c++) {
            float g = gamma[gOff + c] * invStd(runVar[rvOff + c], eps);
            float m = runMean[rmOff + c], b = beta[bOff + c];
            for (int r = 0; r < rows; r++) y[yOff + r * ldy + c] = (x[xOff + r * ldx + c] - m) * g + b;
        }
    }

    public static void forwardEvalSimd(int rows, int cols, float[] x, int xOff, int ldx,
                                       float[] gamma, int gOff, float[] beta, int bOff, float eps,
                                       float[] runMean, int rmOff, float[] runVar, int rvOff,
                                       float[] y, int yOff, int ldy) {
        VectorSpecies<Float> s = Simd.F;
        int c = 0;
        for (int bound = s.loopBound(cols); c < bound; c += s.length()) {
            FloatVector gv = FloatVector.fromArray(s, gamma, gOff + c)
                    .mul(invStd(FloatVector.fromArray(s, runVar, rvOff + c), eps));
            FloatVector m = FloatVector.fromArray(s, runMean, rmOff + c), b = FloatVector.fromArray(s, beta, bOff + c);
            for (int r = 0; r < rows; r++) {
                FloatVector.fromArray(s, x, xOff + r * ldx + c).sub(m).mul(gv).add(b).intoArray(y, yOff + r * ldy + c);
            }
        }
        if (c < cols) forwardEvalScalar(rows, cols - c, x, xOff + c, ldx, gamma, gOff + c, beta, bOff + c, eps,
                runMean, rmOff + c, runVar, rvOff + c, y, yOff + c, ldy);
    }

    // ---- backward (training mode) ----

    /**
     * With {@code xhat = (x - mean) * invStd}: {@code dbeta = sum dy}, {@code dgamma = sum dy * xhat},
     * {@code dx = gamma * invStd / N * (N dy - dbeta - xhat dgamma)}. Gradients of gamma and beta are written,
     * not accumulated.
     */
    public static void backward(int rows, int cols, float[] x, int xOff, int ldx, float[] dy, int dyOff, int lddy,
                                float[] gamma, int gOff, float[] saveMean, int smOff, float[] saveInvStd, int siOff,
                                float[] dx, int dxOff, int lddx, float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        if (Simd.ENABLED) backwardSimd(rows, cols, x, xOff, ldx, dy, dyOff, lddy, gamma, gOff, saveMean, smOff,
                saveInvStd, siOff, dx, dxOff, lddx, dGamma, dgOff, dBeta, dbOff);
        else backwardScalar(rows, cols, x, xOff, ldx, dy, dyOff, lddy, gamma, gOff, saveMean, smOff,
                saveInvStd, siOff, dx, dxOff, lddx, dGamma, dgOff, dBeta, dbOff);
    }

    public static void backwardScalar(int rows, int cols, float[] x, int xOff, int ldx, float[] dy, int dyOff, int lddy,
                                      float[] gamma, int gOff, float[] saveMean, int smOff, float[] saveInvStd, int siOff,
                                      float[] dx, int dxOff, int lddx, float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        float invN = 1f / rows;
        for (int c = 0; c < cols; c++) {
            float mean = saveMean[smOff + c], invStd = saveInvStd[siOff + c];
            float sdy = 0f, sdyx = 0f;
            for (int r = 0; r < rows; r++) {
                float g = dy[dyOff + r * lddy + c];
                sdy += g;
                sdyx += g * ((x[xOff + r * ldx + c] - mean) * invStd);
            }
            dBeta[dbOff + c] = sdy;
            dGamma[dgOff + c] = sdyx;
            float k = gamma[gOff + c] * invStd;
            float a = sdy * invN, b = sdyx * invN;
            for (int r = 0; r < rows; r++) {
                float xhat = (x[xOff + r * ldx + c] - mean) * invStd;
                dx[dxOff + r * lddx + c] = k * (dy[dyOff + r * lddy + c] - a - xhat * b);
            }
        }
    }

    public static void backwardSimd(int rows, int cols, float[] x, int xOff, int ldx, float[] dy, int dyOff, int lddy,
                                    float[] gamma, int gOff, float[] saveMean, int smOff, float[] saveInvStd, int siOff,
                                    float[] dx, int dxOff, int lddx, float[] dGamma, int dgOff, float[] dBeta, int dbOff) {
        VectorSpecies<Float> s = Simd.F;
        float invN = 1f / rows;
        int c = 0;
        for (int bound = s.loopBound(cols); c < bound; c += s.length()) {
            FloatVector mean = FloatVector.fromArray(s, saveMean, smOff + c);
            FloatVector invStd = FloatVector.fromArray(s, saveInvStd, siOff + c);
            FloatVector sdy = FloatVector.zero(s), sdyx = FloatVector.zero(s);
            for (int r = 0; r < rows; r++) {
                FloatVector g = FloatVector.fromArray(s, dy, dyOff + r * lddy + c);
                sdy = sdy.add(g);
                sdyx = sdyx.add(g.mul(FloatVector.fromArray(s, x, xOff + r * ldx + c).sub(mean).mul(invStd)));
            }
            sdy.intoArray(dBeta, dbOff + c);
            sdyx.intoArray(dGamma, dgOff + c);
            FloatVector k = FloatVector.fromArray(s, gamma, gOff + c).mul(invStd);
            FloatVector a = sdy.mul(invN), b = sdyx.mul(invN);
            for (int r = 0; r < rows; r++) {
                FloatVector xhat = FloatVector.fromArray(s, x, xOff + r * ldx + c).sub(mean).mul(invStd);
                FloatVector.fromArray(s, dy, dyOff + r * lddy + c).sub(a).sub(xhat.mul(b)).mul(k)
                        .intoArray(dx, dxOff + r * lddx + c);
            }
        }
        if (c < cols) backwardScalar(rows, cols - c, x, xOff + c, ldx, dy, dyOff + c, lddy, gamma, gOff + c,
                saveMean, smOff + c, saveInvStd, siOff + c, dx, dxOff + c, lddx, dGamma, dgOff + c, dBeta, dbOff + c);
    }
}
