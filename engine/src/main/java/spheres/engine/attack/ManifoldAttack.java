package spheres.engine.attack;

import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.nn.Sequential;

/**
 * The manifold attack (spec section 4): projected gradient ascent of the true label's loss, keeping every iterate
 * on the sphere through its start, so an error found has the class and density of a correctly classified point.
 * One iteration for a whole batch of starts: forward, input gradient, step of L2 length {@code step} along the
 * row-normalised gradient, rescale back to the start's norm; all of it backend ops, only logits come back.
 *
 * <p>The ascent direction of the sigmoid cross-entropy of label y is {@code (sigmoid(z) - y) dz/dx}, and
 * {@code sigmoid(z) - y} has the fixed sign {@code +1} for inner (y = 0) and {@code -1} for outer starts. Since
 * each row's step is normalised, we backpropagate that sign instead of the loss gradient: the same direction,
 * without the underflow of {@code sigmoid(z) - y} to 0 that stalls the attack on a confident model.
 *
 * <p>The model is used in evaluation mode (batch norm with running statistics), so rows do not interact and a
 * start's path depends on nothing but the start. Every error returned passed a fresh forward pass and lies on its
 * start's sphere to a relative norm error of {@link #NORM_TOLERANCE}.
 */
public final class ManifoldAttack {
    /** Relative norm error allowed for a returned point (float32 rescaling is good to a few 1e-7). */
    public static final double NORM_TOLERANCE = 1e-5;

    /**
     * Called after every iteration of a batch with the starts of the batches before it, and once when the batch is
     * done with the starts of all batches so far; {@code settled} counts the batch's starts that are done.
     */
    @FunctionalInterface
    public interface Progress {
        void update(long startsDone, int iteration, int settled);
    }

    private final Backend backend;
    private final Sequential model;
    private final int dim;
    private final float boundary;
    private final AttackConfig config;

    /**
     * @param boundary the ideal boundary radius (1 + R) / 2: a start is of the outer class when its norm is above it
     */
    public ManifoldAttack(Backend backend, Sequential model, int dim, float boundary, AttackConfig config) {
        this.backend = backend;
        this.model = model;
        this.dim = dim;
        this.boundary = boundary;
        this.config = config.validate();
    }

    public AttackConfig config() {
        return config;
    }

    /** The model errs when it calls an outer point inner or an inner point outer (logit > 0 means outer). */
    static boolean isError(float logit, boolean outer) {
        return (logit > 0) != outer;
    }

    /** Attacks starts {@code 0 .. n-1}, {@code config.batch()} at a time. */
    public AttackResult run(Starts starts, int n, Progress progress) {
        if (n < 0) throw new IllegalArgumentException("--starts " + n + ": must be >= 0");
        AttackResult out = new AttackResult(n, dim);
        for (int first = 0; first < n; first += config.batch()) {
            int rows = Math.min(config.batch(), n - first);
            int iterations = batch(starts, first, rows, out, progress);
            progress.update(first + rows, iterations, rows);
        }
        return out;
    }

    /** One batch; returns its last iteration. */
    private int batch(Starts starts, int first, int rows, AttackResult out, Progress progress) {
        try (Tensor x = backend.allocate(rows, dim); Tensor prev = backend.allocate(rows, dim);
             Tensor radii = backend.allocate(rows, 1); Tensor stepLength = backend.allocate(rows, 1);
             Tensor sign = backend.allocate(rows, 1); Tensor moved = backend.allocate(rows, 1)) {
            starts.fill(backend, first, x);
            float[] x0 = backend.download(x);
            backend.rowNorms(x, radii);
            float[] r = backend.download(radii), s = new float[rows];
            for (int i = 0; i < rows; i++) {
                out.radius[first + i] = norm(x0, i, dim);
                out.outer[first + i] = r[i] > boundary;
                s[i] = out.outer[first + i] ? -1f : 1f;
            }
            backend.write(s, sign);
            backend.fill(stepLength, config.step());

            boolean nearest = config.nearest();
            boolean[] settled = new boolean[rows];
            int[] iterations = new int[rows];
            float[] z = new float[rows], mv = new float[rows];
            // nearest: per settled start, its last correct and first wrong iterate
            float[] right = nearest ? new float[rows * dim] : null, wrong = nearest ? new float[rows * dim] : null;
            int left = rows, t = 0;
            for (; ; t++) {
                backend.read(model.forward(x, false), z);
                out.pointSteps += rows;
                if (nearest) left -= settleErrors(x, prev, x0, t, z, first, settled, iterations, right, wrong, out);
                progress.update(first, t, rows - left);
                if (left == 0 || t == config.maxIter()) break;
                Tensor g = model.inputGradient(sign);
                backend.rescaleRows(g, stepLength);
                backend.copy(x, prev);
                backend.axpy(1f, g, x);
                backend.rescaleRows(x, radii);
                if (!nearest) { // converged: the projected step is a small fraction of the step (gradient normal to the sphere)
                    backend.axpy(-1f, x, prev); // prev becomes the step taken; worst mode needs no previous iterate
                    backend.rowNorms(prev, moved);
                    backend.read(moved, mv);
                    for (int i = 0; i < rows; i++)
                        if (!settled[i] && mv[i] < config.tol() * config.step()) {
                            settled[i] = true;
                            iterations[i] = t + 1;
                            left--;
                        }
                }
            }
            for (int i = 0; i < rows; i++) if (!settled[i]) iterations[i] = t;
            float[] last = backend.download(x);
            float[] candidate = last;
            if (nearest) {
                refine(right, wrong, x0, r, settled, iterations, rows);
                candidate = last.clone();
                for (int i = 0; i < rows; i++) if (settled[i]) System.arraycopy(wrong, i * dim, candidate, i * dim, dim);
            }
            boolean[] claimed = new boolean[rows];
            for (int i = 0; i < rows; i++) claimed[i] = nearest ? settled[i] : isError(z[i], out.outer[first + i]);
            verify(candidate, x0, claimed, first, rows, iterations, out);
            return t;
        }
    }

