package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.experiment.Evaluation;

/** Error rate of a trained model on each sphere, by sampling. */
@Command(name = "eval", description = "Estimate a model's error rate on each sphere from uniform samples.",
        footer = {"", "Examples:",
                "  ./spheres eval runs/quick                   # 10 M samples per sphere, eval.json in the run folder",
                "  ./spheres eval runs/quick -n 100000 --force",
                "  ./spheres eval runs/quick --data test.npz --out runs/quick/eval-test.json   # the points of a file (x [N, d], y [N] of 0/1)",
                "  ./spheres eval runs/quick -n 100000 --json --force | jq .inner.rate"})
final class EvalCommand extends ModelCommand {
    @Option(names = {"-n", "--samples"}, defaultValue = "10000000", description = "Samples per sphere (default: ${DEFAULT-VALUE}, the paper's).")
    long samples;

    @Option(names = "--chunk", defaultValue = "" + Evaluation.CHUNK, description = "Samples per forward pass (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Evaluate the points of this file (.safetensors or .npz with x [N, d] float32 and y [N] of 0/1) instead of uniform samples.")
    Path data;

    @Override
    public Integer call() throws IOException {
        Evaluation.Config config = new Evaluation.Config(target.path, samples, seed.seed, chunk, data, out.out);
        Path json = config.json();
        if (Files.exists(json) && !out.force) throw new IllegalArgumentException(json + ": exists; pass --force to overwrite it, or choose another --out");
        try (Backend backend = runtime.open()) {
            Evaluation.Result r;
            try (Progress bar = output.bar("eval", data == null ? 2 * samples : 0, "samples")) {
                r = Evaluation.run(backend, config, environment(backend), bar::stepBy);
            }
            output.result(r);
            output.summary().printf(Locale.ROOT, "errors: inner %s, outer %s; %,d points in %.1f s (%.0f/s); written %s%n", r.inner().text(),
                    r.outer().text(), r.evaluated(), r.seconds(), r.samplesPerS(), json);
        }
        return ExitCodes.OK;
    }
}
