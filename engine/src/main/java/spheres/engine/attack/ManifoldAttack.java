package spheres.engine.attack;

import java.util.Arrays;
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
            for (int i = 0; i < rows; i++) {
                out.radius[first + i] = norm(x0, i, dim);
                outer[i] = out.outer[first + i] = out.radius[first + i] > boundary;
            }
            try (Batch b = new Batch(first, x0, r, outer)) {
                return iterate(b, x, out, progress);
            }
        }
    }

    /**
     * A batch's state. Rows are the batch's starts; the live rows are those still moving, in the order of
     * {@code live} (device row j of the step is batch row {@code live[j]}). A start that settles leaves its point on
     * the device, in batch row order: {@code found} (its iterate where it stopped, or the last one) and, nearest
     * mode, {@code before} (the iterate before it, the correct end of the bisection).
     */
    private final class Batch implements AutoCloseable {
        final int first, rows;
        final float[] x0, r;
        final boolean[] outer, settled;
        final int[] iterations;
        final Tensor found, before;
        int[] live;

        Batch(int first, float[] x0, float[] r, boolean[] outer) {
            this.first = first;
            this.rows = outer.length;
            this.x0 = x0;
            this.r = r;
            this.outer = outer;
            settled = new boolean[rows];
            iterations = new int[rows];
            found = backend.allocate(rows, dim);
            before = config.nearest() ? backend.allocate(rows, dim) : null;
            live = new int[rows];
            for (int i = 0; i < rows; i++) live[i] = i;
        }

        /** The batch rows of the live rows {@code js} (device order). */
        int[] batchRows(int[] js) {
            int[] to = new int[js.length];
            for (int k = 0; k < js.length; k++) to[k] = live[js[k]];
            return to;
        }

        /**
         * Settles the live rows {@code js} at iterate t: their iterates (and, nearest mode after the start, the
         * previous ones) are copied on the device into their batch rows.
         */
        void settle(AttackStep step, int[] js, int t) {
            int[] to = batchRows(js);
            for (int i : to) {
                settled[i] = true;
                iterations[i] = t;
            }
            backend.copyRows(step.x, js, found, to);
            if (before != null && t > 0) backend.copyRows(step.prev, js, before, to); // at t = 0 there is no step to bisect
        }

        /** Keeps the iterates of the live rows {@code js} in their batch rows of {@code found}. */
        void keep(AttackStep step, int[] js) {
            backend.copyRows(step.x, js, found, batchRows(js));
        }

        /** Device rows of the live starts not yet settled. */
        int[] moving() {
            int k = 0;
            for (int i : live) if (!settled[i]) k++;
            int[] js = new int[k];
            for (int j = 0, m = 0; j < live.length; j++) if (!settled[live[j]]) js[m++] = j;
            return js;
        }

        /** Drops the settled rows: a step over the moving rows, gathered on the device; {@code step} is closed. */
        AttackStep compact(AttackStep step) {
            int[] js = moving();
            try (step) {
                live = batchRows(js);
                return step.rows(js);
            }
        }

        @Override
        public void close() {
            found.close();
            if (before != null) before.close();
        }
    }

    /**
     * The mode's stop rule: which live rows settle at iterate t, read after its forward pass. Nearest: the
     * misclassified ones (their first error). Worst: those whose move to iterate t was shorter than {@code tol} of a
     * step (converged: the gradient is normal to the sphere).
     */
    private interface StopRule {
        /** Reads what the rule needs about iterate t; z: the logits of the live rows (device order). */
        void observe(AttackStep step, float[] z, int t);

        boolean settles(Batch b, int j);

        /** After each move: enqueues what {@link #observe} reads, so that the one wait per iteration serves both. */
        void afterMove(AttackStep step);
    }

    private static final class FirstError implements StopRule {
        private float[] z;

        @Override
        public void observe(AttackStep step, float[] z, int t) {
            this.z = z;
        }

        @Override
        public boolean settles(Batch b, int j) {
            return isError(z[j], b.outer[b.live[j]]);
        }

        @Override
        public void afterMove(AttackStep step) {}
    }

    private static final class Converged implements StopRule {
        private final float below;
        private final float[] moved;
        private boolean any;

        Converged(AttackConfig config, int rows) {
            below = config.tol() * config.step();
            moved = new float[rows];
        }

        @Override
        public void observe(AttackStep step, float[] z, int t) {
            any = t > 0;
            if (any) step.moveLengths(moved);
        }

        @Override
        public boolean settles(Batch b, int j) {
            return any && moved[j] < below;
        }

        @Override
        public void afterMove(AttackStep step) {
            step.measureMove();
        }
    }

    /**
     * Iterates one batch to its end, refines and verifies; returns the last iteration. Per iteration the host reads
     * the logits (and, worst mode, the move lengths) of the live rows and nothing else; points stay on the device.
     * When half the live rows have settled, the step is rebuilt over the rest, so that late starts do not pay for
     * the settled ones.
     */
    private int iterate(Batch b, Tensor starts, AttackResult out, Progress progress) {
        StopRule rule = config.nearest() ? new FirstError() : new Converged(config, b.rows);
        float[] z = new float[b.rows];
        int[] settling = new int[b.rows];
        int left = b.rows, t = 0;
        AttackStep step = new AttackStep(backend, model, starts, b.r, b.outer, config.step());
        try {
            for (; ; t++) {
                if (left <= b.live.length / 2) step = b.compact(step); // before the forward pass that the next move needs
                step.logits(z); // the one wait on the device per iteration
                rule.observe(step, z, t);
                out.pointSteps += b.live.length;
                int k = 0;
                for (int j = 0; j < b.live.length; j++) if (!b.settled[b.live[j]] && rule.settles(b, j)) settling[k++] = j;
                if (k > 0) b.settle(step, Arrays.copyOf(settling, k), t);
                left -= k;
                progress.update(b.first, t, b.rows - left);
                if (left == 0 || t == config.maxIter()) break;
                step.move();
                rule.afterMove(step);
            }
            b.keep(step, b.moving());
        } finally {
            step.close();
        }
        for (int i = 0; i < b.rows; i++) if (!b.settled[i]) b.iterations[i] = t;
        float[] points = backend.download(b.found);
        if (config.nearest()) refine(b, points);
        verify(b, points, out);
        return t;
    }

    /**
     * Bisection on the sphere between each settled start's last correct and first wrong iterate: the midpoint of the
     * arc is their sum rescaled to the radius; it replaces the end whose side it is on. All pairs of the batch go
     * through one forward pass per halving, on the device: a pair is held as (p, q), the end the model calls outer
     * (logit > 0) and the one it calls inner, so the midpoint's logit alone says which end it replaces
     * ({@link Backend#selectRows}) and nothing is read back until the end. A refined point replaces the first wrong
     * iterate in {@code points} only when no farther from the start (on a short arc it always is, unless the path
     * turned back towards the start).
     */
    private void refine(Batch b, float[] points) {
        int[] which = new int[b.rows];
        int k = 0, innerCount = 0;
        for (int i = 0; i < b.rows; i++) {
            if (!b.settled[i] || b.iterations[i] == 0) continue;
            which[k++] = i;
            if (!b.outer[i]) innerCount++;
        }
        if (k == 0 || config.bisect() == 0) return;
        // An inner start's wrong end is called outer (p), an outer start's is called inner (q).
        int[] inner = new int[innerCount], innerAt = new int[innerCount], outer = new int[k - innerCount], outerAt = new int[k - innerCount];
        float[] rk = new float[k];
        for (int j = 0, ni = 0, no = 0; j < k; j++) {
            int i = which[j];
            rk[j] = b.r[i];
            if (b.outer[i]) {
                outer[no] = i;
                outerAt[no++] = j;
            } else {
                inner[ni] = i;
                innerAt[ni++] = j;
            }
        }
        try (Tensor p = backend.allocate(k, dim); Tensor q = backend.allocate(k, dim); Tensor mid = backend.allocate(k, dim);
             Tensor radii = backend.upload(rk, k, 1)) {
            backend.copyRows(b.found, inner, p, innerAt);
            backend.copyRows(b.before, inner, q, innerAt);
            backend.copyRows(b.before, outer, p, outerAt);
            backend.copyRows(b.found, outer, q, outerAt);
            for (int h = 0; h < config.bisect(); h++) {
                backend.copy(p, mid);
                backend.axpy(1f, q, mid);
                backend.rescaleRows(mid, radii);
                Tensor z = model.forward(mid, false);
                backend.selectRows(z, mid, p, p);
                backend.selectRows(z, q, mid, q);
            }
            float[] pv = backend.download(p), qv = backend.download(q);
            for (int j = 0; j < k; j++) {
                int i = which[j];
                float[] wrong = b.outer[i] ? qv : pv;
                if (distance(wrong, j, b.x0, i, dim) <= distance(points, i, b.x0, i, dim))
                    System.arraycopy(wrong, j * dim, points, i * dim, dim);
            }
        }
    }

    /**
     * A fresh forward pass over the points to be returned: a claimed error counts only if the model still
     * misclassifies it and its norm is the start's. Nearest mode claims the settled starts; worst mode every point
     * the fresh pass calls an error. Fills the batch's rows of {@code out}.
     */
    private void verify(Batch b, float[] points, AttackResult out) {
        float[] z = new float[b.rows];
        try (Tensor p = backend.upload(points, b.rows, dim)) {
            backend.read(model.forward(p, false), z);
        }
        for (int i = 0; i < b.rows; i++) {
            int o = b.first + i;
            double r0 = out.radius[o], norm = norm(points, i, dim);
            boolean onSphere = Math.abs(norm - r0) <= NORM_TOLERANCE * r0;
            boolean claim = config.nearest() ? b.settled[i] : isError(z[i], out.outer[o]);
            boolean ok = claim && onSphere && isError(z[i], out.outer[o]);
            if (claim && !ok) out.rejected++;
            out.found[o] = ok;
            out.iterations[o] = b.iterations[i];
            out.logit[o] = z[i];
            out.distance[o] = distance(points, i, b.x0, i, dim);
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