    /**
     * Nearest mode: starts whose iterate t is misclassified settle; their first wrong iterate is x and their last
     * correct one is prev (or the start itself when it is already wrong). Returns how many settled.
     */
    private int settleErrors(Tensor x, Tensor prev, float[] x0, int t, float[] z, int first, boolean[] settled,
                             int[] iterations, float[] right, float[] wrong, AttackResult out) {
        float[] xs = null, ps = null;
        int count = 0;
        for (int i = 0; i < settled.length; i++) {
            if (settled[i] || !isError(z[i], out.outer[first + i])) continue;
            if (xs == null) { // read back only in the iterations where some start settles
                xs = backend.download(x);
                ps = t == 0 ? x0 : backend.download(prev);
            }
            settled[i] = true;
            iterations[i] = t;
            System.arraycopy(xs, i * dim, wrong, i * dim, dim);
            System.arraycopy(ps, i * dim, right, i * dim, dim);
            count++;
        }
        return count;
    }

    /**
     * Bisection on the sphere between each settled start's last correct and first wrong iterate: the midpoint of the
     * arc is their sum rescaled to the radius; it replaces the end whose side it is on. All pairs of the batch go
     * through one forward pass per halving. A refined point is kept only when no farther from the start than the
     * first wrong iterate (on a short arc it always is, unless the path turned back towards the start).
     */
    private void refine(float[] right, float[] wrong, float[] x0, float[] r, boolean[] settled, int[] iterations, int rows) {
        int k = 0;
        int[] which = new int[rows];
        for (int i = 0; i < rows; i++) if (settled[i] && iterations[i] > 0) which[k++] = i;
        if (k == 0 || config.bisect() == 0) return;
        float[] a = new float[k * dim], b = new float[k * dim], rk = new float[k], zm = new float[k];
        for (int j = 0; j < k; j++) {
            System.arraycopy(right, which[j] * dim, a, j * dim, dim);
            System.arraycopy(wrong, which[j] * dim, b, j * dim, dim);
            rk[j] = r[which[j]];
        }
        boolean[] outer = new boolean[k];
        for (int j = 0; j < k; j++) outer[j] = r[which[j]] > boundary;
        try (Tensor ta = backend.upload(a, k, dim); Tensor tb = backend.upload(b, k, dim); Tensor mid = backend.allocate(k, dim);
             Tensor radii = backend.upload(rk, k, 1)) {
            for (int h = 0; h < config.bisect(); h++) {
                backend.copy(ta, mid);
                backend.axpy(1f, tb, mid);
                backend.rescaleRows(mid, radii);
                backend.read(model.forward(mid, false), zm);
                float[] m = backend.download(mid);
                for (int j = 0; j < k; j++) System.arraycopy(m, j * dim, isError(zm[j], outer[j]) ? b : a, j * dim, dim);
                backend.write(a, ta);
                backend.write(b, tb);
            }
        }
        for (int j = 0; j < k; j++) {
            int i = which[j];
            if (distance(b, j, x0, i, dim) <= distance(wrong, i, x0, i, dim)) System.arraycopy(b, j * dim, wrong, i * dim, dim);
        }
    }

    /**
     * A fresh forward pass over the points to be returned: a claimed error counts only if the model still
     * misclassifies it and its norm is the start's. Fills the batch's rows of {@code out}.
     */
    private void verify(float[] points, float[] x0, boolean[] claimed, int first, int rows, int[] iterations, AttackResult out) {
        float[] z = new float[rows];
        try (Tensor p = backend.upload(points, rows, dim)) {
            backend.read(model.forward(p, false), z);
        }
        for (int i = 0; i < rows; i++) {
            int o = first + i;
            double r0 = out.radius[o], norm = norm(points, i, dim);
            boolean onSphere = Math.abs(norm - r0) <= NORM_TOLERANCE * r0;
            boolean ok = claimed[i] && onSphere && isError(z[i], out.outer[o]);
            if (claimed[i] && !ok) out.rejected++;
            out.found[o] = ok;
            out.iterations[o] = iterations[i];
            out.logit[o] = z[i];
            out.distance[o] = distance(points, i, x0, i, dim);
            System.arraycopy(points, i * dim, out.points, o * dim, dim);
        }
    }

    static double norm(float[] a, int row, int dim) {
        double s = 0;
        for (int c = row * dim, e = c + dim; c < e; c++) s += (double) a[c] * a[c];
        return Math.sqrt(s);
    }

    static double distance(float[] a, int rowA, float[] b, int rowB, int dim) {
        double s = 0;
        for (int c = 0; c < dim; c++) {
            double d = (double) a[rowA * dim + c] - b[rowB * dim + c];
            s += d * d;
        }
        return Math.sqrt(s);
    }
}
