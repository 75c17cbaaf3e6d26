package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The quadratic net's readout over the rows of {@code h} ({@code rows x cols}, leading dimension {@code ldh}):
 * {@code s[r] = sum_j h[r][j]}, {@code logit[r] = w s[r] + b}; backward {@code dh[r][j] = w dlogit[r]},
 * {@code dw = sum_r dlogit[r] s[r]}, {@code db = sum_r dlogit[r]}.
 *
 * <p>The row sums are {@link Bias}'s (the SIMD twin agrees with the scalar one to rounding); the affine map and the
 * broadcast give the same bits in both twins. {@link #paramGradients} has no SIMD twin, on purpose: it is two
 * sums over a batch (tens of rows), added in double in row order so that the result does not depend on how a
 * backend cuts the rows.
 */
public final class QuadReadout {
    private QuadReadout() {}

    public static void forward(int rows, int cols, float[] h, int hOff, int ldh, float w, float b,
                               float[] s, int sOff, float[] logit, int lOff) {
        if (Simd.ENABLED) forwardSimd(rows, cols, h, hOff, ldh, w, b, s, sOff, logit, lOff);
        else forwardScalar(rows, cols, h, hOff, ldh, w, b, s, sOff, logit, lOff);
    }

    public static void forwardScalar(int rows, int cols, float[] h, int hOff, int ldh, float w, float b,
                                     float[] s, int sOff, float[] logit, int lOff) {
        Bias.rowSumsScalar(rows, cols, h, hOff, ldh, s, sOff);
        for (int r = 0; r < rows; r++) logit[lOff + r] = w * s[sOff + r] + b;
    }

    public static void forwardSimd(int rows, int cols, float[] h, int hOff, int ldh, float w, float b,
                                   float[] s, int sOff, float[] logit, int lOff) {
        Bias.rowSumsSimd(rows, cols, h, hOff, ldh, s, sOff);
        VectorSpecies<Float> sp = Simd.F;
        int r = 0;
        for (int bound = sp.loopBound(rows); r < bound; r += sp.length()) {
            FloatVector.fromArray(sp, s, sOff + r).mul(w).add(b).intoArray(logit, lOff + r);
        }
        for (; r < rows; r++) logit[lOff + r] = w * s[sOff + r] + b;
    }

    /** {@code dh[r][j] = w dlogit[r]}. */
    public static void inputGradient(int rows, int cols, float[] dlogit, int gOff, float w, float[] dh, int dhOff, int lddh) {
        if (Simd.ENABLED) inputGradientSimd(rows, cols, dlogit, gOff, w, dh, dhOff, lddh);
        else inputGradientScalar(rows, cols, dlogit, gOff, w, dh, dhOff, lddh);
    }

    public static void inputGradientScalar(int rows, int cols, float[] dlogit, int gOff, float w, float[] dh, int dhOff, int lddh) {
        for (int r = 0; r < rows; r++) {
            float v = w * dlogit[gOff + r];
            int row = dhOff + r * lddh;
            for (int j = 0; j < cols; j++) dh[row + j] = v;
        }
    }

    public static void inputGradientSimd(int rows, int cols, float[] dlogit, int gOff, float w, float[] dh, int dhOff, int lddh) {
        VectorSpecies<Float> s = Simd.F;
        int bound = s.loopBound(cols);
        for (int r = 0; r < rows; r++) {
            float v = w * dlogit[gOff + r];
            FloatVector vv = FloatVector.broadcast(s, v);
            int row = dhOff + r * lddh, j = 0;
            for (; j < bound; j += s.length()) vv.intoArray(dh, row + j);
            for (; j < cols; j++) dh[row + j] = v;
        }
    }

    /** Writes {@code dw[dwOff] = sum_r dlogit[r] s[r]} and {@code db[dbOff] = sum_r dlogit[r]}, summed in double, in row order. */
    public static void paramGradients(int rows, float[] dlogit, int gOff, float[] s, int sOff, float[] dw, int dwOff, float[] db, int dbOff) {
        double sw = 0, sb = 0;
        for (int r = 0; r < rows; r++) {
            sw += (double) dlogit[gOff + r] * s[sOff + r];
            sb += dlogit[gOff + r];
        }
        dw[dwOff] = (float) sw;
        db[dbOff] = (float) sb;
    }
}
