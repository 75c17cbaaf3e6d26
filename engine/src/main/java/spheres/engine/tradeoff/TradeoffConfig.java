package spheres.engine.tradeoff;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.stream.Stream;
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

    /**
     * The settings a user gives over a preset's ({@code spheres tradeoff --steps 2000}); null: the preset's value. Each
     * field is the setting of the same name; the training-set sizes as typed ({@link #trainSize}).
     */
    public record Overrides(List<String> models, List<String> trainSizes, Integer dim, Integer width, Integer hidden, Integer batch,
                            Float lr, Long steps, Integer checkpoints, Long firstCheckpoint, Long evalSamples, Long minErrors,
                            Integer attackStarts, Long seed) {

        /** Whether any setting is given (a resumed trade-off takes none: its saved configuration holds). */
        public boolean any() {
            return Stream.of(models, trainSizes, dim, width, hidden, batch, lr, steps, checkpoints, firstCheckpoint, evalSamples,
                    minErrors, attackStarts, seed).anyMatch(Objects::nonNull);
        }

        /** {@code preset} with these settings in place of its own, validated. */
        public TradeoffConfig applyTo(TradeoffConfig p) {
            List<Long> sizes = trainSizes == null ? p.trainSizes() : trainSizes.stream().map(TradeoffConfig::trainSize).toList();
            return new TradeoffConfig(p.preset(), requireNonNullElse(dim, p.dim()), p.radius(), requireNonNullElse(width, p.width()),
                    requireNonNullElse(hidden, p.hidden()), requireNonNullElse(batch, p.batch()), requireNonNullElse(lr, p.lr()),
                    requireNonNullElse(steps, p.steps()), requireNonNullElse(models, p.models()), sizes,
                    requireNonNullElse(checkpoints, p.checkpoints()), requireNonNullElse(firstCheckpoint, p.firstCheckpoint()),
                    requireNonNullElse(evalSamples, p.evalSamples()), requireNonNullElse(minErrors, p.minErrors()),
                    requireNonNullElse(attackStarts, p.attackStarts()), requireNonNullElse(seed, p.seed())).validate();
        }
    }

    /** A training-set size as typed: "online" (0), or a whole number (1000, 1e6). */
    public static long trainSize(String s) {
        if (s.equalsIgnoreCase("online")) return 0;
        try {
            double v = Double.parseDouble(s);
            if (v >= 0 && v == Math.rint(v) && v <= Integer.MAX_VALUE) return (long) v;
        } catch (NumberFormatException ignored) {
            // the message below names the value
        }
        throw new IllegalArgumentException("--train-sizes " + s + ": accepted: online, or a whole number 0 .. " + Integer.MAX_VALUE);
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
