package spheres.engine.attack;

import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.nn.Sequential;

/**
 * The manifold attack (spec section 4): projected gradient ascent of the true label's loss, keeping every iterate
 * on the sphere through its start, so an error found has the class and density of a correctly classified point.
 * One iteration for a whole batch of starts: forward, input gradient, step of L2 length {@code step} along the
 * row-normalised gradient, rescale back to the start's norm ({@link AttackStep}); only logits come back.
 *
 * <p>The model is used in evaluation mode (batch norm with running statistics), so rows do not interact and a
 * start's path depends on nothing but the start. Every error returned passed a fresh forward pass and lies on its
 * start's sphere to a relative norm error of {@link #NORM_TOLERANCE}.
 */
public final class ManifoldAttack {
    /** Relative norm error allowed for a returned point (float32 rescaling is good to a few 1e-7). */
    public static final double NORM_TOLERANCE = 1e-5;

    /**
     * Called after every iteration of a batch, and once more when the batch is done. {@code startsDone}: the starts
     * of the finished batches; {@code settled}: the starts of the running batch that are done (0 between batches).
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
            progress.update(first + rows, iterations, 0);
        }
        return out;
    }

    /** One batch; returns its last iteration. */
    private int batch(Starts starts, int first, int rows, AttackResult out, Progress progress) {
        boolean[] outer = new boolean[rows];
        float[] x0, r;
        try (Tensor x = backend.allocate(rows, dim); Tensor norms = backend.allocate(rows, 1)) {
            starts.fill(backend, first, x);
            x0 = backend.download(x);
            backend.rowNorms(x, norms);
            r = backend.download(norms);
        }
        for (int i = 0; i < rows; i++) {
            out.radius[first + i] = norm(x0, i, dim);
            outer[i] = out.outer[first + i] = out.radius[first + i] > boundary;
        }
        return iterate(new Batch(first, x0, r, outer), out, progress);
    }

    /**
     * A batch's host state. Rows are the batch's starts; the live rows are those still moving, in the order of
     * {@code live} (device row j is batch row {@code live[j]}).
     */
    private final class Batch {
        final int first, rows;
        final float[] x0, r, last;
        final boolean[] outer, settled;
        final int[] iterations;
        /** nearest: per settled start, its last correct and first wrong iterate. */
        final float[] right, wrong;
        int[] live;

        Batch(int first, float[] x0, float[] r, boolean[] outer) {
            this.first = first;
            this.rows = outer.length;
            this.x0 = x0;
            this.r = r;
            this.outer = outer;
            last = new float[rows * dim];
            settled = new boolean[rows];
            iterations = new int[rows];
            right = config.nearest() ? new float[rows * dim] : null;
            wrong = config.nearest() ? new float[rows * dim] : null;
            live = new int[rows];
            for (int i = 0; i < rows; i++) live[i] = i;
        }

        /** A step over the live rows at the starts. */
        AttackStep start() {
            try (Tensor x = backend.upload(x0, rows, dim)) {
                return new AttackStep(backend, model, x, r, outer, config.step());
            }
        }

        /**
         * Drops the settled rows: a step over the rows still live, carrying their iterates and previous iterates
         * over from {@code step}, which is closed.
         */
        AttackStep compact(AttackStep step) {
            float[] xs = backend.download(step.x), ps = backend.download(step.prev);
            step.close();
            keep(xs);
            int k = 0;
            for (int i : live) if (!settled[i]) k++;
            int[] still = new int[k];
            float[] pts = new float[k * dim], before = new float[k * dim], rk = new float[k];
            boolean[] ok = new boolean[k];
            for (int j = 0, m = 0; j < live.length; j++) {
                int i = live[j];
                if (settled[i]) continue;
                still[m] = i;
                System.arraycopy(xs, j * dim, pts, m * dim, dim);
                System.arraycopy(ps, j * dim, before, m * dim, dim);
                rk[m] = r[i];
                ok[m++] = outer[i];
            }
            live = still;
            try (Tensor x = backend.upload(pts, k, dim)) {
                AttackStep next = new AttackStep(backend, model, x, rk, ok, config.step());
                backend.write(before, next.prev);
                return next;
            }
        }

