package spheres.engine.workflow;

import java.util.function.DoublePredicate;
import org.apache.commons.math3.special.Beta;

/**
 * Errors among n samples, with the exact (Clopper-Pearson) two-sided 95% interval for the rate; with no error the
 * one-sided 95% upper bound {@code 1 - 0.05^(1/n)} (about 3/n) is the figure to report.
 *
 * <p>The interval ends are accurate relative to their value however small (to about 1e-13 up to 1000 errors, and
 * 1e-16 n / k beyond): an end is the rate x where
 * a binomial tail equals 0.025, found by bisection on ln x. A solver with an absolute stopping rule (Commons Math's
 * {@code BetaDistribution} stops at 1e-9) is off by 12 % at n = 10^9, where a sharded evaluation lands. With few
 * errors the tail is summed term by term in log space: the regularised incomplete beta function would evaluate
 * it through 1 - x, which keeps x only to 1e-16 absolute (1e-7 relative at x = 1e-9).
 */
public record ErrorRate(long errors, long samples) {
    /**
     * Up to this many errors the binomial CDF is a sum of its terms; above, the incomplete beta function serves, as
     * the rate is then at least about 1000 / n and 1 - x loses no more than 1e-16 n / 1000 of it.
     */
    private static final long SUMMED = 1000;

    public ErrorRate {
        if (samples < 0 || errors < 0 || errors > samples)
            throw new IllegalArgumentException("errors " + errors + " of " + samples + " samples");
    }

    public double rate() {
        return samples == 0 ? Double.NaN : (double) errors / samples;
    }

    /** The x with {@code P(Bin(n, x) >= k) = 0.025}: the beta quantile {@code I_x(k, n - k + 1) = 0.025}; 0 when k = 0. */
    public double lower95() {
        return errors == 0 ? 0 : rateWhereCdfIs(errors - 1, 0.975);
    }

    /** The x with {@code P(Bin(n, x) <= k) = 0.025}: the beta quantile {@code I_x(k + 1, n - k) = 0.975}; 1 when k = n. */
    public double upper95() {
        return errors == samples ? 1 : rateWhereCdfIs(errors, 0.025);
    }

    /** The one-sided 95% upper bound when no error was seen: {@code 1 - 0.05^(1/n)}. */
    public double upperBoundIfNone() {
        return -Math.expm1(Math.log(0.05) / samples);
    }

    /**
     * The rate x with {@code P(Bin(n, x) <= m) = q}, for {@code 0 <= m < n}: bisection on {@code t = ln x}, which the CDF
     * decreases in, down to a bracket of 1e-15 in t, that is 1e-15 of x.
     */
    private double rateWhereCdfIs(long m, double q) {
        long n = samples;
        double logQ = Math.log(q);
        DoublePredicate tooHigh = m < SUMMED ? t -> logBinomialCdf(n, m, t) < logQ
                : t -> Beta.regularizedBeta(Math.exp(t), m + 1, n - m, 1e-15) > 1 - q; // P(Bin > m) = I_x(m + 1, n - m)
        double lo = Math.log((m + 0.5) / n), hi = 0; // a start below 1 (m < n); the CDF at x = 1 is 0 < q
        while (tooHigh.test(lo)) {
            hi = lo;
            lo -= 1;
        }
        while (hi - lo > 1e-15) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (tooHigh.test(mid)) hi = mid;
            else lo = mid;
        }
        return Math.exp(0.5 * (lo + hi));
    }

    /**
     * {@code ln P(Bin(n, e^t) <= m)}: the terms {@code C(n, j) x^j (1 - x)^(n - j)} by their ratios, in log space (the
     * first, {@code (1 - x)^n}, underflows once n x > 745), summed scaled by the largest.
     */
    private static double logBinomialCdf(long n, long m, double t) {
        double log1mx = Math.log1p(-Math.exp(t)), term = n * log1mx, max = term, sum = 1;
        for (long j = 1; j <= m; j++) {
            term += Math.log((double) (n - j + 1) / j) + t - log1mx;
            if (term > max) {
                sum = sum * Math.exp(max - term) + 1;
                max = term;
            } else {
                sum += Math.exp(term - max);
            }
        }
        return max + Math.log(sum);
    }
}
