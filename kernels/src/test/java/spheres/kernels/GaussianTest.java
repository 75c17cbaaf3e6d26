package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Gaussian and Uniform draws: the scalar and SIMD twins agree bit for bit (tolerance 0: both use the same fma
 * polynomials), slices agree with bigger fills, the math is accurate on every possible input, and 10^6 draws look
 * normal. Statistical thresholds sit at about 5 standard errors (a false alarm about once in 10^6 runs; the seeds
 * are fixed anyway) and each says which bug it catches.
 */
class GaussianTest {
    private static final int BIG = 1_000_000;

    @Test
    void firstBlockMatchesTheFormula() {
        // Philox(counter 0, key 0) = 6627e8d5 e169c58d bc57ac4c 9b00dbd8 (Random123 KAT): pins the lane layout.
        int[] w = {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8};
        double ra = Math.sqrt(-2 * Math.log(u(w[0]))), rb = Math.sqrt(-2 * Math.log(u(w[2])));
        double[] want = {ra * Math.cos(2 * Math.PI * u(w[1])), ra * Math.sin(2 * Math.PI * u(w[1])),
                         rb * Math.cos(2 * Math.PI * u(w[3])), rb * Math.sin(2 * Math.PI * u(w[3]))};
        for (boolean simd : new boolean[] {false, true}) {
            float[] z = new float[4];
            gaussian(simd, 0, 0, 0, 4, z, 0);
            for (int l = 0; l < 4; l++) assertEquals(want[l], z[l], 1e-6, "lane " + l);
            float[] v = new float[4];
            uniform(simd, 0, 0, 0, 4, v, 0);
            for (int l = 0; l < 4; l++) assertEquals((w[l] >>> 8) / 16777216.0, v[l], 0.0, "uniform lane " + l);
        }
    }

    @Test
    void simdEqualsScalarBitForBit() {
        for (long seed : new long[] {0, -1, 0x0123_4567_89AB_CDEFL}) {
            for (long stream : new long[] {0, 5, Long.MIN_VALUE}) {
                for (long first : PhiloxTest.FIRSTS) {
                    for (int n : PhiloxTest.COUNTS) {
                        for (int off : new int[] {0, 1}) {
                            for (boolean gauss : new boolean[] {true, false}) {
                                float[] a = new float[off + n + 4], b = new float[off + n + 4];
                                Arrays.fill(a, 7f);
                                Arrays.fill(b, 7f);
                                if (gauss) {
                                    Gaussian.fillScalar(seed, stream, first, n, a, off);
                                    Gaussian.fillSimd(seed, stream, first, n, b, off);
                                } else {
                                    Uniform.fillScalar(seed, stream, first, n, a, off);
                                    Uniform.fillSimd(seed, stream, first, n, b, off);
                                }
                                assertArrayEquals(a, b, 0f, () -> "first " + first + " n " + n + " off " + off + " gauss " + gauss);
                                for (int i = 0; i < off; i++) assertEquals(7f, b[i]);
                                for (int i = off + n; i < b.length; i++) assertEquals(7f, b[i]);
                            }
                        }
                    }
                }
            }
        }
    }

    @Test
    void anySliceEqualsTheSameSliceOfABiggerFill() {
        for (boolean simd : new boolean[] {false, true}) {
            float[] all = new float[1200], allU = new float[1200];
            gaussian(simd, 99, 3, 0, all.length, all, 0);
            uniform(simd, 99, 3, 0, allU.length, allU, 0);
            for (int first = 0; first < 90; first += 7) {
                for (int n : new int[] {1, 3, 66, 1000}) {
                    float[] part = new float[n + 2];
                    gaussian(simd, 99, 3, first, n, part, 2);
                    assertArrayEquals(Arrays.copyOfRange(all, first, first + n), Arrays.copyOfRange(part, 2, n + 2), 0f);
                    uniform(simd, 99, 3, first, n, part, 2);
                    assertArrayEquals(Arrays.copyOfRange(allU, first, first + n), Arrays.copyOfRange(part, 2, n + 2), 0f);
                }
            }
        }
    }

    @Test
    void sameArgumentsSameBitsOtherStreamsOtherDraws() {
        float[] a = new float[333], b = new float[333], c = new float[333];
        Gaussian.fill(8, 1, 17, 333, a, 0);
        Gaussian.fill(8, 1, 17, 333, b, 0);
        Gaussian.fill(8, 2, 17, 333, c, 0);
        assertArrayEquals(a, b, 0f);
        for (int i = 0; i < a.length; i++) assertTrue(a[i] != c[i], "draw " + i);
    }

