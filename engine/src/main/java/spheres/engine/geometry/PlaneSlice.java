package spheres.engine.geometry;

import spheres.engine.Backend;
import spheres.engine.workflow.TrainedModel;

/**
 * A 2D slice through the origin of the input space: the plane spanned by two orthonormal directions e1, e2, sampled
 * on a square grid of {@code resolution^2} points {@code a e1 + b e2}, {@code a, b} in {@code [-extent, extent]}. The
 * model's logit at each point tells which side of its boundary the point lies on; with the circles r = 1 and r = R
 * drawn over it, this is the paper's picture of where a model is wrong (random planes look right, planes through
 * adversarial points do not).
 *
 * <p>The grid is row-major with row i at {@code b = -extent + i * step} (so row 0 is the bottom of a picture) and
 * column j at {@code a = -extent + j * step}, {@code step = 2 extent / (resolution - 1)}.
 */
public record PlaneSlice(double[] e1, double[] e2, double extent, int resolution, float[] logits) {

    /** Computes the slice of {@code model} in the plane of {@code u} and {@code v} (orthonormalised here). */
    public static PlaneSlice of(Backend backend, TrainedModel model, double[] u, double[] v, double extent, int resolution) {
        int d = model.spec().dim();
        if (u.length != d || v.length != d)
            throw new IllegalArgumentException("slice directions of dimension " + u.length + " and " + v.length + "; the model takes " + d);
        if (resolution < 2) throw new IllegalArgumentException("--resolution " + resolution + ": must be >= 2");
        if (!(extent > 0) || Double.isInfinite(extent)) throw new IllegalArgumentException("--extent " + extent + ": must be > 0");
        double[][] basis = orthonormal(u, v);
        float[] logits = new float[resolution * resolution];
        double step = 2 * extent / (resolution - 1);
        // A few grid rows per pass: the points of a whole 400 x 400 grid at d = 500 would take 320 MB.
        int rowsPerPass = Math.max(1, 4096 / resolution), pointsPerPass = rowsPerPass * resolution;
        float[] x = new float[pointsPerPass * d], part = new float[pointsPerPass];
        for (int i0 = 0; i0 < resolution; i0 += rowsPerPass) {
            int rows = Math.min(rowsPerPass, resolution - i0), p = 0;
            for (int i = i0; i < i0 + rows; i++) {
                double b = -extent + i * step;
                for (int j = 0; j < resolution; j++, p++) {
                    double a = -extent + j * step;
                    for (int k = 0; k < d; k++) x[p * d + k] = (float) (a * basis[0][k] + b * basis[1][k]);
                }
            }
            model.logits(backend, x, p, pointsPerPass, part);
            System.arraycopy(part, 0, logits, i0 * resolution, p);
        }
        return new PlaneSlice(basis[0], basis[1], extent, resolution, logits);
    }

    /** Gram-Schmidt: {@code u / |u|}, and the part of v orthogonal to u, normalised. Refuses parallel or zero vectors. */
    public static double[][] orthonormal(double[] u, double[] v) {
        double[] e1 = scaled(u, 1 / norm(u));
        double along = dot(v, e1);
        double[] e2 = v.clone();
        for (int k = 0; k < e2.length; k++) e2[k] -= along * e1[k];
        double rest = norm(e2);
        if (!(rest > 1e-9 * norm(v)))
            throw new IllegalArgumentException("slice directions are parallel: they span no plane");
        return new double[][] {e1, scaled(e2, 1 / rest)};
    }

    /**
     * The fraction of the circle of radius r in this slice's plane that the model gets wrong: called outer (logit > 0)
     * when {@code outer} is false, called inner when true; from n equally spaced points.
     */
    public double circleErrorFraction(Backend backend, TrainedModel model, double r, boolean outer, int n) {
        int d = e1.length;
        float[] x = new float[n * d], out = new float[n];
        for (int t = 0; t < n; t++) {
            double c = Math.cos(2 * Math.PI * t / n) * r, s = Math.sin(2 * Math.PI * t / n) * r;
            for (int k = 0; k < d; k++) x[t * d + k] = (float) (c * e1[k] + s * e2[k]);
        }
        model.logits(backend, x, n, 4096, out);
        int wrong = 0;
        for (float logit : out) if ((logit > 0) != outer) wrong++;
        return (double) wrong / n;
    }

    /** The fraction of grid points within the annulus {@code r0 <= r <= r1} that the model calls outer (logit > 0). */
    public double outerFraction(double r0, double r1) {
        long in = 0, outer = 0;
        double step = 2 * extent / (resolution - 1);
        for (int i = 0; i < resolution; i++) {
            for (int j = 0; j < resolution; j++) {
                double a = -extent + j * step, b = -extent + i * step, r = Math.hypot(a, b);
                if (r < r0 || r > r1) continue;
                in++;
                if (logits[i * resolution + j] > 0) outer++;
            }
        }
        return in == 0 ? Double.NaN : (double) outer / in;
    }

    private static double norm(double[] a) {
        double s = Math.sqrt(dot(a, a));
        if (!(s > 0) || Double.isInfinite(s)) throw new IllegalArgumentException("slice direction has norm " + s + "; must be finite and > 0");
        return s;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int k = 0; k < a.length; k++) s += a[k] * b[k];
        return s;
    }

    private static double[] scaled(double[] a, double c) {
        double[] out = new double[a.length];
        for (int k = 0; k < a.length; k++) out[k] = a[k] * c;
        return out;
    }
}
