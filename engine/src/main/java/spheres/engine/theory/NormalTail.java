package spheres.engine.theory;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.special.Erf;

/**
 * The standard normal's upper tail {@code Q(z) = P(Z > z)} and its inverse, accurate in relative terms far into
 * the tail. Commons Math's {@code NormalDistribution.inverseCumulativeProbability(p)} goes through
 * {@code erfInv(2p - 1)}, which rounds to -1 for p below about 1e-17; here the tail comes from {@code erfc}
 * (a regularized gamma function, relative accuracy ~1e-15) and the quantile is solved in log space.
 */
public final class NormalTail {
    /** Beyond this |z| the tail underflows a double (Q(38.5) ~ 1e-324). */
    private static final double Z_MAX = 38.4;

    private NormalTail() {}

    /** P(Z > z) for a standard normal Z. */
    public static double upper(double z) {
        return 0.5 * Erf.erfc(z / Math.sqrt(2));
    }

    /** P(Z <= z), accurate for large negative z as well. */
    public static double cdf(double z) {
        return upper(-z);
    }

    /** The standard normal density. */
    public static double density(double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
    }

    /**
     * The z with {@code P(Z > z) = p}, i.e. {@code Phi^-1(1 - p)}, for p in [1e-300, 1 - 1e-16]: relative accuracy
     * about 1e-14 in z even where 1 - p rounds to 1.
     */
    public static double upperQuantile(double p) {
        if (!(p >= 1e-300 && p <= 1 - 1e-16))
            throw new IllegalArgumentException("tail probability " + p + ": accepted 1e-300 .. 1 - 1e-16");
        if (p > 0.5) return -upperQuantile(1 - p);
        double logP = Math.log(p);
        // On [0, Z_MAX] log Q is finite and strictly decreasing, so Brent brackets the root.
        return new BrentSolver(1e-15, 1e-16, 1e-300).solve(200, z -> Math.log(upper(z)) - logP, 0, Z_MAX);
    }
}
