package spheres.engine.quadratic;

import org.apache.commons.math3.special.Erf;

/**
 * The law of {@code Q = sum_j c_j X_j}, the X_j independent chi-square variables with {@code nu_j} degrees of freedom
 * ({@code nu_j = 1}: a weighted sum of squared Gaussians). Its exact tails, accurate relative to their value however
 * small, and the normal (CLT) approximation the paper uses.
 *
 * <p>Exact: for any {@code s0 > 0} where the moment generating function {@code M(s) = prod (1 - 2 c_j s)^(-nu_j/2)}
 * exists, {@code P(Q > x) = (1/pi) int_0^inf Re[M(s) e^(-s x) / s] dt} on the line {@code s = s0 + i t} (the Laplace
 * inversion of the step function). Imhof's formula is this integral as {@code s0 -> 0}: there the result is 1/2 plus an
 * integral close to -1/2, and a tail of 1e-20 drowns in rounding. We put the line through the saddle point, the
 * {@code s0} that minimises the integrand on the real axis: the integrand then has one dominant positive peak at
 * t = 0, the integral has the size of the answer itself, and with {@code M(s0) e^(-s0 x) / s0} factored out in log
 * space the tail comes out to about 1e-10 relative, down to 1e-300 and below (as a logarithm). An adaptive
 * Gauss-Kronrod rule integrates over t, mapped onto [0, 1) at the scale of the peak.
 */
public final class WeightedChiSquare {
    private static final double REL_TOL = 1e-12;
    private static final int MAX_INTERVALS = 20_000;
    /** Up to this many degrees of freedom the contour is bent (see {@link #logSurvival}). */
    private static final double DOF_BENT = 6;

    /** The nonzero weights and their degrees of freedom. */
    private final double[] c, nu;
    private final double cMax, cMin;

    /** A weighted sum of squared standard Gaussians: one degree of freedom per weight. */
    public WeightedChiSquare(double[] weights) {
        this(weights, ones(weights.length));
    }

    public WeightedChiSquare(double[] weights, double[] dof) {
        if (weights.length != dof.length)
            throw new IllegalArgumentException(weights.length + " weights but " + dof.length + " degrees of freedom");
        int n = 0;
        for (int j = 0; j < weights.length; j++) {
            if (!Double.isFinite(weights[j])) throw new IllegalArgumentException("weight " + j + " is " + weights[j]);
            if (!(dof[j] > 0) || Double.isInfinite(dof[j]))
                throw new IllegalArgumentException("degrees of freedom " + j + " is " + dof[j] + "; must be > 0");
            if (weights[j] != 0) n++;
        }
        c = new double[n];
        nu = new double[n];
        double hi = 0, lo = 0;
        for (int j = 0, k = 0; j < weights.length; j++) {
            if (weights[j] == 0) continue;
            c[k] = weights[j];
            nu[k++] = dof[j];
            hi = Math.max(hi, weights[j]);
            lo = Math.min(lo, weights[j]);
        }
        cMax = hi;
        cMin = lo;
    }

    private static double[] ones(int n) {
        double[] o = new double[n];
        java.util.Arrays.fill(o, 1);
        return o;
    }

    public double mean() {
        double m = 0;
        for (int j = 0; j < c.length; j++) m += nu[j] * c[j];
        return m;
    }

    public double variance() {
        double v = 0;
        for (int j = 0; j < c.length; j++) v += 2 * nu[j] * c[j] * c[j];
        return v;
    }

    /** The CLT estimate of {@code P(Q > x)}: {@code Phi((E Q - x) / sd Q)}. */
    public double normalSurvival(double x) {
        double sd = Math.sqrt(variance());
        if (sd == 0) return mean() > x ? 1 : 0;
        return phi((mean() - x) / sd);
    }

    /** The CLT estimate of {@code P(Q <= x)}: {@code Phi((x - E Q) / sd Q)}. */
    public double normalCdf(double x) {
        double sd = Math.sqrt(variance());
        if (sd == 0) return mean() <= x ? 1 : 0;
        return phi((x - mean()) / sd);
    }