    @Test
    void fillFollowsTheSwitch() {
        float[] a = new float[101], b = new float[101];
        Gaussian.fill(1, 2, 3, 101, a, 0);
        if (Simd.ENABLED) Gaussian.fillSimd(1, 2, 3, 101, b, 0);
        else Gaussian.fillScalar(1, 2, 3, 101, b, 0);
        assertArrayEquals(a, b, 0f);
        Uniform.fill(1, 2, 3, 101, a, 0);
        if (Simd.ENABLED) Uniform.fillSimd(1, 2, 3, 101, b, 0);
        else Uniform.fillScalar(1, 2, 3, 101, b, 0);
        assertArrayEquals(a, b, 0f);
    }

    /** Every input the generator can produce (2^23 odd j, u = j 2^-24): ln within 1 ulp (0.82 seen), unit circle within 1.2e-7 (8.8e-8 seen). */
    @Test
    void mathIsAccurateOnEveryInput() {
        double worstLn = 0, worstTrig = 0;
        for (int j = 1; j < 1 << 24; j += 2) {
            int x = j << 8;
            double u = j * 0x1p-24;
            float ln = Gaussian.lnOpen(j);
            double exact = Math.log(u);
            worstLn = Math.max(worstLn, Math.abs(ln - exact) / Math.ulp((float) exact));
            worstTrig = Math.max(worstTrig, Math.abs(Gaussian.cosTurn(x) - Math.cos(2 * Math.PI * u)));
            worstTrig = Math.max(worstTrig, Math.abs(Gaussian.sinTurn(x) - Math.sin(2 * Math.PI * u)));
            float r = Gaussian.radius(x);
            assertTrue(r >= 0 && r < 5.8f, () -> "radius " + r + " at j " + u);
        }
        assertTrue(worstLn <= 1, "ln error " + worstLn + " ulp");
        assertTrue(worstTrig <= 1.2e-7, "cos/sin error " + worstTrig);
    }

    /** The SIMD passes on every possible (radius word, angle word) equals the scalar math bit for bit. */
    @Test
    void simdMathEqualsScalarOnEveryInput() {
        int chunk = 4096;
        float[] buf = new float[chunk + 2];
        for (int j0 = 1; j0 < 1 << 24; j0 += chunk) { // pair p: radius j0 + 2p, angle j0 + 2p reversed in bits
            for (int i = 0; i < chunk; i++) {
                int j = j0 + (i & ~1);
                buf[i + 1] = Float.intBitsToFloat((i & 1) == 0 ? j << 8 | (i & 0xFF) : Integer.reverse(j) ^ (j << 8));
            }
            Gaussian.radiiSimd(buf, 1, chunk);
            Gaussian.turnsSimd(buf, 1, chunk);
            for (int i = 0; i < chunk; i++) {
                int j = j0 + (i & ~1), angle = Integer.reverse(j) ^ (j << 8);
                float want = Gaussian.radius(j << 8) * ((i & 1) == 0 ? Gaussian.cosTurn(angle) : Gaussian.sinTurn(angle));
                if (Float.floatToRawIntBits(want) != Float.floatToRawIntBits(buf[i + 1]))
                    throw new AssertionError("j " + j + " lane " + (i & 1) + ": " + buf[i + 1] + " != " + want);
            }
        }
    }

    @Test
    void singleDrawsEqualFills() {
        float[] z = new float[37], u = new float[37];
        Gaussian.fill(5, 6, 1001, 37, z, 0);
        Uniform.fill(5, 6, 1001, 37, u, 0);
        for (int i = 0; i < 37; i++) {
            assertEquals(z[i], Gaussian.draw(5, 6, 1001 + i), 0f);
            assertEquals(u[i], Uniform.draw(5, 6, 1001 + i), 0f);
        }
    }

    @Test
    void momentsAndTails() {
        float[] z = draws(2024, 0);
        double sum = 0, sq = 0;
        int tail = 0;
        for (float v : z) {
            assertTrue(Float.isFinite(v)); // a uniform of 0 would give an infinite radius
            sum += v;
            sq += (double) v * v;
            if (Math.abs(v) > 3) tail++;
        }
        double mean = sum / BIG, var = sq / BIG - mean * mean;
        assertEquals(0, mean, 5 / Math.sqrt(BIG));               // 5 standard errors
        assertEquals(1, var, 5 * Math.sqrt(2.0 / BIG));          // Var(s^2) = 2/n for normals
        double p3 = 2 * (1 - phi(3)), sd = Math.sqrt(p3 * (1 - p3) / BIG);
        assertEquals(p3, (double) tail / BIG, 5 * sd);           // 0.0027 +- 0.00026
    }

    /** Kolmogorov-Smirnov at alpha ~ 1e-6: critical D = sqrt(ln(2/alpha) / (2n)) = 0.0027 for 10^6 draws. */
    private static final double KS = Math.sqrt(Math.log(2 / 1e-6) / (2.0 * BIG));

    @Test
    void marginalIsNormal() {
        float[] z = draws(7, 1);
        assertTrue(ks(z, GaussianTest::phi) < KS, "KS " + ks(z, GaussianTest::phi));
    }

