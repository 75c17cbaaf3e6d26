package spheres.kernels;

/**
 * Batch normalisation over the rows of a {@code rows x cols} row-major matrix, per column, with PyTorch's
 * {@code BatchNorm1d} semantics: training normalises with the batch mean and biased variance and moves the
 * running statistics by {@code momentum} (the running variance takes the unbiased batch variance); evaluation
 * uses the running statistics.
 *
 * <p>Every per-column quantity is accumulated over rows 0..rows-1 in order, so a split of the columns across
 * threads gives the same bits. Per-column arrays are addressed from their offsets, so a column block is
 * {@code (xOff + c0, gOff + c0, ...)}.
 */
public final class BatchNorm {
    private BatchNorm() {}

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
            float invStd = (float) (1.0 / Math.sqrt(var + eps));
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
        forwardTrainScalar(rows, cols, x, xOff, ldx, gamma, gOff, beta, bOff, momentum, eps,
                runMean, rmOff, runVar, rvOff, y, yOff, ldy, saveMean, smOff, saveInvStd, siOff);
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
            float g = gamma[gOff + c] * (float) (1.0 / Math.sqrt(runVar[rvOff + c] + eps));
            float m = runMean[rmOff + c], b = beta[bOff + c];
            for (int r = 0; r < rows; r++) y[yOff + r * ldy + c] = (x[xOff + r * ldx + c] - m) * g + b;
        }
    }

    public static void forwardEvalSimd(int rows, int cols, float[] x, int xOff, int ldx,
                                       float[] gamma, int gOff, float[] beta, int bOff, float eps,
                                       float[] runMean, int rmOff, float[] runVar, int rvOff,
                                       float[] y, int yOff, int ldy) {
        forwardEvalScalar(rows, cols, x, xOff, ldx, gamma, gOff, beta, bOff, eps, runMean, rmOff, runVar, rvOff, y, yOff, ldy);
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
        backwardScalar(rows, cols, x, xOff, ldx, dy, dyOff, lddy, gamma, gOff, saveMean, smOff, saveInvStd, siOff,
                dx, dxOff, lddx, dGamma, dgOff, dBeta, dbOff);
    }
}