    /** The standard normal CDF through erfc, so that its lower tail keeps its relative precision. */
    static double phi(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    /** {@code P(Q > x)} exactly (to about 1e-10 relative); underflows to 0 below 1e-308, see {@link #logSurvival}. */
    public double survival(double x) {
        return Math.exp(logSurvival(x));
    }

    /** {@code P(Q <= x)} exactly, computed as the upper tail of -Q so that a small value keeps its precision. */
    public double cdf(double x) {
        return Math.exp(logCdf(x));
    }

    /** The natural logarithm of {@code P(Q <= x)}. */
    public double logCdf(double x) {
        if (c.length == 0) return x >= 0 ? 0 : Double.NEGATIVE_INFINITY;
        double[] negated = new double[c.length];
        for (int j = 0; j < c.length; j++) negated[j] = -c[j];
        return new WeightedChiSquare(negated, nu).logSurvival(-x); // P(Q <= x) = P(-Q >= -x), and P(Q = x) = 0
    }

    /** The natural logarithm of {@code P(Q > x)}: -infinity where Q cannot exceed x, 0 where it always does. */
    public double logSurvival(double x) {
        if (Double.isNaN(x)) throw new IllegalArgumentException("x is NaN");
        if (cMax == 0 && x >= 0) return Double.NEGATIVE_INFINITY; // Q <= 0 <= x
        if (cMin == 0 && x < 0) return 0;                          // Q >= 0 > x
        if (cMin == 0 && x == 0) return 0;                         // Q > 0 with probability 1
        double s0 = saddle(x);
        // In units of s0 (s = s0 (1 + i tau)) nothing overflows or underflows, whatever the scale of the weights:
        // P = e^l0 (1/pi) int_0^inf Re[exp(L(s0 (1 + i tau)) - L(s0)) s0] dtau, the s0 of dt cancelling the 1/s0.
        double l0 = -s0 * x, xs = x * s0;
        int n = c.length;
        double[] r = new double[n];
        double curvature = 1; // the second derivative of L in tau at 0
        for (int j = 0; j < n; j++) {
            double a = 1 - 2 * c[j] * s0;
            l0 -= 0.5 * nu[j] * Math.log(a);
            r[j] = 2 * c[j] * s0 / a;
            curvature += 0.5 * nu[j] * r[j] * r[j];
        }
        double width = 1 / Math.sqrt(curvature);
        // For x != 0 the factor e^(-i tau x s0) oscillates without end, and with few degrees of freedom |M(s)| decays
        // too slowly (tau^(-dof/2)) to make that harmless. There we bend the line into the parabola
        // s = s0 (1 + kappa tau^2 + i tau) towards the side where e^(-s x) decays, which damps it like a Gaussian
        // (e^-1 after one period); no singularity lies off the real axis, so the integral is the same. With many
        // degrees of freedom |M(s)| decays fast on the line, and bending it would leave the saddle's valley.
        double dof = 0;
        for (double v : nu) dof += v;
        double kappa = dof <= DOF_BENT ? xs / (4 * Math.PI * Math.PI) : 0;
        Integrand g = new Integrand(nu, r, xs, kappa);
        // tau in [0, width] directly; beyond, tau = width e^v: few degrees of freedom decay only like tau^-1.5.
        double near = GaussKronrod.integrate(g::at, 0, width, REL_TOL, 0, MAX_INTERVALS).value();
        double vMax = 1;
        while (g.bound(width * Math.exp(vMax)) * width * Math.exp(vMax) > 1e-17 * Math.abs(near)) {
            if (vMax > 700) throw new ArithmeticException("tail integral does not decay (weights " + n + ", x " + x + ")");
            vMax += 1;
        }
        double far = GaussKronrod.integrate(v -> {
            double tau = width * Math.exp(v);
            return g.at(tau) * tau;
        }, 0, vMax, REL_TOL, 1e-13 * Math.abs(near), MAX_INTERVALS).value();
        double integral = near + far;
        if (!(integral > 0))
            throw new ArithmeticException("tail integral " + integral + " is not positive (weights " + n + ", x " + x + ")");
        return Math.min(0, l0 + Math.log(integral / Math.PI));
    }

    /**
     * {@code Re[exp(L(s) - L(s0)) s'(tau) / (i s0)]} on the contour {@code s = s0 (1 + kappa tau^2 + i tau)}, where
     * {@code L(s) = log M(s) - s x - log s}, {@code xs = x s0}; with {@code r_j = 2 c_j s0 / (1 - 2 c_j s0)}, each
     * factor {@code (1 - 2 c_j s) / (1 - 2 c_j s0) = 1 - r_j kappa tau^2 - i r_j tau}.
     */
    private record Integrand(double[] nu, double[] r, double xs, double kappa) {
        double at(double tau) {
            double bend = kappa == 0 ? 0 : kappa * tau * tau; // kept 0 on the line, where tau^2 may overflow
            double re = -bend * xs - Math.log(Math.hypot(1 + bend, tau));
            double im = -tau * xs - Math.atan2(tau, 1 + bend);
            for (int j = 0; j < r.length; j++) {
                double rt = r[j] * tau, p = 1 - r[j] * bend;
                re -= 0.25 * nu[j] * logNorm2(p, rt);
                im -= 0.5 * nu[j] * Math.atan2(-rt, p);
            }
            return re < -745 ? 0 : Math.exp(re) * (Math.cos(im) + 2 * kappa * tau * Math.sin(im));
        }

        /** An upper bound of |at(tau)|. */
        double bound(double tau) {
            double bend = kappa == 0 ? 0 : kappa * tau * tau;
            double re = -bend * xs - Math.log(Math.hypot(1 + bend, tau));
            for (int j = 0; j < r.length; j++) re -= 0.25 * nu[j] * logNorm2(1 - r[j] * bend, r[j] * tau);
            return Math.exp(re) * (1 + 2 * Math.abs(kappa) * tau);
        }

        /** {@code ln(p^2 + q^2)}, through log1p near 1 where most of the contour lies. */
        private static double logNorm2(double p, double q) {
            double m = p * p + q * q;
            return m > 0.5 && m < 2 ? Math.log1p((p - 1) * (p + 1) + q * q) : 2 * Math.log(Math.hypot(p, q));
        }
    }

    /**
     * The minimum over real {@code s > 0} of {@code log M(s) - s x - log s}, which is convex there: the root of its
     * derivative {@code sum nu c / (1 - 2 c s) - x - 1/s}, by bisection (it only needs to be near the minimum: any
     * s0 in the range gives the exact integral).
     */
    private double saddle(double x) {
        double lo = 0, hi;
        if (cMax > 0) {
            hi = 1 / (2 * cMax);
        } else { // no positive weight and x < 0: M(s) exists for all s > 0; the derivative turns positive as s grows
            hi = 1;
            while (slope(hi, x) < 0) {
                lo = hi;
                hi *= 2;
            }
        }
        for (int i = 0; i < 200 && hi - lo > 1e-15 * hi; i++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (slope(mid, x) < 0) lo = mid;
            else hi = mid;
        }
        double s = 0.5 * (lo + hi);
        return s > 0 && (cMax <= 0 || 2 * cMax * s < 1) ? s : lo;
    }

    private double slope(double s, double x) {
        double d = -x - 1 / s;
        for (int j = 0; j < c.length; j++) d += nu[j] * c[j] / (1 - 2 * c[j] * s);
        return d;
    }
}
