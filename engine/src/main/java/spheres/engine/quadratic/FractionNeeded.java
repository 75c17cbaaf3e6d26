package spheres.engine.quadratic;

/**
 * How many alphas must be right for a target error rate (the paper's argument that a small error rate says little
 * about the boundary). Of d alphas, m sit at the ideal {@code 4 / (1 + R)^2} and d - m are off by a fixed amount past
 * the edge of {@code [1/R^2, 1]} on one sphere's side: above 1 by {@code offset} (inner errors) or below
 * {@code 1/R^2} by it (outer errors). The error rate is then that of {@code -margin chi2_m + offset chi2_(d-m) > 0},
 * where margin is the ideal alpha's distance to that edge; it falls as m grows, so the smallest m is a bisection.
 */
public final class FractionNeeded {
    private FractionNeeded() {}

    /** The ideal alpha {@code 4 / (1 + R)^2}: the sphere of radius {@code (1 + R) / 2}. */
    public static double idealAlpha(double radius) {
        return 4 / ((1 + radius) * (1 + radius));
    }

    /** The distance of the ideal alpha to the edge of the range on the side of the given sphere. */
    public static double margin(boolean outer, double radius) {
        return outer ? idealAlpha(radius) - 1 / (radius * radius) : 1 - idealAlpha(radius);
    }

    /** The error rate with m of d alphas right: CLT estimate (exact = false) or exact. */
    public static double rate(int d, int m, double margin, double offset, boolean exact) {
        if (m < 0 || m > d) throw new IllegalArgumentException("m = " + m + " of d = " + d);
        double[] w = m == 0 ? new double[] {offset} : m == d ? new double[] {-margin} : new double[] {-margin, offset};
        double[] dof = m == 0 ? new double[] {d} : m == d ? new double[] {d} : new double[] {m, d - m};
        WeightedChiSquare q = new WeightedChiSquare(w, dof);
        return exact ? q.survival(0) : q.normalSurvival(0);
    }

    /** The smallest fraction m / d whose error rate is at most target; NaN when even m = d misses it. */
    public static double smallestFraction(int d, double target, double margin, double offset, boolean exact) {
        if (d < 1) throw new IllegalArgumentException("d = " + d + ": must be >= 1");
        if (!(margin > 0) || !(offset > 0)) throw new IllegalArgumentException("margin " + margin + " and offset " + offset + ": must be > 0");
        if (rate(d, d, margin, offset, exact) > target) return Double.NaN;
        int lo = -1, hi = d; // rate(lo) > target (lo = -1: nothing known), rate(hi) <= target
        while (hi - lo > 1) {
            int mid = (lo + hi) >>> 1;
            if (rate(d, mid, margin, offset, exact) <= target) hi = mid;
            else lo = mid;
        }
        return (double) hi / d;
    }
}
