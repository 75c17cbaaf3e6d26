package spheres.engine.quadratic;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link WeightedChiSquare} against oracles that share nothing with its saddle-point contour: finite closed forms
 * where the degrees of freedom are even, and Imhof's integral at up to 225 digits for 500 distinct weights (the
 * paper's d), down to 5e-153. This is what {@code src/test/python/imhof_crosscheck.py} checks by hand on a run.
 */
class WeightedChiSquareOracleTest {
    /**
     * 1e-10 relative on the tail (so 1e-10 absolute on its logarithm), the accuracy the class states (its Gauss-Kronrod
     * rule runs at 1e-12); measured within 3e-13 on every case here. The oracles are exact, or good to 20 digits.
     */
    private static final double LOG_TOL = 1e-10;

    private static void assertLogClose(double expectedLog, double actualLog, String what) {
        assertTrue(Math.abs(actualLog - expectedLog) <= LOG_TOL,
                what + ": expected ln P " + expectedLog + ", got " + actualLog + " (P " + Math.exp(expectedLog) + " vs " + Math.exp(actualLog) + ")");
    }

    /**
     * {@code ln P(Q > x)}, {@code x >= 0}, for {@code Q = sum_j c_j chi2(2 m_j)} with distinct weights: the moment
     * generating function {@code prod (1 - 2 c_j s)^(-m_j)} is a sum of its principal parts
     * {@code A_jr (1 - 2 c_j s)^(-r)}, r = 1 .. m_j, each the law of {@code c_j chi2(2r)}, a gamma variable whose tail
     * at {@code x} is {@code e^(-y) sum_{i<r} y^i / i!} with {@code y = x / (2 c_j)} for {@code c_j > 0}, and 0 for
     * {@code c_j < 0}. With {@code u = 1 - 2 c_j s} the other factors are {@code (a_k + b_k u)^(-m_k)},
     * {@code a_k = 1 - c_k / c_j}, {@code b_k = c_k / c_j}, and {@code A_j,(m_j - n)} is the coefficient of u^n in their
     * product. Terms are kept as sign and logarithm, as a tail of 1e-150 is a product of 250 factors.
     */
    static double closedFormLogSurvival(double[] c, int[] m, double x) {
        int groups = c.length;
        double[] logs = new double[groups];
        int[] signs = new int[groups];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < groups; j++) {
            if (c[j] <= 0) continue;
            int mj = m[j];
            double logG0 = 0;
            double[] h = new double[mj]; // the product's series divided by its constant term g_0 = prod a_k^(-m_k)
            h[0] = 1;
            for (int k = 0; k < groups; k++) {
                if (k == j) continue;
                double a = 1 - c[k] / c[j], ratio = -(c[k] / c[j]) / a;
                logG0 -= m[k] * Math.log(Math.abs(a));
                if (a < 0 && m[k] % 2 == 1) signs[j] ^= 1;
                // (1 + ratio' u)^(-m) with ratio' = b / a: coefficients C(m + n - 1, n) (-b/a)^n, multiplied in place
                double[] f = new double[mj];
                f[0] = 1;
                for (int n = 1; n < mj; n++) f[n] = f[n - 1] * (m[k] + n - 1) / n * ratio;
                for (int n = mj - 1; n >= 0; n--) {
                    double s = 0;
                    for (int i = 0; i <= n; i++) s += h[i] * f[n - i];
                    h[n] = s;
                }
            }
            double y = x / (2 * c[j]), sum = 0;
            for (int n = 0; n < mj; n++) { // A_j,(mj - n) = g_0 h_n times the gamma(mj - n) tail without its e^-y
                double poly = 0, term = 1;
                for (int i = 0; i < mj - n; i++) {
                    poly += term;
                    term *= y / (i + 1);
                }
                sum += h[n] * poly;
            }
            if (sum < 0) signs[j] ^= 1;
            logs[j] = logG0 - y + Math.log(Math.abs(sum));
            max = Math.max(max, logs[j]);
        }
        double total = 0;
        for (int j = 0; j < groups; j++) if (c[j] > 0) total += (signs[j] == 0 ? 1 : -1) * Math.exp(logs[j] - max);
        return max + Math.log(total);
    }

    private static double[] dof(int[] m) {
        double[] d = new double[m.length];
        for (int j = 0; j < m.length; j++) d[j] = 2 * m[j];
        return d;
    }

    @Test
    void closedFormIsRightOnTwoExponentials() {
        // The oracle itself, by hand: c1 chi2(2) - c2 chi2(2) > x >= 0 has probability c1 / (c1 + c2) e^(-x / 2 c1).
        assertLogClose(Math.log(0.7 / 1.1) - 1 / 1.4, closedFormLogSurvival(new double[] {0.7, -0.4}, new int[] {1, 1}, 1), "by hand");
    }

    @Test
    void distinctWeightsWithTwoDegreesOfFreedom() {
        double[] c = {0.9, 0.35, -0.2, -0.5, -1.1, -2.0};
        int[] m = {1, 1, 1, 1, 1, 1};
        WeightedChiSquare q = new WeightedChiSquare(c, dof(m));
        for (double x : new double[] {0, 0.5, 3, 40, 600})
            assertLogClose(closedFormLogSurvival(c, m, x), q.logSurvival(x), "x = " + x);
        for (double x : new double[] {-0.3, -4, -90}) { // the lower tail is the upper tail of -Q
            double[] neg = new double[c.length];
            for (int j = 0; j < c.length; j++) neg[j] = -c[j];
            assertLogClose(closedFormLogSurvival(neg, m, -x), q.logCdf(x), "cdf at x = " + x);
        }
    }

    @Test
    void groupsWithEvenDegreesOfFreedom() {
        // Poles of order 2 and 3: the principal parts carry the polynomial factors of the gamma tails.
        double[] c = {0.6, -0.3, -0.9, 0.15, -0.05};
        int[] m = {2, 1, 3, 2, 4};
        WeightedChiSquare q = new WeightedChiSquare(c, dof(m));
        for (double x : new double[] {0, 0.2, 2, 25, 300})
            assertLogClose(closedFormLogSurvival(c, m, x), q.logSurvival(x), "x = " + x);
        // Two degrees of freedom in all, where the contour is bent to damp the oscillation of e^(-s x).
        double[] few = {0.7, -0.4};
        int[] one = {1, 1};
        for (double x : new double[] {0.01, 1, 30})
            assertLogClose(closedFormLogSurvival(few, one, x), new WeightedChiSquare(few, dof(one)).logSurvival(x), "bent, x = " + x);
    }

    @Test
    void fiveHundredDegreesOfFreedomDownTo1e150() {
        // One small positive weight against 249 negative ones (two degrees of freedom each, 500 in all): the tail is a
        // product, far below the CLT's reach; and the positive weight as a group of four against 248.
        for (int positiveDof : new int[] {1, 2}) {
            int groups = 251 - positiveDof;
            double[] c = new double[groups];
            int[] m = new int[groups];
            java.util.Arrays.fill(m, 1);
            m[0] = positiveDof;
            for (double eps : new double[] {0.9, 0.4, 0.15}) {
                c[0] = eps;
                for (int k = 1; k < groups; k++) c[k] = -(0.1 + 0.9 * (k - 1) / (groups - 2));
                double expected = closedFormLogSurvival(c, m, 0);
                WeightedChiSquare q = new WeightedChiSquare(c, dof(m));
                assertLogClose(expected, q.logSurvival(0), "dof " + 2 * positiveDof + " at " + eps + ", P = 1e" + expected / Math.log(10));
                if (eps == 0.15) assertTrue(expected < Math.log(1e-150), "the case reaches 1e-150: ln P " + expected);
            }
        }
    }

    /**
     * The 500 weights {@code s - i / 499}, i = 0 .. 499: evenly spread over [s - 1, s], the top ones positive, as the
     * alphas of a badly trained quadratic net spread around 1. Python computes the same doubles.
     */
    private static double[] spread(double s) {
        double[] c = new double[500];
        for (int i = 0; i < 500; i++) c[i] = s - i / 499.0;
        return c;
    }

    /**
     * {s, P(sum_i (s - i / 499) g_i^2 > 0)}: Imhof's formula, 1/2 + (1/pi) int_0^inf sin(theta(u)) / (u rho(u)) du, in
     * mpmath with 40 more digits than the tail is small ({@code engine/src/test/python/imhof_reference.py}; the 5e-153
     * value agrees to 20 digits at 200 and 225 digits). A different formula from the class's (no saddle point, no
     * Gauss-Kronrod), exact at that precision.
     */
    private static final double[][] IMHOF_500 = {
        {0.45, 3.0617826738793816746e-3},
        {0.3, 1.3299667131850402558e-29},
        {0.2, 2.6963407037279239685e-69},
        {0.092, 5.3948963832844397166e-153},
        
    };

    @Test
    void fiveHundredDistinctWeightsMatchImhofAtHighPrecision() {
        for (double[] row : IMHOF_500) {
            WeightedChiSquare q = new WeightedChiSquare(spread(row[0]));
            assertLogClose(Math.log(row[1]), q.logSurvival(0), "s = " + row[0]);
        }
    }

    /**
     * What {@code imhof_crosscheck.py} checks on a run, through {@link QuadraticAnalysis} as {@code spheres quadratic}
     * reports it: W1 = diag(sqrt(alpha)), w = 1, b = -1 with alphas {@code 1 + (0.2 - i / 499)} from 1.2 down to 0.2.
     * Inner errors are the s = 0.2 row above; outer errors are {@code P(sum (R^2 alpha_i - 1) g_i^2 <= 0)}, by Imhof in
     * mpmath at 52 digits: 1.1841279151892524207e-9 (its CLT estimate is off by orders of magnitude).
     */
    @Test
    void quadraticAnalysisReportsTheImhofRatesOfItsAlphas() {
        int d = 500;
        double[] w1 = new double[d * d];
        for (int i = 0; i < d; i++) w1[i * d + i] = Math.sqrt(1 + (0.2 - i / 499.0));
        QuadraticAnalysis a = new QuadraticAnalysis(w1, d, d, 1, -1, 1.3);
        assertLogClose(Math.log(2.6963407037279239685e-69), a.innerRate().exactLog10() * Math.log(10), "inner");
        assertLogClose(Math.log(1.1841279151892524207e-9), Math.log(a.outerRate().exact()), "outer");
        assertLogClose(Math.log(1.1841279151892524207e-9), a.outerRate().exactLog10() * Math.log(10), "outer, log10");
        assertTrue(Math.abs(Math.log10(a.outerRate().clt() / 1.1841279151892524207e-9)) > 1, "the CLT is far off: " + a.outerRate().clt());
    }
}
