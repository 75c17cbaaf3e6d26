package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import spheres.engine.Backend;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Evaluation;
import spheres.engine.experiment.Json;
import spheres.engine.workflow.Streams;

/** Error rate of a trained model on each sphere, by sampling. */
@Command(name = "eval", description = "Estimate a model's error rate on each sphere from uniform samples.",
        footer = {"", "Examples:",
                "  ./spheres eval runs/quick                   # 10 M samples per sphere, eval.json in the run folder",
                "  ./spheres eval runs/quick -n 100000 --force",
                "  ./spheres eval runs/quick --data test.npz --force   # the points of a file (x [N, d], y [N] of 0/1) instead"})
final class EvalCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(paramLabel = "RUN", description = "A run folder (with model.safetensors) or a model .safetensors file.")
    Path target;

    @Option(names = {"-n", "--samples"}, defaultValue = "10000000", description = "Samples per sphere (default: ${DEFAULT-VALUE}, the paper's).")
    long samples;

    @Option(names = "--chunk", defaultValue = "" + Evaluation.CHUNK, description = "Samples per forward pass (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--seed", defaultValue = "" + Streams.DEFAULT_SEED, description = "Seed of the evaluation samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Evaluate the points of this file (.safetensors or .npz with x [N, d] float32 and y [N] of 0/1) instead of uniform samples.")
    Path data;

    @Option(names = "--force", description = "Overwrite an existing eval.json.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Evaluation.Config config = new Evaluation.Config(target, samples, seed, chunk, data);
        Path json = config.json();
        if (Files.exists(json) && !force) throw new IllegalArgumentException(json + ": exists; pass --force to overwrite it");
        try (Backend backend = runtime.open()) {
            Evaluation.Result r;
            try (ProgressBar bar = data == null ? Progress.bar("eval", 2 * samples, " samples") : null) {
                r = Evaluation.run(backend, config, Environment.of(backend, runtime.threads()), n -> bar.stepBy(n));
            }
            System.out.println(Json.text(r));
            System.out.printf(Locale.ROOT, "%,d samples in %.1f s (%.0f samples/s); written %s%n", r.evaluated(), r.seconds(),
                    r.samplesPerS(), json);
        }
        return ExitCodes.OK;
    }
}
