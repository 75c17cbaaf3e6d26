package spheres.engine.quadratic;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealVector;

/**
 * The exact picture of a quadratic net (the paper's section on it). With {@code W1^T W1 = U diag(lambda) U^T} and
 * {@code z = U^T x}, {@code logit = w sum lambda_i z_i^2 + b = (-b)(sum alpha_i z_i^2 - 1)},
 * {@code alpha_i = w lambda_i / (-b)}: for {@code w > 0, b < 0} the boundary is the ellipsoid
 * {@code sum alpha_i z_i^2 = 1}, and the net is perfect iff every alpha lies in {@code [1/R^2, 1]}.
 *
 * <p>The error rates hold for any signs: on the sphere of radius r, with u uniform, {@code logit = sum k_i u_i^2} with
 * {@code k_i = w r^2 lambda_i + b} (as {@code sum u_i^2 = 1}), and u = g / |g| for a Gaussian g, so the sign is that of
 * {@code sum k_i g_i^2}: a weighted chi-square sum ({@link WeightedChiSquare}). All in float64.
 */
public final class QuadraticAnalysis {
    /** What the signs of w and b make of the net. */
    public enum Signs {
        ELLIPSOID("w > 0, b < 0: the boundary is the ellipsoid sum alpha_i z_i^2 = 1"),
        ALL_INNER("w <= 0, b < 0: every logit is negative; every point is classified inner"),
        ALL_OUTER("w >= 0, b > 0: every logit is positive; every point is classified outer"),
        INVERTED("w < 0, b > 0: points inside the ellipsoid sum alpha_i z_i^2 = 1 are classified outer, outside it inner"),
        NO_BIAS("b = 0: alphas are undefined; the sign of w classifies every point (w > 0: outer, else inner)");

        public final String description;

        Signs(String description) {
            this.description = description;
        }
    }

    /** The point of a sphere with the largest loss, its logit and loss (sigmoid cross-entropy) and its alpha. */
    public record WorstCase(double[] point, double logit, double loss, boolean misclassified, double alpha) {}

    /** An error rate: the CLT estimate, and the exact value with its log10 (finite below the double range). */
    public record Rate(double clt, double exact, double exactLog10) {}

    public final int dim;
    public final double radius, scale, bias;
    public final Signs signs;
    /** Eigenvalues of {@code W1^T W1}, ascending. */
    public final double[] eigenvalues;
    /** {@code alpha_i = w lambda_i / (-b)} in the order of {@link #eigenvalues}; null when b = 0. */
    public final double[] alphas;
    public final WorstCase inner, outer;
    private final double[][] vectors;

    public static QuadraticAnalysis of(QuadraticNet net, double radius) {
        return new QuadraticAnalysis(net.weights(), net.hidden(), net.dim(), net.scale(), net.bias(), radius);
    }

