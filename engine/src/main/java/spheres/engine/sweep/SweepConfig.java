package spheres.engine.sweep;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import spheres.engine.attack.AttackConfig;
import spheres.engine.experiment.Preset;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.TrainConfig;

/**
 * What {@code spheres sweep} runs: the same ReLU net (2 x width, batch norm) trained online at every dimension of
 * {@code dims}, then {@code evalSamples} uniform samples per sphere and a nearest-error attack from {@code attackStarts}
 * points of both spheres (half each), {@code attackIters} steps of length {@code attackStep}.
 *
 * <p>The presets (quick: a few minutes on two cores; paper: the paper's net and scale) live in {@link Preset}.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SweepConfig(String preset, List<Integer> dims, float radius, int width, int batch, float lr, long steps,
                          long evalSamples, int attackStarts, int attackIters, float attackStep, long seed) {

    /** The spec's dimensions (section 5 item 4). */
    public static final List<Integer> DIMS = List.of(2, 5, 10, 20, 30, 40, 50, 60, 70, 80, 100, 200, 500);

    /** The sweep of {@code --preset quick} or {@code paper} ({@link Preset}). */
    public static SweepConfig preset(String name) {
        if (!name.equals("quick") && !name.equals("paper")) throw new IllegalArgumentException("--preset " + name + ": accepted: quick, paper");
        return Preset.named(name).sweep();
    }

    /**
     * The settings a user gives over a preset's ({@code spheres sweep --width 300}); null: the preset's value. Each field
     * is the setting of the same name.
     */
    public record Overrides(List<Integer> dims, Integer width, Integer batch, Float lr, Long steps, Long evalSamples,
                            Integer attackStarts, Integer attackIters, Float attackStep, Long seed) {

        /** Whether any setting is given (a resumed sweep takes none: its saved configuration holds). */
        public boolean any() {
            return Stream.of(dims, width, batch, lr, steps, evalSamples, attackStarts, attackIters, attackStep, seed)
                    .anyMatch(Objects::nonNull);
        }

        /** {@code preset} with these settings in place of its own, validated. */
        public SweepConfig applyTo(SweepConfig p) {
            return new SweepConfig(p.preset(), requireNonNullElse(dims, p.dims()), p.radius(), requireNonNullElse(width, p.width()),
                    requireNonNullElse(batch, p.batch()), requireNonNullElse(lr, p.lr()), requireNonNullElse(steps, p.steps()),
                    requireNonNullElse(evalSamples, p.evalSamples()), requireNonNullElse(attackStarts, p.attackStarts()),
                    requireNonNullElse(attackIters, p.attackIters()), requireNonNullElse(attackStep, p.attackStep()),
                    requireNonNullElse(seed, p.seed())).validate();
        }
    }

    public SweepConfig validate() {
        if (dims.isEmpty()) throw new IllegalArgumentException("--dims: give at least one dimension");
        for (int d : dims) if (d < 2) throw new IllegalArgumentException("--dims " + d + ": each dimension must be >= 2");
        if (dims.stream().distinct().count() != dims.size()) throw new IllegalArgumentException("--dims " + dims + ": a dimension is repeated");
        if (evalSamples < 1) throw new IllegalArgumentException("--samples " + evalSamples + ": must be >= 1");
        if (attackStarts < 0) throw new IllegalArgumentException("--attack-starts " + attackStarts + ": must be >= 0 (0: no attack)");
        if (attackIters < 0) throw new IllegalArgumentException("--max-iter " + attackIters + ": must be >= 0");
        if (!(attackStep > 0) || Float.isInfinite(attackStep))
            throw new IllegalArgumentException("--step " + attackStep + ": must be > 0");
        for (int d : dims) train(d); // the model settings, checked once
        return this;
    }

    /** The training run at dimension d. */
    public TrainConfig train(int dim) {
        return new TrainConfig(ModelKind.RELU, dim, radius, width, 2, true, width, batch, lr, steps, 0, true, seed).validate();
    }

    /** The nearest-error attack of every dimension: the spec's nearest mode with this sweep's step and budget. */
    public AttackConfig attack() {
        AttackConfig a = AttackConfig.defaults("nearest");
        return new AttackConfig(a.mode(), attackStep, attackIters, a.tol(), a.bisect(), a.batch());
    }
}
