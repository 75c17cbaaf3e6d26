package spheres.engine.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.ChiSquaredDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import spheres.kernels.Gaussian;

class WeightedChiSquareTest {
    private static void assertRelative(double expected, double actual, double tol, String what) {
        assertTrue(Math.abs(actual - expected) <= tol * Math.abs(expected), what + ": expected " + expected + ", got " + actual);
    }

    @Test
    void equalWeightsAreAScaledChiSquare() {
        for (int n : new int[] {1, 2, 7, 500}) {
            double c = 0.37;
            WeightedChiSquare q = new WeightedChiSquare(filled(n, c));
            ChiSquaredDistribution chi2 = new ChiSquaredDistribution(null, n);
            // The body of the distribution, against Commons Math's CDF.
            for (double x : new double[] {0.2 * c * n, c * n, 2 * c * n})
                assertRelative(chi2.cumulativeProbability(x / c), q.cdf(x), 1e-8, "cdf n=" + n + " x=" + x);
            // Far tails, against the regularised gamma function (its upper tail keeps relative precision).
            for (double tail : new double[] {1e-2, 1e-20, 1e-100}) {
                double x = c * chi2Quantile(n, tail);
                assertRelative(Gamma.regularizedGammaQ(n / 2.0, x / (2 * c)), q.survival(x), 1e-8, "survival n=" + n + " tail=" + tail);
            }
            double small = c * n * 1e-3; // lower tail: P(Q <= x) = P(chi2_n <= x / c)
            assertRelative(Gamma.regularizedGammaP(n / 2.0, small / (2 * c)), q.cdf(small), 1e-8, "lower tail n=" + n);
        }
    }

