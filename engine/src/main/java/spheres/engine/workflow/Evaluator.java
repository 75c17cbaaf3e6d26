package spheres.engine.workflow;

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

    public Evaluator(Backend backend, Sequential model, int dim, float radius, long seed, int chunk) {
        if (chunk < 1) throw new IllegalArgumentException("chunk " + chunk + ": must be >= 1");
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
     * How many of the samples {@code from .. to-1} of {@code stream}, uniform on the sphere of radius {@code r}, the
     * model calls outer (logit > 0). Any radius: the norm sweep asks this off the data spheres.
     */
    public long calledOuter(long stream, float r, long from, long to) {
        long outer = 0;
        for (long start = from; start < to; start += chunk) {
            int n = (int) Math.min(chunk, to - start);
            Tensor xs = n == chunk ? x : backend.allocate(n, dim); // only a last, short chunk allocates
            backend.sampleSpheres(seed, stream, start, r, r, 0.0, xs, null);
            Tensor out = model.forward(xs, false);
            backend.read(out, logits);
            for (int i = 0; i < n; i++) if (logits[i] > 0) outer++;
            if (xs != x) xs.close();
        }
        return outer;
    }

    @Override
    public void close() {
        x.close();
    }
}
