package spheres.engine.tradeoff;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.TreeSet;
import spheres.engine.experiment.Preset;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.TrainConfig;

/**
 * What {@code spheres tradeoff} runs: the three models of the paper's comparison, each trained at several training-set
 * sizes (0 = online), measured at {@code checkpoints} log-spaced steps from {@code firstCheckpoint} to {@code steps}.
 *
 * <p>The presets (quick: a few minutes on two cores; paper: d = 500, widths 1000, Adam 1e-4, 10^6 steps, N in
 * {10^3 .. 10^6, online}, 10^7 inner samples per checkpoint, 1000 attack starts) live in {@link Preset}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TradeoffConfig(String preset, int dim, float radius, int width, int hidden, int batch, float lr, long steps,
                             List<String> models, List<Long> trainSizes, int checkpoints, long firstCheckpoint,
                             long evalSamples, long minErrors, int attackStarts, long seed) {

    /** ReLU 2 x width with batch norm, the same without (the paper's unspecified second net [C]), the quadratic net. */
    public static final List<String> MODELS = List.of("relu-bn", "relu", "quadratic");

    /** The trade-off of {@code --preset quick} or {@code paper} ({@link Preset}). */
    public static TradeoffConfig preset(String name) {
        if (!name.equals("quick") && !name.equals("paper")) throw new IllegalArgumentException("--preset " + name + ": accepted: quick, paper");
        return Preset.named(name).tradeoff();
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
        if (evalSamples < 1) throw new IllegalArgumentException("--samples " + evalSamples + ": must be >= 1");
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
