package spheres.engine.workflow;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Map;
import java.util.function.Function;
import spheres.engine.Backend;
import spheres.engine.nn.ModelKind;
import spheres.engine.nn.Sequential;

/**
 * What a training run is: model, data and optimizer settings. Defaults are the paper's ReLU net at d = 500
 * (Adam 1e-4, batch 50, online data); {@link #validate()} refuses what cannot work with one line naming the value.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainConfig(ModelKind model, int dim, float radius, int width, int depth, boolean batchNorm, int hidden,
                          int batch, float lr, long steps, long trainSize, boolean shuffle, long seed) {

    /** The command-line option of each field a run is made of, with its value (what a resumed run must not contradict). */
    public static final Map<String, Function<TrainConfig, Object>> OPTIONS = Map.ofEntries(Map.entry("--model", TrainConfig::model),
            Map.entry("--dim", TrainConfig::dim), Map.entry("--radius", TrainConfig::radius), Map.entry("--width", TrainConfig::width),
            Map.entry("--depth", TrainConfig::depth), Map.entry("--batch-norm", TrainConfig::batchNorm), Map.entry("--hidden", TrainConfig::hidden),
            Map.entry("--batch", TrainConfig::batch), Map.entry("--lr", TrainConfig::lr), Map.entry("--train-size", TrainConfig::trainSize),
            Map.entry("--no-shuffle", c -> !c.shuffle()), Map.entry("--seed", TrainConfig::seed));

    public static TrainConfig paperRelu() {
        return new TrainConfig(ModelKind.RELU, 500, 1.3f, 1000, 2, true, 1000, 50, 1e-4f, 1_000_000, 0, true, Streams.DEFAULT_SEED);
    }

    public TrainConfig validate() {
        if (model == null) throw new IllegalArgumentException("--model: give relu or quadratic");
        if (dim < 2) throw new IllegalArgumentException("--dim " + dim + ": must be >= 2");
        if (!(radius > 1) || Float.isInfinite(radius)) throw new IllegalArgumentException("--radius " + radius + ": the outer radius must be > 1 (the inner is 1)");
        if (width < 1) throw new IllegalArgumentException("--width " + width + ": must be >= 1");
        if (depth < 1) throw new IllegalArgumentException("--depth " + depth + ": must be >= 1");
        if (hidden < 1) throw new IllegalArgumentException("--hidden " + hidden + ": must be >= 1");
        if (batch < 1) throw new IllegalArgumentException("--batch " + batch + ": must be >= 1");
        if (batch < 2 && model == ModelKind.RELU && batchNorm)
            throw new IllegalArgumentException("--batch " + batch + ": batch norm needs a batch of at least 2");
        if (!(lr > 0) || Float.isInfinite(lr)) throw new IllegalArgumentException("--lr " + lr + ": must be > 0");
        if (steps < 0) throw new IllegalArgumentException("--steps " + steps + ": must be >= 0");
        if (trainSize < 0) throw new IllegalArgumentException("--train-size " + trainSize + ": must be >= 0 (0 = online)");
        return this;
    }

    /** The model's own fields, as its checkpoint records them. */
    public ModelSpec spec() {
        return ModelSpec.of(model, dim, radius, width, depth, batchNorm, hidden);
    }

    /** A freshly initialised model of this configuration (its seed draws the initial weights). */
    public Sequential newModel(Backend backend) {
        return spec().newModel(backend, seed);
    }

    /** The model's parameters (trainable ones and batch-norm statistics), counted without building it. */
    public long parameters() {
        if (model == ModelKind.QUADRATIC) return (long) dim * hidden + 2;
        long perLayer = batchNorm ? 4L * width : 0; // gamma, beta, running mean and variance
        return (long) dim * width + width + perLayer + (depth - 1) * ((long) width * width + width + perLayer) + width + 1;
    }

    /**
     * The heap bytes a run of this configuration takes on the CPU backend, estimated before allocating: weights with their
     * gradients and Adam's two moments, the host copies a checkpoint makes of weights and moments, and the activations
     * of one batch (input, and per hidden layer the Linear, batch-norm and ReLU outputs with their gradients).
     */
    public long bytes() {
        long hiddenUnits = model == ModelKind.QUADRATIC ? hidden : (long) depth * width;
        long activations = (long) batch * (2L * dim + 6 * hiddenUnits + 4);
        return 4 * (4 * parameters() + 3 * parameters() + activations);
    }

    /** The same run with another step budget (a resumed run may extend it). */
    public TrainConfig withSteps(long steps) {
        return new TrainConfig(model, dim, radius, width, depth, batchNorm, hidden, batch, lr, steps, trainSize, shuffle, seed).validate();
    }

    public boolean online() {
        return trainSize == 0;
    }
}
