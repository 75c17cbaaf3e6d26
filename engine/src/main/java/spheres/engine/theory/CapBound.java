package spheres.engine.theory;

import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;
import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * The optimal trade-off of the paper's theorem (spec section 7): among error sets E of measure mu on the unit
 * sphere S^{d-1}, a spherical cap {x1 >= a} has the largest mean distance d(E) from a uniform point to E. This
 * class gives, for one dimension d, the cap's measure mu(a), its threshold a(mu), the exact mean chord distance
 * d_opt(mu) and the Gaussian approximation {@code (z Phi(z) + phi(z)) / sqrt(d)} with {@code z = Phi^-1(1 - mu)}.
 *
 * <p>With theta the angle to the cap's pole, x1 = cos theta has density {@code c_d sin^{d-2} theta} in theta, and a
 * point at angle theta > theta_a = arccos a is the chord {@code 2 sin((theta - theta_a) / 2)} from the cap. So
 * <pre>  d_opt = integral_{theta_a}^{pi} 2 sin((theta - theta_a)/2) c_d sin^{d-2}(theta) d theta</pre>
 * the spec's integral in t = cos theta, without its endpoint singularity at t = -1. For large d, c_d overflows
 * and sin^{d-2} underflows, so the integrand is evaluated as exp(log c_d + (d-2) log sin theta + ...) with log c_d
 * from log-gamma, relative to its largest value, on the window where it exceeds e^-{@value #LOG_WINDOW} of it.
 * The cap measure is a regularized incomplete beta: (1 + x1)/2 ~ Beta((d-1)/2, (d-1)/2), so
 * {@code mu(a) = I_{(1-a)/2}((d-1)/2, (d-1)/2)}. Float64 throughout; d from 2 to 10^5, mu from 1e-300 to 1 - 1e-16.
 */
public final class CapBound {
    /** Where the integrand is below e^-80 of its peak it adds less than 1e-30 relatively: left out. */
    static final double LOG_WINDOW = 80;
    /** Composite Gauss-Legendre: the window spans about 13 peak widths whatever d, so 64 x 16 nodes are plenty. */
    private static final int PANELS = 64, NODES = 16;
    private static final GaussIntegratorFactory GAUSS = new GaussIntegratorFactory();

    private final int dim;
    /** The beta parameter (d-1)/2 and log c_d, c_d = Gamma(d/2) / (sqrt(pi) Gamma((d-1)/2)). */
    private final double alpha, logDensityConstant;

    /** One row of the trade-off: for error measure mu, the cap threshold a, d_opt exact and its approximation. */
    public record Point(int dim, double mu, double threshold, double exact, double gaussian) {}

    public CapBound(int dim) {
        if (dim < 2 || dim > 100_000) throw new IllegalArgumentException("--dim " + dim + ": accepted 2 .. 100000");
        this.dim = dim;
        this.alpha = 0.5 * (dim - 1);
        this.logDensityConstant = Gamma.logGamma(0.5 * dim) - 0.5 * Math.log(Math.PI) - Gamma.logGamma(alpha);
    }

    public int dim() {
        return dim;
    }

    /** The measure of the cap {x1 >= a} on the unit sphere, for a in [-1, 1]. */
    public double measure(double a) {
        if (!(a >= -1 && a <= 1)) throw new IllegalArgumentException("cap threshold " + a + ": accepted -1 .. 1");
        return measureAt(0.5 * (1 - a));
    }

    /** The cap's measure as a function of x = (1 - a)/2 = sin^2(theta_a / 2). */
    private double measureAt(double x) {
        return Beta.regularizedBeta(x, alpha, alpha, 1e-15);
    }

    /** The threshold a with measure(a) = mu. */
    public double threshold(double mu) {
        return Math.cos(capAngle(mu));
    }

    /**
     * The cap's angular radius theta_a for measure mu, solved for s = log x, x = sin^2(theta_a/2): in log space so
     * that mu = 1e-300 and x = 1e-300 (d = 3) keep full relative precision, where a = 1 - 2x would round to 1.
     */
    private double capAngle(double mu) {
        checkMu(mu);
        double logMu = Math.log(mu);
        // Near x = 0, I_x ~ x^alpha / (alpha B): start there below the root, step down until the bracket holds.
        double logB = Beta.logBeta(alpha, alpha);
        double lo = Math.min(-1e-3, (logMu - 1 + Math.log(alpha) + logB) / alpha);
        while (Math.log(measureAt(Math.exp(lo))) >= logMu) lo = 2 * lo - 1;
        double s = new BrentSolver(1e-15, 1e-16, 1e-300).solve(500, t -> Math.log(measureAt(Math.exp(t))) - logMu, lo, 0);
        return 2 * Math.asin(Math.sqrt(Math.exp(s)));
    }

    /** The exact optimal mean distance d_opt(mu): the mean chord from a uniform point to a cap of measure mu. */
    public double distance(double mu) {
        double thetaA = capAngle(mu);
        // The density sin^{d-2} peaks at pi/2; on [theta_a, pi] its largest value is at max(theta_a, pi/2).
        double peak = Math.max(thetaA, Math.PI / 2), lo = thetaA, hi = Math.PI;
        if (dim > 2) {
            double s0 = Math.sin(peak) * Math.exp(-LOG_WINDOW / (dim - 2));
            lo = Math.max(lo, Math.asin(s0));
            hi = Math.PI - Math.asin(s0);
        }
        if (!(hi > lo)) return 0;
        double logScale = logDensityConstant + (dim - 2) * Math.log(Math.sin(peak)) + Math.log(2); // >= the integrand's log
        double sum = 0, width = (hi - lo) / PANELS;
        for (int k = 0; k < PANELS; k++) {
            double from = lo + k * width, to = k == PANELS - 1 ? hi : from + width;
            GaussIntegrator gl = GAUSS.legendre(NODES, from, to);
            sum += gl.integrate(t -> Math.exp(logDensityConstant + (dim - 2) * Math.log(Math.sin(t))
                    + Math.log(2 * Math.sin(0.5 * (t - thetaA))) - logScale));
        }
        return sum * Math.exp(logScale);
    }

    /** The Gaussian approximation {@code (z Phi(z) + phi(z)) / sqrt(d)}, z = Phi^-1(1 - mu): the theorem's bound. */
    public double gaussian(double mu) {
        checkMu(mu);
        double z = NormalTail.upperQuantile(mu);
        return (z * NormalTail.cdf(z) + NormalTail.density(z)) / Math.sqrt(dim);
    }

    public Point point(double mu) {
        return new Point(dim, mu, threshold(mu), distance(mu), gaussian(mu));
    }

    /**
     * A log-spaced grid of error measures from {@code max} down to {@code min}: max itself, then the points
     * 10^(-k / perDecade) below it, so that every decade value (1e-1, 1e-2, ...) is on the grid, then min.
     */
    public static double[] muGrid(double max, double min, int perDecade) {
        checkMu(max);
        checkMu(min);
        if (min > max) throw new IllegalArgumentException("--mu-min " + min + ": must be <= --mu-max " + max);
        if (perDecade < 1 || perDecade > 1000) throw new IllegalArgumentException("--per-decade " + perDecade + ": accepted 1 .. 1000");
        java.util.List<Double> grid = new java.util.ArrayList<>(java.util.List.of(max));
        for (long k = (long) Math.floor(-Math.log10(max) * perDecade) + 1; ; k++) {
            double mu = Math.pow(10, -(double) k / perDecade);
            if (mu <= min * (1 + 1e-12)) break; // min itself comes last, exactly
            if (mu < max * (1 - 1e-12)) grid.add(mu);
        }
        if (min < max) grid.add(min);
        return grid.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void checkMu(double mu) {
        if (!(mu >= 1e-300 && mu <= 1 - 1e-16))
            throw new IllegalArgumentException("--mu " + mu + ": an error measure must be in [1e-300, 1 - 1e-16]");
    }
}
