package spheres.engine.attack;

import spheres.engine.Backend;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;

/**
 * Accuracy against the input norm (spec section 5, item 2): at each norm r, the fraction of random directions the
 * model classifies as the ideal classifier would (inner below the boundary (1 + R) / 2, outer above), and how many
 * manifold-attack starts at norm r reach a verified error. The paper's reading: no error among random points far
 * from the boundary, yet the attack finds errors as far out as norm 0.6 and 2.4.
 */
public final class NormSweep implements AutoCloseable {
    /** One norm of the sweep. */
    public record Point(double norm, boolean idealOuter, long samples, long ideal, int starts, int found, int rejected) {
        public double fractionIdeal() {
            return samples == 0 ? Double.NaN : (double) ideal / samples;
        }

        public double attackSuccess() {
            return starts == 0 ? Double.NaN : (double) found / starts;
        }
    }

    private final Evaluator evaluator;
    private final ManifoldAttack attack;
    private final float boundary;
    private final long seed, samples;
    private final int starts;

    /**
     * @param samples random directions per norm (stream {@link Streams#NORMS})
     * @param starts  attack starts per norm (the starts of {@code attack --radius r}, stream {@link Streams#ATTACK})
     */
    public NormSweep(Backend backend, Sequential model, int dim, float boundary, long seed, long samples, int chunk,
                     int starts, AttackConfig config) {
        if (samples < 0) throw new IllegalArgumentException("--samples " + samples + ": must be >= 0");
        if (starts < 0) throw new IllegalArgumentException("--starts " + starts + ": must be >= 0");
        this.evaluator = new Evaluator(backend, model, dim, boundary, seed, chunk);
        this.attack = new ManifoldAttack(backend, model, dim, boundary, config);
        this.boundary = boundary;
        this.seed = seed;
        this.samples = samples;
        this.starts = starts;
    }

    /** {@code count} norms evenly spaced from {@code from} to {@code to}, both included. */
    public static float[] grid(float from, float to, int count) {
        if (!(from >= 0) || Float.isInfinite(from)) throw new IllegalArgumentException("--from " + from + ": must be >= 0");
        if (!(to >= from) || Float.isInfinite(to)) throw new IllegalArgumentException("--to " + to + ": must be >= --from " + from);
        if (count < 1 || (count == 1 && to != from))
            throw new IllegalArgumentException("--count " + count + ": must be >= 2 (or 1 when --from equals --to)");
        float[] g = new float[count];
        for (int i = 0; i < count; i++) g[i] = count == 1 ? from : (float) (from + (double) (to - from) * i / (count - 1));
        return g;
    }

    public Point at(float r, ManifoldAttack.Progress progress) {
        boolean idealOuter = r > boundary;
        long calledOuter = evaluator.calledOuter(Streams.NORMS, r, 0, samples);
        AttackResult res = attack.run(Starts.radius(seed, r), starts, progress);
        return new Point(r, idealOuter, samples, idealOuter ? calledOuter : samples - calledOuter, starts, res.foundCount(),
                res.rejected);
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
