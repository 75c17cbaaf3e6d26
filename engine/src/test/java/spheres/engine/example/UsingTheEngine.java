package spheres.engine.example;

import java.io.IOException;
import java.nio.file.Path;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.attack.NearestErrorAttack;
import spheres.engine.nn.ModelKind;
import spheres.engine.tradeoff.NearestErrorDistance;
import spheres.engine.workflow.ErrorRate;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainedModel;
import spheres.engine.workflow.TrainingRun;

/**
 * The README's "Using the engine from Java", as code that compiles: {@code ReadmeExampleTest} checks that the README
 * quotes the text between the markers exactly, and runs {@link #main}.
 */
public final class UsingTheEngine {
    private UsingTheEngine() {}

    /** What the example measured. */
    public record Outcome(long steps, ErrorRate inner, ErrorRate outer, NearestErrorDistance.Estimate attack) {}

    // README-BEGIN
    public static Outcome run(Path dir) throws IOException {
        // A small ReLU net (d 10, 2 x 64, batch norm) trained online for 300 steps; checkpoints land in dir.
        TrainConfig config = new TrainConfig(ModelKind.RELU, 10, 1.3f, 64, 2, true, 64, 50, 1e-3f, 300, 0, true,
                Streams.DEFAULT_SEED).validate();
        try (Backend backend = Backends.open("cpu", 2)) {          // or "opencl", "opencl:1"
            try (TrainingRun run = TrainingRun.latest(backend, config, null, dir)) {
                run.resume();                                         // continues a checkpoint in dir, if any
                run.runTo(config.steps(), 100, step -> {});           // a checkpoint every 100 steps
                run.checkpoint();                                     // and one at the end
            }
            TrainedModel model = TrainedModel.load(backend, dir);     // dir/model.safetensors, in eval mode
            long n = 100_000;
            ErrorRate inner, outer;
            try (Evaluator eval = new Evaluator(backend, model.net(), config.dim(), config.radius(), config.seed(), 10_000)) {
                inner = new ErrorRate(eval.errors(false, 0, n), n);   // uniform points of the inner sphere
                outer = new ErrorRate(eval.errors(true, 0, n), n);
            }
            // The nearest-error manifold attack from 50 inner points: mean distance to a verified error.
            NearestErrorDistance.Estimate d = new NearestErrorAttack().estimate(backend, model.net(), config, config.seed(), 50);
            System.out.printf("inner %s, outer %s, attack found %d of %d, mean distance %s%n",
                    inner.rate(), outer.rate(), d.found(), d.starts(), d.mean());
            return new Outcome(config.steps(), inner, outer, d);
        }
    }
    // README-END

    public static void main(String[] args) throws IOException {
        run(Path.of(args.length > 0 ? args[0] : "runs/example"));
    }
}
