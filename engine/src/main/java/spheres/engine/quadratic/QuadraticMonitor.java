package spheres.engine.quadratic;

import spheres.engine.Backend;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;

/**
 * What a quadratic-net training run logs at a checkpoint: the mean loss on training points and on test points (by
 * sampling), against the exact worst-case loss and the number of alphas out of {@code [1/R^2, 1]} (from the alphas).
 * The paper's point: the mean losses fall while the worst case rises and alphas leave the range.
 */
public final class QuadraticMonitor implements AutoCloseable {
    public record Row(double trainLoss, double testLoss, double worstCaseLoss, int alphasOutOfRange) {}

    private final TrainConfig config;
    private final Sequential model;
    private final Evaluator evaluator;
    private final long samples;

    /** Mean losses over {@code samples} points each: the first ones of the training stream, and test points. */
    public QuadraticMonitor(Backend backend, Sequential model, TrainConfig config, long samples) {
        if (samples < 1) throw new IllegalArgumentException("--loss-samples " + samples + ": must be >= 1");
        this.config = config;
        this.model = model;
        this.samples = config.online() ? samples : Math.min(samples, config.trainSize());
        this.evaluator = new Evaluator(backend, model, config.dim(), config.radius(), config.seed(), (int) Math.min(this.samples, 10_000));
    }

    public Row measure() {
        long trainStream = config.online() ? Streams.TRAIN_ONLINE : Streams.TRAIN_SET;
        QuadraticAnalysis a = QuadraticAnalysis.of(QuadraticNet.of(model), config.radius());
        return new Row(evaluator.meanLoss(trainStream, 0, samples), evaluator.meanLoss(Streams.TEST, 0, samples),
                a.worstCaseLoss(), a.outOfRange());
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