    /** z0^2 + z1^2 of a Box-Muller pair is chi-square(2): fails if the two lanes of a pair are not (cos, sin) of one angle. */
    @Test
    void pairsAreJointlyNormal() {
        float[] z = draws(7, 2);
        float[] rr = new float[BIG / 2];
        for (int i = 0; i < rr.length; i++) rr[i] = z[2 * i] * z[2 * i] + z[2 * i + 1] * z[2 * i + 1];
        assertTrue(ks(rr, t -> 1 - Math.exp(-t / 2)) < Math.sqrt(Math.log(2 / 1e-6) / rr.length));
        // The same check catches a mutant whose "sin" lane repeats the cos lane.
        for (int i = 0; i < rr.length; i++) rr[i] = 2 * z[2 * i] * z[2 * i];
        assertTrue(ks(rr, t -> 1 - Math.exp(-t / 2)) > 10 * Math.sqrt(Math.log(2 / 1e-6) / rr.length));
    }

    /** Neighbouring draws, and the same draw in neighbouring streams and seeds, are uncorrelated and jointly normal. */
    @Test
    void drawsAndStreamsAreIndependent() {
        float[] a = draws(7, 3), b = draws(7, 4), c = draws(8, 3);
        double tol = 5 / Math.sqrt(BIG);
        for (int lag = 1; lag <= 8; lag++) assertEquals(0, corr(a, 0, a, lag, BIG - 8), tol, "lag " + lag);
        assertEquals(0, corr(a, 0, b, 0, BIG), tol);
        assertEquals(0, corr(a, 0, c, 0, BIG), tol);
        float[] d = new float[BIG];
        for (int i = 0; i < BIG; i++) d[i] = (float) ((a[i] - b[i]) / Math.sqrt(2)); // N(0,1) only if independent
        assertTrue(ks(d, GaussianTest::phi) < KS);
    }

    @Test
    void uniformsAreUniform() {
        float[] u = new float[BIG];
        Uniform.fill(11, 0, 0, BIG, u, 0);
        int heads = 0;
        for (float v : u) {
            assertTrue(v >= 0f && v < 1f);
            if (v < 0.5f) heads++;
        }
        assertEquals(0.5, (double) heads / BIG, 5 * 0.5 / Math.sqrt(BIG));
        assertTrue(ks(u, t -> Math.min(1, Math.max(0, t))) < KS);
        assertEquals(0, corr(u, 0, u, 1, BIG - 1), 5 / Math.sqrt(BIG));
    }

    @Test
    void normalCdfHelperIsRight() {
        assertEquals(0.8413447460685429, phi(1), 2e-7);
        assertEquals(0.9986501019683699, phi(3), 2e-7);
        assertEquals(0.0013498980316301, phi(-3), 2e-7);
        assertEquals(0.5, phi(0), 2e-7);
    }

    // ---- helpers ----

    private static double u(int x) {
        return ((x >>> 8) | 1) * 0x1p-24;
    }

    private static float[] draws(long seed, long stream) {
        float[] z = new float[BIG];
        Gaussian.fill(seed, stream, 0, BIG, z, 0);
        return z;
    }

    /** Kolmogorov-Smirnov distance between the sample and {@code cdf}. */
    private static double ks(float[] sample, DoubleUnaryOperator cdf) {
        float[] s = sample.clone();
        Arrays.sort(s);
        double d = 0;
        for (int i = 0; i < s.length; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / s.length, (double) (i + 1) / s.length - f));
        }
        return d;
    }

    private static double corr(float[] x, int xo, float[] y, int yo, int n) {
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
        for (int i = 0; i < n; i++) {
            double a = x[xo + i], b = y[yo + i];
            sx += a;
            sy += b;
            sxx += a * a;
            syy += b * b;
            sxy += a * b;
        }
        double cxy = sxy / n - sx / n * sy / n, cxx = sxx / n - sx / n * sx / n, cyy = syy / n - sy / n * sy / n;
        return cxy / Math.sqrt(cxx * cyy);
    }

    /** Standard normal CDF via erfc (Numerical Recipes' Chebyshev fit, relative error below 1.2e-7). */
    static double phi(double x) {
        double z = Math.abs(x) / Math.sqrt(2), t = 1 / (1 + 0.5 * z);
        double erfc = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418
                + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587
                + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? 1 - erfc / 2 : erfc / 2;
    }

    private static void gaussian(boolean simd, long seed, long stream, long first, int n, float[] out, int off) {
        if (simd) Gaussian.fillSimd(seed, stream, first, n, out, off);
        else Gaussian.fillScalar(seed, stream, first, n, out, off);
    }

    private static void uniform(boolean simd, long seed, long stream, long first, int n, float[] out, int off) {
        if (simd) Uniform.fillSimd(seed, stream, first, n, out, off);
        else Uniform.fillScalar(seed, stream, first, n, out, off);
    }
}