    /** The x with P(chi2_n > x) = tail, by bisection on the regularised gamma function. */
    private static double chi2Quantile(int n, double tail) {
        double lo = 0, hi = 10;
        while (Gamma.regularizedGammaQ(n / 2.0, hi / 2) > tail) hi *= 2;
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (Gamma.regularizedGammaQ(n / 2.0, mid / 2) > tail) lo = mid;
            else hi = mid;
        }
        return hi;
    }

    @Test
    void twoOppositeWeightsHaveAClosedForm() {
        // P(a g1^2 - b g2^2 > 0) = P(|g1 / g2| > sqrt(b / a)) = (2 / pi) atan(sqrt(a / b)): g1 / g2 is Cauchy.
        for (double ratio : new double[] {1, 0.3, 1e-4, 1e-40, 1e-100, 1e-300}) {
            WeightedChiSquare q = new WeightedChiSquare(new double[] {ratio * 2.5, -2.5});
            double expected = 2 / Math.PI * Math.atan(Math.sqrt(ratio));
            assertRelative(expected, q.survival(0), 1e-9, "a/b = " + ratio);
            assertRelative(1 - expected, q.cdf(0), 1e-9, "a/b = " + ratio + " (cdf)");
        }
    }

    @Test
    void twoGroupsAreABetaTail() {
        // a chi2_p - b chi2_q > 0  <=>  Y / (X + Y) < 1 / (1 + b/a), and Y / (X + Y) ~ Beta(q/2, p/2).
        int p = 300, qd = 200;
        for (double a : new double[] {1.0, 0.25, 0.05, 0.01}) {
            double b = 1;
            WeightedChiSquare q = new WeightedChiSquare(new double[] {a, -b}, new double[] {p, qd});
            double expected = Beta.regularizedBeta(1 / (1 + b / a), qd / 2.0, p / 2.0);
            assertTrue(expected < 1e-2 || a == 1.0);
            assertRelative(expected, q.survival(0), 1e-8, "a = " + a + " (P = " + expected + ")");
        }
    }

    @Test
    void aRateNearOnePercentMatchesMonteCarlo() {
        int d = 8, n = 1_000_000, chunk = 100_000;
        double[] w = {0.08, 0.05, -0.1, -0.15, -0.2, -0.25, -0.3, -0.4}; // two positive weights, six negative
        WeightedChiSquare q = new WeightedChiSquare(w);
        double exact = q.survival(0);
        assertTrue(exact > 3e-3 && exact < 3e-2, "the case is meant to be near 1e-2: " + exact);
        float[] g = new float[d * chunk];
        long hits = 0;
        for (int k = 0; k < n / chunk; k++) {
            Gaussian.fillScalar(11, 0, (long) k * g.length, g.length, g, 0); // the same bits as fill; no SIMD warm-up
            for (int i = 0; i < chunk; i++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += w[j] * g[i * d + j] * g[i * d + j];
                if (s > 0) hits++;
            }
        }
        double p = (double) hits / n, se = Math.sqrt(exact * (1 - exact) / n);
        assertTrue(Math.abs(p - exact) < 4 * se, "Monte Carlo " + p + " vs exact " + exact + " (se " + se + ")");
    }

    @Test
    void normalApproximationIsTheCltFormula() {
        double[] w = {0.5, -1.2, 0.3, -0.7, 0.05};
        WeightedChiSquare q = new WeightedChiSquare(w);
        double mu = 0, var = 0;
        for (double v : w) {
            mu += v;
            var += 2 * v * v;
        }
        NormalDistribution phi = new NormalDistribution(null, 0, 1);
        assertRelative(phi.cumulativeProbability(mu / Math.sqrt(var)), q.normalSurvival(0), 1e-12, "survival");
        assertRelative(phi.cumulativeProbability((0.4 - mu) / Math.sqrt(var)), q.normalCdf(0.4), 1e-12, "cdf");
    }

    @Test
    void degenerateCases() {
        assertEquals(0, new WeightedChiSquare(new double[] {-1, -2, 0}).survival(0));
        assertEquals(1, new WeightedChiSquare(new double[] {1, 2, 0}).survival(0));
        assertEquals(1, new WeightedChiSquare(new double[] {0, 0}).cdf(0));
        assertEquals(0, new WeightedChiSquare(new double[] {0, 0}).survival(0));
        assertEquals(Double.NEGATIVE_INFINITY, new WeightedChiSquare(new double[] {-1, -2}).logSurvival(0.5));
    }

    @Test
    void tailsBelowDoublePrecisionComeAsLogarithms() {
        // P(a chi2_2m < b chi2_2) = E[exp(-a chi2_2m / 2b)] = (1 + a/b)^-m, as chi2_2 is exponential with mean 2.
        for (int m : new int[] {1, 10, 500}) {
            for (double ratio : new double[] {0.5, 9, 1e6}) {
                WeightedChiSquare q = new WeightedChiSquare(new double[] {ratio, -1}, new double[] {2 * m, 2});
                double expected = -m * Math.log1p(ratio);
                assertRelative(expected, q.logCdf(0), 1e-10, "m = " + m + ", a/b = " + ratio);
            }
        }
        assertTrue(-500 * Math.log1p(1e6) < Math.log(Double.MIN_VALUE), "the last case lies below the double range");
    }

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        java.util.Arrays.fill(a, v);
        return a;
    }

    /** All weights zero: Q is 0 exactly, so the CLT's step function is exact; zero degrees of freedom are refused. */
    @Test
    void degenerateForms() {
        WeightedChiSquare zero = new WeightedChiSquare(new double[] {0, 0}, new double[] {3, 1});
        org.junit.jupiter.api.Assertions.assertEquals(1.0, zero.normalSurvival(-1e-9));
        org.junit.jupiter.api.Assertions.assertEquals(0.0, zero.normalSurvival(0));
        org.junit.jupiter.api.Assertions.assertEquals(1.0, zero.normalCdf(0));
        org.junit.jupiter.api.Assertions.assertEquals(0.0, zero.normalCdf(-1e-9));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new WeightedChiSquare(new double[] {1}, new double[] {0}));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> new WeightedChiSquare(new double[] {1}, new double[] {Double.POSITIVE_INFINITY}));
    }
}
