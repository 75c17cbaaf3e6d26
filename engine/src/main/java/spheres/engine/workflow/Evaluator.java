package spheres.engine.workflow;

import java.util.function.LongConsumer;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.nn.Sequential;

/**
 * Error rates by sampling: n uniform points per sphere through the model in evaluation mode, in chunks. Chunk k
 * of a sphere holds its samples {@code k C .. k C + C - 1}, so the count is the same for any chunk order, thread
 * count or resumption point.
 */
public final class Evaluator implements AutoCloseable {
    private final Backend backend;
    private final Sequential model;
    private final int dim, chunk;
    private final long seed;
    private final float radius;
    private final Tensor x;
    private final float[] logits;
    private Tensor labels;

    public Evaluator(Backend backend, Sequential model, int dim, float radius, long seed, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("chunk " + chunk + ": must be >= 1");
        if (backend instanceof spheres.engine.cpu.CpuBackend) {
            // A chunk's input, and per Linear its output through batch norm and the activation (about three buffers).
            long units = model.layers().stream().mapToLong(l -> l instanceof spheres.engine.nn.Linear lin ? lin.out : 0).sum();
            Memory.require(4L * chunk * (dim + 3 * units + 1), "an evaluation in chunks of " + chunk + " samples", "a smaller --chunk");
        }
        this.backend = backend;
        this.model = model;
        this.dim = dim;
        this.radius = radius;
        this.seed = seed;
        this.chunk = chunk;
        this.x = backend.allocate(chunk, dim);
        this.logits = new float[chunk];
    }

    /** Errors among samples {@code from .. to-1} of one sphere: inner points called outer, or outer called inner. */
    public long errors(boolean outer, long from, long to) {
        long calledOuter = calledOuter(outer ? Streams.EVAL_OUTER : Streams.EVAL_INNER, outer ? radius : 1f, from, to);
        return outer ? (to - from) - calledOuter : calledOuter;
    }

    /**
     * Errors among the first n samples of one sphere, counted chunk by chunk (sample i is a pure function of its
     * index, so the count is that of one call), each chunk's size reported to {@code progress} as it is done.
     */
    public ErrorRate rate(boolean outer, long n, LongConsumer progress) {
        long errors = 0;
        try (Backend.Frozen weights = model.freeze()) { // held for all chunks, so the weights are packed once
            for (long from = 0; from < n; from += chunk) {
                long to = Math.min(n, from + chunk);
                errors += errors(outer, from, to);
                progress.accept(to - from);
            }
        }
        return new ErrorRate(errors, n);
    }

    /**
     * How many of the samples {@code from .. to-1} of {@code stream}, uniform on the sphere of radius {@code r}, the
     * model calls outer (logit > 0). Any radius: the norm sweep asks this off the data spheres.
     */
    public long calledOuter(long stream, float r, long from, long to) {
        long outer = 0;
        try (Backend.Frozen weights = model.freeze()) {
            for (long start = from; start < to; start += chunk) {
                int n = (int) Math.min(chunk, to - start);
                Tensor xs = n == chunk ? x : backend.allocate(n, dim); // only a last, short chunk allocates
                backend.sampleSpheres(seed, stream, start, r, r, 0.0, xs, null);
                Tensor out = model.forward(xs, false);
                backend.read(out, logits);
                for (int i = 0; i < n; i++) if (logits[i] > 0) outer++;
                if (xs != x) xs.close();
            }
        }
        return outer;
    }

    /**
     * Errors on the points of a user's file, per label: {@code {inner errors, inner points, outer errors, outer points}}
     * where an inner point (label 0) is an error when its logit is above 0, and an outer one when it is not.
     */
    public long[] errors(LabeledPoints points) {
        if (points.dim() != dim)
            throw new IllegalArgumentException(points.source() + ": points of dimension " + points.dim() + "; the model takes " + dim);
        long[] counts = new long[4];
        float[] rows = new float[chunk * dim];
        try (Backend.Frozen weights = model.freeze()) {
            for (int start = 0; start < points.n(); start += chunk) {
                int n = Math.min(chunk, points.n() - start);
                Tensor xs = n == chunk ? x : backend.allocate(n, dim);
                System.arraycopy(points.x(), start * dim, rows, 0, n * dim);
                backend.write(rows, xs);
                backend.read(model.forward(xs, false), logits);
                for (int i = 0; i < n; i++) {
                    boolean outer = points.y()[start + i] > 0.5f;
                    int k = outer ? 2 : 0;
                    counts[k + 1]++;
                    if ((logits[i] > 0) != outer) counts[k]++;
                }
                if (xs != x) xs.close();
            }
        }
        return counts;
    }

    /**
     * The mean sigmoid cross-entropy over samples {@code from .. to-1} of a labelled stream, drawn as training draws
     * them (either sphere with probability 1/2, label 1 = outer): the training loss on the training set's stream, the
     * test loss on {@link Streams#TEST}.
     */
    public double meanLoss(long stream, long from, long to) {
        if (labels == null) labels = backend.allocate(chunk, 1);
        double sum = 0;
        try (Backend.Frozen weights = model.freeze()) {
            for (long start = from; start < to; start += chunk) {
                int n = (int) Math.min(chunk, to - start);
                Tensor xs = n == chunk ? x : backend.allocate(n, dim), ys = n == chunk ? labels : backend.allocate(n, 1);
                backend.sampleSpheres(seed, stream, start, 1f, radius, 0.5, xs, ys);
                sum += n * backend.bceWithLogits(model.forward(xs, false), ys, null);
                if (xs != x) {
                    xs.close();
                    ys.close();
                }
            }
        }
        return sum / (to - from);
    }

    @Override
    public void close() {
        x.close();
        if (labels != null) labels.close();
    }
}
