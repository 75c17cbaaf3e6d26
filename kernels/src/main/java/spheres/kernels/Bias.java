package spheres.kernels;

/**
 * Bias broadcast and the reductions that are its gradients: {@code x[r][c] += bias[c]}, column sums and row sums
 * of a row-major matrix {@code (x, xOff, ldx)} of shape {@code rows x cols}.
 *
 * <p>Column sums add rows in order 0..rows-1 for every column, the same order in both twins, so splitting the
 * columns across threads does not change a bit.
 */
public final class Bias {
    private Bias() {}

    // ---- add a bias row to every row ----

    public static void addRows(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int bOff) {
        if (Simd.ENABLED) addRowsSimd(rows, cols, x, xOff, ldx, bias, bOff);
        else addRowsScalar(rows, cols, x, xOff, ldx, bias, bOff);
    }

    public static void addRowsScalar(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int bOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            for (int c = 0; c < cols; c++) x[row + c] += bias[bOff + c];
        }
    }

    public static void addRowsSimd(int rows, int cols, float[] x, int xOff, int ldx, float[] bias, int bOff) {
        addRowsScalar(rows, cols, x, xOff, ldx, bias, bOff); // TODO(simd) replaced by the vector loop
    }

    // ---- column sums: out[c] = beta * out[c] + sum_r x[r][c] ----

    public static void columnSums(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int oOff) {
        if (Simd.ENABLED) columnSumsSimd(rows, cols, x, xOff, ldx, beta, out, oOff);
        else columnSumsScalar(rows, cols, x, xOff, ldx, beta, out, oOff);
    }

    public static void columnSumsScalar(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int oOff) {
        for (int c = 0; c < cols; c++) {
            float s = 0f;
            for (int r = 0; r < rows; r++) s += x[xOff + r * ldx + c];
            out[oOff + c] = beta == 0f ? s : beta * out[oOff + c] + s;
        }
    }

    public static void columnSumsSimd(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int oOff) {
        columnSumsScalar(rows, cols, x, xOff, ldx, beta, out, oOff);
    }

    // ---- row sums: out[r] = sum_c x[r][c] ----

    public static void rowSums(int rows, int cols, float[] x, int xOff, int ldx, float[] out, int oOff) {
        if (Simd.ENABLED) rowSumsSimd(rows, cols, x, xOff, ldx, out, oOff);
        else rowSumsScalar(rows, cols, x, xOff, ldx, out, oOff);
    }

    public static void rowSumsScalar(int rows, int cols, float[] x, int xOff, int ldx, float[] out, int oOff) {
        for (int r = 0; r < rows; r++) {
            float s = 0f;
            int row = xOff + r * ldx;
            for (int c = 0; c < cols; c++) s += x[row + c];
            out[oOff + r] = s;
        }
    }

    public static void rowSumsSimd(int rows, int cols, float[] x, int xOff, int ldx, float[] out, int oOff) {
        rowSumsScalar(rows, cols, x, xOff, ldx, out, oOff);
    }
}
