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
@Command(name = "eval")
final class EvalCommand extends ModelCommand {
    @Option(names = {"-n", "--samples"}, defaultValue = "10000000")
    long samples;

    @Option(names = "--chunk", defaultValue = "" + Evaluation.CHUNK)
    int chunk;

    @Option(names = "--data", paramLabel = "FILE")
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