        /** Keeps the live rows' last iterates (device row j is {@code xs} row j). */
        void keep(float[] xs) {
            for (int j = 0; j < live.length; j++) System.arraycopy(xs, j * dim, last, live[j] * dim, dim);
        }
    }

    /**
     * Iterates one batch to its end, refines and verifies; returns the last iteration. When half the live rows have
     * settled, the step is rebuilt over the rest, so that late starts do not pay for the settled ones.
     */
    private int iterate(Batch b, AttackResult out, Progress progress) {
        boolean nearest = config.nearest();
        float[] zl = new float[b.rows], mv = new float[b.rows];
        int left = b.rows, t = 0;
        boolean measured = false; // worst mode: the last move's lengths are enqueued, not yet read
        AttackStep step = b.start();
        try {
            for (; ; t++) {
                if (left <= b.live.length / 2) { // before the next forward pass
                    if (measured) left -= settleConverged(b, step, t, mv);
                    measured = false;
                    step = b.compact(step);
                }
                step.logits(zl); // the one wait on the device per iteration: the lengths below are ready with the logits
                if (measured) left -= settleConverged(b, step, t, mv);
                measured = false;
                out.pointSteps += b.live.length;
                if (nearest) left -= settleErrors(b, step, t, zl);
                progress.update(b.first, t, b.rows - left);
                if (left == 0 || t == config.maxIter()) break;
                step.move();
                if (!nearest) {
                    step.measureMove();
                    measured = true;
                }
            }
            b.keep(backend.download(step.x));
        } finally {
            step.close();
        }
        for (int i = 0; i < b.rows; i++) if (!b.settled[i]) b.iterations[i] = t;
        float[] candidate = b.last;
        if (nearest) {
            refine(b);
            candidate = b.last.clone();
            for (int i = 0; i < b.rows; i++) if (b.settled[i]) System.arraycopy(b.wrong, i * dim, candidate, i * dim, dim);
        }
        verify(candidate, b.x0, nearest ? b.settled : null, b.first, b.rows, b.iterations, out);
        return t;
    }

    /**
     * Worst mode: live starts whose move to iterate t was a small fraction of the step settle at t (converged: the
     * gradient is normal to the sphere). Returns how many.
     */
    private int settleConverged(Batch b, AttackStep step, int t, float[] mv) {
        step.moveLengths(mv);
        int count = 0;
        for (int j = 0; j < b.live.length; j++) {
            int i = b.live[j];
            if (!b.settled[i] && mv[j] < config.tol() * config.step()) {
                b.settled[i] = true;
                b.iterations[i] = t;
                count++;
            }
        }
        return count;
    }

    /**
     * Nearest mode: live starts whose iterate t is misclassified (logits z, in live order) settle; their first wrong iterate is the current
     * one and their last correct one the previous (or the start itself when it is already wrong). Returns how many.
     */
    private int settleErrors(Batch b, AttackStep step, int t, float[] z) {
        float[] xs = null, ps = null;
        int count = 0;
        for (int j = 0; j < b.live.length; j++) {
            int i = b.live[j];
            if (b.settled[i] || !isError(z[j], b.outer[i])) continue;
            if (xs == null) { // read back only in the iterations where some start settles
                xs = backend.download(step.x);
                ps = t == 0 ? null : backend.download(step.prev);
            }
            b.settled[i] = true;
            b.iterations[i] = t;
            System.arraycopy(xs, j * dim, b.wrong, i * dim, dim);
            if (ps == null) System.arraycopy(b.x0, i * dim, b.right, i * dim, dim);
            else System.arraycopy(ps, j * dim, b.right, i * dim, dim);
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
    private void refine(Batch batch) {
        float[] right = batch.right, wrong = batch.wrong, x0 = batch.x0, r = batch.r;
        int rows = batch.rows, k = 0;
        boolean[] settled = batch.settled;
        int[] iterations = batch.iterations;
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
        for (int j = 0; j < k; j++) outer[j] = batch.outer[which[j]];
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
     * misclassifies it and its norm is the start's. {@code claimed} null (worst mode): every point the fresh pass
     * calls an error is claimed. Fills the batch's rows of {@code out}.
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
            boolean claim = claimed == null ? isError(z[i], out.outer[o]) : claimed[i];
            boolean ok = claim && onSphere && isError(z[i], out.outer[o]);
            if (claim && !ok) out.rejected++;
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
