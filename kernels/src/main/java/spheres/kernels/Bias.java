package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Bias broadcast and the reductions that are its gradients: {@code x[r][c] += bias[c]}, column sums and row sums
 * of a row-major matrix {@code (x, xOff, ldx)} of shape {@code rows x cols}.
 *
 * <p>Column sums add rows in order 0..rows-1 for every column, the same order in both twins, so splitting the
 * columns across threads does not change a bit; the SIMD twin puts consecutive columns in lanes and does the same
 * float operations, so {@code addRows} and {@code columnSums} give the scalar twin's bits. Row sums add lane-parallel
 * partial sums (see {@link #rowSumsSimd}), so they agree with the scalar twin to rounding only.
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
        VectorSpecies<Float> s = Simd.F;
        int bound = s.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            int c = 0;
            for (; c < bound; c += s.length()) {
                FloatVector.fromArray(s, x, row + c).add(FloatVector.fromArray(s, bias, bOff + c)).intoArray(x, row + c);
            }
            for (; c < cols; c++) x[row + c] += bias[bOff + c];
        }
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

    /** Lanes are consecutive columns; each lane adds rows 0..rows-1 in order, exactly as the scalar twin. */
    public static void columnSumsSimd(int rows, int cols, float[] x, int xOff, int ldx, float beta, float[] out, int oOff) {
        VectorSpecies<Float> s = Simd.F;
        int c = 0;
        for (int bound = s.loopBound(cols); c < bound; c += s.length()) {
            FloatVector acc = FloatVector.zero(s);
            for (int r = 0; r < rows; r++) acc = acc.add(FloatVector.fromArray(s, x, xOff + r * ldx + c));
            if (beta != 0f) acc = FloatVector.fromArray(s, out, oOff + c).mul(beta).add(acc);
            acc.intoArray(out, oOff + c);
        }
        if (c < cols) columnSumsScalar(rows, cols - c, x, xOff + c, ldx, beta, out, oOff + c);
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

    /**
     * Two lane-parallel accumulators over the vector part of the row, folded and then summed lane by lane in lane
     * order, then the tail in column order: the order depends only on {@code cols} (and the vector width), never on
     * how the rows are split.
     */
    public static void rowSumsSimd(int rows, int cols, float[] x, int xOff, int ldx, float[] out, int oOff) {
        VectorSpecies<Float> s = Simd.F;
        int l = s.length(), bound = s.loopBound(cols), bound2 = cols - cols % (2 * l);
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            FloatVector a0 = FloatVector.zero(s), a1 = FloatVector.zero(s);
            int c = 0;
            for (; c < bound2; c += 2 * l) {
                a0 = a0.add(FloatVector.fromArray(s, x, row + c));
                a1 = a1.add(FloatVector.fromArray(s, x, row + c + l));
            }
            for (; c < bound; c += l) a0 = a0.add(FloatVector.fromArray(s, x, row + c));
            float sum = Simd.sumLanesInOrder(a0.add(a1));
            for (; c < cols; c++) sum += x[row + c];
            out[oOff + r] = sum;
        }
    }
}
