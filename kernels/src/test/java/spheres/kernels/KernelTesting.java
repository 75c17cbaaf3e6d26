package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Shared pieces of the kernel tests: the odd sizes every family is run on, seeded random data, matrices embedded
 * in larger arrays (offset, leading dimension larger than the width, padding filled with a sentinel so that stray
 * writes show), and comparisons with explicit tolerances.
 */
final class KernelTesting {
    private KernelTesting() {}

    /** Lanes of the species the SIMD twins use (16 with AVX-512, 8 with AVX2). */
    static final int L = Simd.F.length();

    /** Lengths for the contiguous kernels: 1, lanes +- 1, primes, and the paper's sizes (50 x 1000, 1.5 M is too big). */
    static int[] lengths() {
        return new int[] {1, 2, L - 1, L, L + 1, 2 * L + 3, 7, 13, 97, 1009, 50 * 1000 + 7};
    }

    /** {rows, cols} for the matrix kernels: odd shapes around the lane count and the paper's shapes. */
    static int[][] shapes() {
        return new int[][] {
            {1, 1}, {1, L - 1}, {2, L}, {3, L + 1}, {7, 13}, {13, 7}, {5, 2 * L + 5}, {97, 31}, {2, 1009},
            {50, 1000}, {50, 500}, {10000, 1},
        };
    }

    /** Padding value: NaN with a payload, so that a stray read turns results into NaN and a stray write shows. */
    static final float SENTINEL = Float.intBitsToFloat(0x7fc0_1234);

    static final int OFF = 3, PAD = 5;

    /** A {@code rows x cols} matrix at offset {@link #OFF} with leading dimension {@code cols + PAD}, padding = sentinel. */
    static float[] matrix(SplittableRandom rnd, int rows, int cols, double scale) {
        int ld = cols + PAD;
        float[] a = new float[OFF + rows * ld + PAD];
        Arrays.fill(a, SENTINEL);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) a[OFF + r * ld + c] = (float) (gaussian(rnd) * scale);
        return a;
    }

    /** A vector of {@code n} values at offset {@link #OFF}, sentinel around it. */
    static float[] vector(SplittableRandom rnd, int n, double scale) {
        float[] a = new float[OFF + n + PAD];
        Arrays.fill(a, SENTINEL);
        for (int i = 0; i < n; i++) a[OFF + i] = (float) (gaussian(rnd) * scale);
        return a;
    }

    /** A vector of {@code n} values uniform in {@code [lo, hi)} at offset {@link #OFF}, sentinel around it. */
    static float[] uniform(SplittableRandom rnd, int n, double lo, double hi) {
        float[] a = new float[OFF + n + PAD];
        Arrays.fill(a, SENTINEL);
        for (int i = 0; i < n; i++) a[OFF + i] = (float) (lo + (hi - lo) * rnd.nextDouble());
        return a;
    }

    static double gaussian(SplittableRandom rnd) {
        double u = 1.0 - rnd.nextDouble(), v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    /** Same bits everywhere, padding included (NaN payloads compared too). */
    static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            if (Float.floatToRawIntBits(expected[i]) != Float.floatToRawIntBits(actual[i])) {
                fail(what + ": index " + i + " expected " + expected[i] + " but was " + actual[i]
                        + " (bits " + Integer.toHexString(Float.floatToRawIntBits(expected[i])) + " vs "
                        + Integer.toHexString(Float.floatToRawIntBits(actual[i])) + ")");
            }
        }
    }

    /** {@code |e - a| <= atol + rtol |e|} on every element; NaN must match NaN. */
    static void assertClose(float[] expected, float[] actual, double rtol, double atol, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) assertClose(expected[i], actual[i], rtol, atol, what + "[" + i + "]");
    }

    static void assertClose(double expected, double actual, double rtol, double atol, String what) {
        if (Double.isNaN(expected) || Double.isNaN(actual)) {
            if (Double.isNaN(expected) != Double.isNaN(actual)) fail(what + ": expected " + expected + " but was " + actual);
            return;
        }
        if (!(Math.abs(expected - actual) <= atol + rtol * Math.abs(expected))) {
            fail(what + ": expected " + expected + " but was " + actual + " (diff " + Math.abs(expected - actual)
                    + ", tolerance " + (atol + rtol * Math.abs(expected)) + ")");
        }
    }

    /** Every element outside the {@code rows x cols} window at (OFF, ld) still holds the sentinel. */
    static void assertPaddingUntouched(float[] a, int rows, int cols, int ld, String what) {
        for (int i = 0; i < a.length; i++) {
            int j = i - OFF;
            boolean inside = j >= 0 && j / ld < rows && j % ld < cols;
            if (!inside && Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(SENTINEL)) {
                fail(what + ": index " + i + " outside the window was written: " + a[i]);
            }
        }
    }

    static String shape(int rows, int cols) {
        return rows + "x" + cols;
    }
}
