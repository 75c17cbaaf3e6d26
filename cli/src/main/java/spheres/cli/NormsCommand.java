package spheres.cli;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
import spheres.engine.attack.NormSweep;
import spheres.engine.io.AtomicFiles;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainedModel;

/** Accuracy against the input norm, and the attack's success at each norm: the data of the paper's "0.6 and 2.4" figure. */
@Command(name = "norms", description = "At norms from 0 to ~3: the fraction of random directions classified as the ideal classifier would, and the manifold attack's success.",
        footer = {"", "Examples:",
                "  ./spheres norms runs/quick             # 31 norms from 0 to 3, into runs/quick/norms",
                "  ./spheres norms runs/quick --from 0.5 --to 2.5 --count 5 -n 100000 \\",
                "      --starts 200 --out runs/quick/norms-fine"})
final class NormsCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(paramLabel = "RUN", description = "A run folder (with model.safetensors) or a model .safetensors file.")
    Path target;

    @Option(names = "--from", defaultValue = "0", description = "Smallest norm (default: ${DEFAULT-VALUE}).")
    float from;

    @Option(names = "--to", defaultValue = "3", description = "Largest norm (default: ${DEFAULT-VALUE}).")
    float to;

    @Option(names = "--count", defaultValue = "31", description = "Norms, evenly spaced, ends included (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = {"-n", "--samples"}, defaultValue = "10000", description = "Random directions per norm (default: ${DEFAULT-VALUE}).")
    long samples;

    @Option(names = "--chunk", defaultValue = "10000", description = "Directions per forward pass (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--starts", defaultValue = "100", description = "Attack starts per norm (default: ${DEFAULT-VALUE}).")
    int starts;

    @Option(names = {"--step", "--eps-step"}, defaultValue = "0.01", description = "Attack step length (default: ${DEFAULT-VALUE}).")
    float step;

    @Option(names = "--max-iter", defaultValue = "1000", description = "Most attack steps per start (default: ${DEFAULT-VALUE}).")
    int maxIter;

    @Option(names = "--batch", defaultValue = "1000", description = "Attack starts that move together (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seed", defaultValue = "" + Streams.DEFAULT_SEED, description = "Seed of directions and starts (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", description = "Output folder (default: RUN/norms).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing output folder.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Path model = TrainedModel.file(target);
        float[] norms = NormSweep.grid(from, to, count);
        if (samples < 0) throw new IllegalArgumentException("-n " + samples + ": must be >= 0");
        if (chunk < 1) throw new IllegalArgumentException("--chunk " + chunk + ": must be >= 1");
        if (starts < 0) throw new IllegalArgumentException("--starts " + starts + ": must be >= 0");
        // Success only: stop at the first error, no bisection; the worst-case step length reaches far in few steps.
        AttackConfig config = new AttackConfig("nearest", step, maxIter, AttackConfig.defaults("nearest").tol(), 0, batch).validate();
        TrainConfig train = Checkpoint.config(model);
        float boundary = (1 + train.radius()) / 2;
        RunFolder run = RunFolder.create(out != null ? out : model.toAbsolutePath().getParent().resolve("norms"), force);
        try (Backend backend = runtime.open()) {
            Sequential net = TrainedModel.load(backend, model).net();
            Map<String, Object> saved = new LinkedHashMap<>();
            saved.put("command", "norms");
            saved.put("model", model.toString());
            saved.put("norms", norms);
            saved.put("samples", samples);
            saved.put("starts", starts);
            saved.put("attack", config);
            saved.put("seed", seed);
            saved.put("boundary", boundary);
            saved.put("environment", RunFolder.environment(backend, runtime.threads()));
            System.out.println(RunFolder.JSON.writeValueAsString(saved));
            run.writeJson("config.json", saved);

            List<NormSweep.Point> points = new ArrayList<>();
            long start = System.nanoTime();
            try (NormSweep sweep = new NormSweep(backend, net, train.dim(), boundary, seed, samples, chunk, starts, config);
                 ProgressBar bar = Progress.bar("norms", norms.length, " norms")) {
                for (float r : norms) {
                    NormSweep.Point p = sweep.at(r, (done, t, settled) ->
                            bar.setExtraMessage(String.format(Locale.ROOT, " norm %.3f: iter %d, %d settled", r, t, done + settled)));
                    points.add(p);
                    bar.step();
                }
            }
            double secs = (System.nanoTime() - start) / 1e9;
            writeCsv(run.file("norms.csv"), points);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (NormSweep.Point p : points) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("norm", p.norm());
                m.put("ideal", p.idealOuter() ? "outer" : "inner");
                m.put("fraction_ideal", p.samples() == 0 ? null : p.fractionIdeal());
                m.put("attack_success", p.starts() == 0 ? null : p.attackSuccess());
                m.put("samples", p.samples());
                m.put("starts", p.starts());
                m.put("found", p.found());
                m.put("rejected", p.rejected());
                rows.add(m);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("boundary", boundary);
            json.put("points", rows);
            json.put("seconds", secs);
            run.writeJson("norms.json", json);
            SavedFigures.norms(run.dir);
            for (NormSweep.Point p : points)
                System.out.printf(Locale.ROOT, "norm %.3f (%s): %.4f of directions classified ideally; attack %d / %d%n", p.norm(),
                        p.idealOuter() ? "outer" : "inner", p.fractionIdeal(), p.found(), p.starts());
            System.out.printf(Locale.ROOT, "%.1f s; written %s%n", secs, run.dir);
        }
        return ExitCodes.OK;
    }

    private static void writeCsv(Path file, List<NormSweep.Point> points) throws IOException {
        AtomicFiles.write(file, o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            w.write("norm,ideal,samples,fraction_ideal,starts,found,attack_success\n");
            for (NormSweep.Point p : points)
                w.write(String.format(Locale.ROOT, "%.6f,%s,%d,%.6g,%d,%d,%.6g%n", p.norm(), p.idealOuter() ? "outer" : "inner",
                        p.samples(), p.fractionIdeal(), p.starts(), p.found(), p.attackSuccess()));
            w.flush();
        });
    }
}
