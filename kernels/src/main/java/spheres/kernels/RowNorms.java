package spheres.kernels;

/**
 * Euclidean norms of the rows of a {@code rows x cols} row-major matrix, and rescaling each row to a given norm
 * (the projection of a point onto the sphere of that radius). Norms are accumulated in float; the order is fixed
 * by {@code cols} alone, so any split of the rows gives the same bits.
 */
public final class RowNorms {
    private RowNorms() {}

    public static void norms(int rows, int cols, float[] x, int xOff, int ldx, float[] out, int oOff) {
        if (Simd.ENABLED) normsSimd(rows, cols, x, xOff, ldx, out, oOff);
        else normsScalar(rows, cols, x, xOff, ldx, out, oOff);
    }

    public static void normsScalar(int rows, int cols, float[] x, int xOff, int ldx, float[] out, int oOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            float s = 0f;
            for (int c = 0; c < cols; c++) s += x[row + c] * x[row + c];
            out[oOff + r] = (float) Math.sqrt(s);
        }
    }

    public static void normsSimd(int rows, int cols, float[] x, int xOff, int ldx, float[] out, int oOff) {
        normsScalar(rows, cols, x, xOff, ldx, out, oOff);
    }

    /** Row {@code r} becomes {@code x_r * target[r] / ||x_r||}; a zero row stays zero. */
    public static void rescale(int rows, int cols, float[] x, int xOff, int ldx, float[] target, int tOff) {
        if (Simd.ENABLED) rescaleSimd(rows, cols, x, xOff, ldx, target, tOff);
        else rescaleScalar(rows, cols, x, xOff, ldx, target, tOff);
    }

    public static void rescaleScalar(int rows, int cols, float[] x, int xOff, int ldx, float[] target, int tOff) {
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            float s = 0f;
            for (int c = 0; c < cols; c++) s += x[row + c] * x[row + c];
            float k = s > 0f ? target[tOff + r] / (float) Math.sqrt(s) : 0f;
            for (int c = 0; c < cols; c++) x[row + c] *= k;
        }
    }

    public static void rescaleSimd(int rows, int cols, float[] x, int xOff, int ldx, float[] target, int tOff) {
        rescaleScalar(rows, cols, x, xOff, ldx, target, tOff);
    }
}