    /** From W1 row-major {@code [h, d]}, w and b, for spheres of radius 1 and R. */
    public QuadraticAnalysis(double[] w1, int h, int d, double w, double b, double radius) {
        if (!(radius > 1)) throw new IllegalArgumentException("radius " + radius + ": must be > 1");
        if (!Double.isFinite(w) || !Double.isFinite(b)) throw new IllegalArgumentException("w = " + w + ", b = " + b + ": not finite");
        this.dim = d;
        this.radius = radius;
        this.scale = w;
        this.bias = b;
        this.signs = b < 0 ? (w > 0 ? Signs.ELLIPSOID : Signs.ALL_INNER) : b > 0 ? (w >= 0 ? Signs.ALL_OUTER : Signs.INVERTED) : Signs.NO_BIAS;
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(gram(w1, h, d), false));
        double[] values = eig.getRealEigenvalues();
        Integer[] order = new Integer[d];
        for (int i = 0; i < d; i++) order[i] = i;
        java.util.Arrays.sort(order, (p, q) -> Double.compare(values[p], values[q]));
        eigenvalues = new double[d];
        vectors = new double[d][];
        for (int i = 0; i < d; i++) {
            eigenvalues[i] = Math.max(0, values[order[i]]); // W1^T W1 is positive semi-definite; rounding may dip below 0
            RealVector v = eig.getEigenvector(order[i]);
            vectors[i] = v.mapDivide(v.getNorm()).toArray();
        }
        if (b != 0) {
            alphas = new double[d];
            for (int i = 0; i < d; i++) alphas[i] = w * eigenvalues[i] / -b;
        } else {
            alphas = null;
        }
        // The inner sphere's worst point maximises w lambda_i (+ b), the outer's minimises it.
        int hi = w >= 0 ? d - 1 : 0, lo = w >= 0 ? 0 : d - 1;
        double innerLogit = w * eigenvalues[hi] + b, outerLogit = radius * radius * w * eigenvalues[lo] + b;
        double[] outerPoint = vectors[lo].clone();
        for (int i = 0; i < d; i++) outerPoint[i] *= radius;
        inner = new WorstCase(vectors[hi].clone(), innerLogit, softplus(innerLogit), innerLogit > 0, alpha(hi));
        outer = new WorstCase(outerPoint, outerLogit, softplus(-outerLogit), outerLogit <= 0, alpha(lo));
    }

    private double alpha(int i) {
        return alphas == null ? Double.NaN : alphas[i];
    }

    /** {@code W1^T W1} in float64, {@code [d, d]}. */
    private static double[][] gram(double[] w1, int h, int d) {
        double[][] g = new double[d][d];
        for (int k = 0; k < h; k++) {
            int row = k * d;
            for (int a = 0; a < d; a++) {
                double wa = w1[row + a];
                if (wa == 0) continue;
                double[] ga = g[a];
                for (int c = a; c < d; c++) ga[c] += wa * w1[row + c];
            }
        }
        for (int a = 0; a < d; a++) for (int c = 0; c < a; c++) g[a][c] = g[c][a];
        return g;
    }

    /** {@code log(1 + e^z)} without overflow: the cross-entropy of logit z for label 0 (and of -z for label 1). */
    static double softplus(double z) {
        return Math.max(z, 0) + Math.log1p(Math.exp(-Math.abs(z)));
    }

    /** The unit eigenvector of {@code eigenvalues[i]}. */
    public double[] eigenvector(int i) {
        return vectors[i].clone();
    }

    /**
     * Alphas below {@code 1/R^2}, inside {@code [1/R^2, 1]}, above 1; null unless the signs make the boundary an
     * ellipsoid (otherwise the range means nothing).
     */
    public int[] counts() {
        if (signs != Signs.ELLIPSOID) return null;
        int below = 0, above = 0;
        double lo = 1 / (radius * radius);
        for (double a : alphas) {
            if (a < lo) below++;
            else if (a > 1) above++;
        }
        return new int[] {below, dim - below - above, above};
    }

    /** Alphas outside {@code [1/R^2, 1]}; all d when the signs rule out an ellipsoid boundary. */
    public int outOfRange() {
        int[] c = counts();
        return c == null ? dim : c[0] + c[2];
    }

    /** The largest loss anywhere on the two spheres. */
    public double worstCaseLoss() {
        return Math.max(inner.loss, outer.loss);
    }

    /** Inner points classified outer: {@code P(sum (w lambda_i + b) g_i^2 > 0)}. */
    public Rate innerRate() {
        WeightedChiSquare q = new WeightedChiSquare(coefficients(1));
        double ln = q.logSurvival(0);
        return new Rate(q.normalSurvival(0), Math.exp(ln), ln / Math.log(10));
    }

    /** Outer points classified inner: {@code P(sum (w R^2 lambda_i + b) g_i^2 <= 0)}. */
    public Rate outerRate() {
        WeightedChiSquare q = new WeightedChiSquare(coefficients(radius));
        double ln = q.logCdf(0);
        return new Rate(q.normalCdf(0), Math.exp(ln), ln / Math.log(10));
    }

    private double[] coefficients(double r) {
        double[] k = new double[dim];
        for (int i = 0; i < dim; i++) k[i] = scale * r * r * eigenvalues[i] + bias;
        return k;
    }
}
