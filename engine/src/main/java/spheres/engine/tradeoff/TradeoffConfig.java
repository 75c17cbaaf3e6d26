package spheres.engine.tradeoff;

import java.util.List;
import spheres.engine.nn.ModelKind;
import java.util.TreeSet;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;

/**
 * What {@code spheres tradeoff} runs: the three models of the paper's comparison, each trained at several training-set
 * sizes (0 = online), measured at {@code checkpoints} log-spaced steps from {@code firstCheckpoint} to {@code steps}.
 *
 * <p>{@link #quick()} fits a few minutes on two cores: d = 50, hidden widths 100, Adam 1e-3 (10x the paper's, so that
 * 4000 steps go from chance to rare errors), N in {100, 1000, 10000, online}, 100,000 inner samples per checkpoint.
 * {@link #paper()} is the paper's scale: d = 500, widths 1000, Adam 1e-4, 10^6 steps, N in {10^3 .. 10^6, online},
 * 10^7 inner samples per checkpoint, 1000 attack starts.
 */
public record TradeoffConfig(String preset, int dim, float radius, int width, int hidden, int batch, float lr, long steps,
                             List<String> models, List<Long> trainSizes, int checkpoints, long firstCheckpoint,
                             long evalSamples, long minErrors, int attackStarts, long seed) {

    /** ReLU 2 x width with batch norm, the same without (the paper's unspecified second net [C]), the quadratic net. */
    public static final List<String> MODELS = List.of("relu-bn", "relu", "quadratic");

    public static TradeoffConfig quick() {
        return new TradeoffConfig("quick", 50, 1.3f, 100, 100, 50, 1e-3f, 4000, MODELS, List.of(100L, 1000L, 10_000L, 0L),
                8, 25, 100_000, 10, 100, Streams.DEFAULT_SEED);
    }

    public static TradeoffConfig paper() {
        return new TradeoffConfig("paper", 500, 1.3f, 1000, 1000, 50, 1e-4f, 1_000_000, MODELS,
                List.of(1000L, 10_000L, 100_000L, 1_000_000L, 0L), 12, 100, 10_000_000, 10, 1000, Streams.DEFAULT_SEED);
    }

    public static TradeoffConfig preset(String name) {
        switch (name) {
            case "quick": return quick();
            case "paper": return paper();
            default: throw new IllegalArgumentException("--preset " + name + ": accepted: quick, paper");
        }
    }

    public TradeoffConfig validate() {
        if (models.isEmpty()) throw new IllegalArgumentException("--models: name at least one of " + String.join(", ", MODELS));
        for (String m : models)
            if (!MODELS.contains(m)) throw new IllegalArgumentException("--models " + m + ": accepted: " + String.join(", ", MODELS));
        if (trainSizes.isEmpty()) throw new IllegalArgumentException("--train-sizes: give at least one size (0 = online)");
        for (long n : trainSizes) if (n < 0) throw new IllegalArgumentException("--train-sizes " + n + ": must be >= 0 (0 = online)");
        if (checkpoints < 1) throw new IllegalArgumentException("--checkpoints " + checkpoints + ": must be >= 1");
        if (firstCheckpoint < 1 || firstCheckpoint > steps)
            throw new IllegalArgumentException("--first-checkpoint " + firstCheckpoint + ": accepted 1 .. --steps (" + steps + ")");
        if (evalSamples < 1) throw new IllegalArgumentException("--eval-samples " + evalSamples + ": must be >= 1");
        if (minErrors < 1) throw new IllegalArgumentException("--min-errors " + minErrors + ": must be >= 1");
        if (attackStarts < 1) throw new IllegalArgumentException("--attack-starts " + attackStarts + ": must be >= 1");
        for (String m : models) for (long n : trainSizes) train(m, n); // the model settings, checked once
        return this;
    }

    /** The training run of one model at one training-set size. */
    public TrainConfig train(String model, long trainSize) {
        return new TrainConfig(model.equals("quadratic") ? ModelKind.QUADRATIC : ModelKind.RELU, dim, radius, width, 2, model.equals("relu-bn"), hidden, batch,
                lr, steps, trainSize, true, seed).validate();
    }

    /**
     * The measured steps: {@code checkpoints} points log-spaced from {@code firstCheckpoint} to {@code steps}, rounded
     * to whole steps (so fewer when rounding merges some), always including both ends.
     */
    public long[] schedule() {
        TreeSet<Long> at = new TreeSet<>();
        at.add(steps);
        double ratio = (double) steps / firstCheckpoint;
        for (int i = 0; i < checkpoints - 1; i++)
            at.add(Math.round(firstCheckpoint * Math.pow(ratio, checkpoints == 1 ? 1 : (double) i / (checkpoints - 1))));
        return at.stream().mapToLong(Long::longValue).toArray();
    }
}
