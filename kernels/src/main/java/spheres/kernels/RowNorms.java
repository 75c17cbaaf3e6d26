package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Euclidean norms of the rows of a {@code rows x cols} row-major matrix, and rescaling each row to a given norm
 * (the projection of a point onto the sphere of that radius). Norms are accumulated in float; the order is fixed
 * by {@code cols} alone, so any split of the rows gives the same bits. The SIMD twin sums squares with fused
 * multiply-adds in two lane-parallel accumulators, so it agrees with the scalar twin to rounding only; {@code norms}
 * and {@code rescale} share that sum, so a rescaled row's norm is the one {@code norms} reports.
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
        for (int r = 0; r < rows; r++) out[oOff + r] = (float) Math.sqrt(sumSquaresSimd(cols, x, xOff + r * ldx));
    }

    /** Sum of squares of one row: two fma accumulators, folded, lanes added in order, then the tail in order. */
    private static float sumSquaresSimd(int cols, float[] x, int row) {
        VectorSpecies<Float> s = Simd.F;
        int l = s.length(), bound = s.loopBound(cols), bound2 = cols - cols % (2 * l);
        FloatVector a0 = FloatVector.zero(s), a1 = FloatVector.zero(s);
        int c = 0;
        for (; c < bound2; c += 2 * l) {
            FloatVector v0 = FloatVector.fromArray(s, x, row + c), v1 = FloatVector.fromArray(s, x, row + c + l);
            a0 = v0.fma(v0, a0);
            a1 = v1.fma(v1, a1);
        }
        for (; c < bound; c += l) {
            FloatVector v0 = FloatVector.fromArray(s, x, row + c);
            a0 = v0.fma(v0, a0);
        }
        float sum = Simd.sumLanesInOrder(a0.add(a1));
        for (; c < cols; c++) sum = Math.fma(x[row + c], x[row + c], sum);
        return sum;
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
        VectorSpecies<Float> s = Simd.F;
        int bound = s.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            int row = xOff + r * ldx;
            float sq = sumSquaresSimd(cols, x, row);
            float k = sq > 0f ? target[tOff + r] / (float) Math.sqrt(sq) : 0f;
            int c = 0;
            for (; c < bound; c += s.length()) FloatVector.fromArray(s, x, row + c).mul(k).intoArray(x, row + c);
            for (; c < cols; c++) x[row + c] *= k;
        }
    }
}
