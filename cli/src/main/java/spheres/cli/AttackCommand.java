package spheres.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
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
import spheres.engine.attack.AttackConfig;
import spheres.engine.attack.AttackResult;
import spheres.engine.attack.AttackSummary;
import spheres.engine.attack.ManifoldAttack;
import spheres.engine.attack.Starts;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.DType;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainedModel;

/** The manifold attack on a trained model: writes attack.csv, attack.json and the verified errors (adversarial.npy). */
@Command(name = "attack", description = "Search the spheres for a model's errors: projected gradient ascent of the loss, every iterate kept on its start's sphere.",
        footer = {"", "Examples:",
                "  ./spheres attack runs/quick            # nearest errors, 1000 starts, both spheres",
                "  ./spheres attack runs/quick --mode worst --sphere inner --starts 100",
                "  ./spheres attack runs/quick --radius 0.6 --starts 200   # off the data spheres",
                "  ./spheres attack runs/quick --input x.npy --out runs/quick/attack-x",
                "Starts with a norm above (1 + R) / 2 are of the outer class, the others inner.",
                "Writes OUT/attack.csv (one row per start), attack.json (success, distances, histogram),",
                "adversarial.npy (the verified errors, float32 [found, d], in start order) and config.json."})
final class AttackCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(paramLabel = "RUN", description = "A run folder (with model.safetensors) or a model .safetensors file.")
    Path target;

    @Option(names = "--mode", defaultValue = "nearest",
            description = "nearest: stop at the first error, then bisect; worst: iterate to convergence (default: ${DEFAULT-VALUE}).")
    String mode;

    @Option(names = "--sphere", defaultValue = "both", description = "Random starts on the inner, outer or both spheres (default: ${DEFAULT-VALUE}).")
    String sphere;

    @Option(names = "--radius", paramLabel = "r", description = "Random starts on the sphere of radius r instead (any r >= 0).")
    Float radius;

    @Option(names = "--input", paramLabel = "X.npy", description = "Start from these points, float32 [n, d], instead.")
    Path input;

    @Option(names = "--starts", defaultValue = "1000", description = "Random starts (default: ${DEFAULT-VALUE}; with --input, every point of the file).")
    int starts;

    @Option(names = {"--step", "--eps-step"}, description = "L2 length of each step (default: 0.002 nearest, 0.01 worst).")
    Float step;

    @Option(names = "--max-iter", description = "Most steps per start (default: 5000 nearest, 1000 worst).")
    Integer maxIter;

    @Option(names = "--tol", description = "worst: converged when a projected step is shorter than tol x step (default: 1e-3).")
    Float tol;

    @Option(names = "--bisect", description = "nearest: halvings of the arc between the last correct and the first wrong iterate (default: 10).")
    Integer bisect;

    @Option(names = "--batch", defaultValue = "1000", description = "Starts that move together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--bins", defaultValue = "20", description = "Bins of the distance histogram in attack.json (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--seed", defaultValue = "" + Streams.DEFAULT_SEED, description = "Seed of the random starts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: RUN/attack).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing output folder.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Path model = TrainedModel.file(target);
        AttackConfig defaults = AttackConfig.defaults(mode);
        AttackConfig config = new AttackConfig(mode, step != null ? step : defaults.step(), maxIter != null ? maxIter : defaults.maxIter(),
                tol != null ? tol : defaults.tol(), bisect != null ? bisect : defaults.bisect(), batch).validate();
        if (tol != null && config.nearest()) throw new IllegalArgumentException("--tol: only with --mode worst (nearest stops at the first error)");
        if (bisect != null && !config.nearest()) throw new IllegalArgumentException("--bisect: only with --mode nearest");
        if (radius != null && input != null) throw new IllegalArgumentException("--radius and --input: give one, not both");
        if (radius != null && !(radius >= 0 && radius < Float.POSITIVE_INFINITY))
            throw new IllegalArgumentException("--radius " + radius + ": must be >= 0");
        if (!sphere.equals("inner") && !sphere.equals("outer") && !sphere.equals("both"))
            throw new IllegalArgumentException("--sphere " + sphere + ": accepted: inner, outer, both");
        if (starts < 0) throw new IllegalArgumentException("--starts " + starts + ": must be >= 0");
        if (bins < 1) throw new IllegalArgumentException("--bins " + bins + ": must be >= 1");
        TrainConfig train = Checkpoint.config(model);
        float boundary = (1 + train.radius()) / 2;
        int n = starts;
        Starts source;
        String from;
        if (input != null) {
            if (!Files.isRegularFile(input)) throw new IllegalArgumentException("--input " + input + ": no such file");
            HostArray x = Npy.read(input).expect(input.toString(), DType.F32, -1, train.dim());
            n = Math.toIntExact(x.shape()[0]);
            source = Starts.points(x.floats(), train.dim());
            from = input.toString();
        } else if (radius != null) {
            source = Starts.radius(seed, radius);
            from = "radius " + radius;
        } else {
            source = Starts.spheres(seed, 1f, train.radius(), sphere.equals("inner") ? 0.0 : sphere.equals("outer") ? 1.0 : 0.5);
            from = "sphere " + sphere;
        }
        RunFolder run = RunFolder.create(out != null ? out : model.toAbsolutePath().getParent().resolve("attack"), force);
        try (Backend backend = runtime.open()) {
            Sequential net = TrainedModel.load(backend, model).net();
            Map<String, Object> saved = new LinkedHashMap<>();
            saved.put("command", "attack");
            saved.put("model", model.toString());
            saved.put("attack", config);
            saved.put("starts_from", from);
            saved.put("starts", n);
            saved.put("seed", seed);
            saved.put("boundary", boundary);
            saved.put("environment", RunFolder.environment(backend, runtime.threads()));
            System.out.println(RunFolder.JSON.writeValueAsString(saved));
            run.writeJson("config.json", saved);

            ManifoldAttack attack = new ManifoldAttack(backend, net, train.dim(), boundary, config);
            long start = System.nanoTime();
            AttackResult result;
            try (ProgressBar bar = Progress.bar("attack", n, " starts")) {
                result = attack.run(source, n, (done, t, settled) -> {
                    bar.stepTo(done);
                    bar.setExtraMessage(" iter " + t + ", " + (done + settled) + " settled");
                });
            }
            double secs = (System.nanoTime() - start) / 1e9;
            AttackSummary summary = AttackSummary.of(result, bins);
            writeCsv(run.file("attack.csv"), result);
            Npy.write(run.file("adversarial.npy"), HostArray.of(errors(result), summary.found(), result.dim));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("starts", summary.starts());
            json.put("found", summary.found());
            json.put("rejected", summary.rejected());
            json.put("success_rate", summary.successRate());
            json.put("success_ci95", summary.ci95());
            json.put("distance_mean", summary.meanDistance());
            json.put("distance_median", summary.medianDistance());
            json.put("distance_min", summary.minDistance());
            json.put("distance_max", summary.maxDistance());
            json.put("histogram_edges", summary.histogramEdges());
            json.put("histogram_counts", summary.histogramCounts());
            json.put("seconds", secs);
            json.put("starts_per_s", n / secs);
            json.put("point_steps", result.pointSteps);
            json.put("point_steps_per_s", result.pointSteps / secs);
            run.writeJson("attack.json", json);
            System.out.printf(Locale.ROOT, "%d of %d starts found a verified error (%.2f %%)%s; %d claimed errors rejected%n",
                    summary.found(), n, 100 * summary.successRate(), summary.found() == 0 ? "" : String.format(Locale.ROOT,
                            ", L2 distance from the start: mean %.4f, median %.4f, min %.4f, max %.4f", summary.meanDistance(),
                            summary.medianDistance(), summary.minDistance(), summary.maxDistance()), summary.rejected());
            System.out.printf(Locale.ROOT, "%.1f s: %.1f starts/s, %.0f point steps/s; written %s%n", secs, n / secs,
                    result.pointSteps / secs, run.dir);
        }
        return ExitCodes.OK;
    }

    /** The verified errors, in start order: row k is the k-th start with found = true in attack.csv. */
    private static float[] errors(AttackResult r) {
        float[] e = new float[r.foundCount() * r.dim];
        for (int i = 0, k = 0; i < r.n; i++) if (r.found[i]) System.arraycopy(r.points, i * r.dim, e, k++ * r.dim, r.dim);
        return e;
    }

    private static void writeCsv(Path file, AttackResult r) throws IOException {
        AtomicFiles.write(file, o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            w.write("index,sphere,radius,found,iterations,distance,logit\n");
            for (int i = 0; i < r.n; i++)
                w.write(String.format(Locale.ROOT, "%d,%s,%.6f,%b,%d,%.6g,%.6g%n", i, r.outer[i] ? "outer" : "inner", r.radius[i],
                        r.found[i], r.iterations[i], r.distance[i], r.logit[i]));
            w.flush();
        });
    }
}
