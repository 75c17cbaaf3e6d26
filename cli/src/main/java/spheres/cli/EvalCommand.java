package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import spheres.engine.Backend;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.TrainedModel;
import spheres.engine.workflow.ErrorRate;
import spheres.engine.workflow.LabeledPoints;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;

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

    @Option(names = "--chunk", defaultValue = "10000", description = "Samples per forward pass (default: ${DEFAULT-VALUE}).")
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
        if (samples < 1) throw new IllegalArgumentException("-n " + samples + ": must be >= 1");
        if (chunk < 1) throw new IllegalArgumentException("--chunk " + chunk + ": must be >= 1");
        Path model = TrainedModel.file(target);
        Path dir = model.toAbsolutePath().getParent();
        Path json = dir.resolve("eval.json");
        if (Files.exists(json) && !force) throw new IllegalArgumentException(json + ": exists; pass --force to overwrite it");
        try (Backend backend = runtime.open()) {
            TrainedModel trained = TrainedModel.load(backend, model);
            TrainConfig config = trained.config();
            Sequential net = trained.net();
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", model.toString());
            LabeledPoints points = data == null ? null : LabeledPoints.read(data);
            if (points != null) result.put("data", points.source());
            else {
                result.put("samples_per_sphere", samples);
                result.put("seed", seed);
            }
            result.put("environment", RunFolder.environment(backend, runtime.threads()));
            long start = System.nanoTime(), evaluated;
            try (Evaluator ev = new Evaluator(backend, net, config.dim(), config.radius(), seed, chunk)) {
                if (points != null) {
                    long[] c = ev.errors(points);
                    result.put("inner", describe(new ErrorRate(c[0], c[1])));
                    result.put("outer", describe(new ErrorRate(c[2], c[3])));
                    evaluated = points.n();
                } else {
                    sample(ev, result);
                    evaluated = 2 * samples;
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            result.put("seconds", secs);
            result.put("samples_per_s", evaluated / secs);
            String text = RunFolder.JSON.writeValueAsString(result);
            System.out.println(text);
            spheres.engine.io.AtomicFiles.write(json, o -> o.write((text + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            System.out.printf(Locale.ROOT, "%,d samples in %.1f s (%.0f samples/s); written %s%n", evaluated, secs, evaluated / secs, json);
        }
        return ExitCodes.OK;
    }

    /** n uniform samples per sphere, in steps of about a million so the progress bar moves. */
    private void sample(Evaluator ev, Map<String, Object> result) {
        try (ProgressBar bar = Progress.bar("eval", 2 * samples, " samples")) {
            for (boolean outer : new boolean[] {false, true}) {
                long errors = 0, step = (long) chunk * Math.max(1, 1_000_000 / chunk);
                for (long from = 0; from < samples; from += step) {
                    long to = Math.min(samples, from + step);
                    errors += ev.errors(outer, from, to);
                    bar.stepBy(to - from);
                }
                result.put(outer ? "outer" : "inner", describe(new ErrorRate(errors, samples)));
            }
        }
    }

    private static Map<String, Object> describe(ErrorRate r) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (r.samples() == 0) return Map.of("samples", 0); // a file may hold points of one sphere only
        m.put("errors", r.errors());
        m.put("samples", r.samples());
        m.put("rate", r.rate());
        m.put("ci95", new double[] {r.lower95(), r.upper95()});
        if (r.errors() == 0) m.put("upper_bound_95", r.upperBoundIfNone());
        return m;
    }
}
