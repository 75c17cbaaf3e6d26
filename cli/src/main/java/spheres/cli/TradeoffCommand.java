package spheres.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
import spheres.engine.Backend;
import spheres.engine.theory.CapBound;
import spheres.engine.tradeoff.ExactErrorMeasure;
import spheres.engine.tradeoff.NearestErrorDistance;
import spheres.engine.tradeoff.TradeoffConfig;
import spheres.engine.tradeoff.TradeoffPoint;
import spheres.engine.tradeoff.TradeoffRun;
import spheres.engine.workflow.Streams;

/** The paper's trade-off figure: error rate against distance to the nearest error, for three models (spec section 7). */
@Command(name = "tradeoff", description = {
        "Trains the ReLU net with and without batch norm and the quadratic net at",
        "several training-set sizes and measures each at log-spaced checkpoints: mu(E)",
        "by sampling the inner sphere, d(E) by the nearest-error attack. Writes",
        "tradeoff.csv and figures/tradeoff.png (with the optimal curve); resumable.",
        "Presets: quick (default; a few minutes on two cores) and paper (the paper's",
        "scale: hours on a CPU). Each flag overrides its preset's value, shown as",
        "(quick / paper)."},
        footer = {"", "Examples:",
                "  ./spheres tradeoff                           # quick preset, runs/tradeoff-quick",
                "  ./spheres tradeoff --resume --out runs/tradeoff-quick",
                "  ./spheres tradeoff --models quadratic --train-sizes 1000,online --steps 2000",
                "  ./spheres tradeoff --preset paper --out runs/tradeoff-paper"})
final class TradeoffCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--preset", defaultValue = "quick", description = "quick or paper (default: ${DEFAULT-VALUE}).")
    String preset;

    @Option(names = "--models", split = ",", paramLabel = "M", description = "Among relu-bn, relu (2 hidden layers, no batch norm), quadratic (default: all three).")
    List<String> models;

    @Option(names = "--train-sizes", split = ",", paramLabel = "N", description = "Training-set sizes, 'online' (or 0) for a fresh batch every step (100,1000,10000,online / 1e3,1e4,1e5,1e6,online).")
    List<String> trainSizes;

    @Option(names = "--dim", description = "Input dimension d (50 / 500).")
    Integer dim;

    @Option(names = "--width", description = "ReLU nets: hidden width (100 / 1000).")
    Integer width;

    @Option(names = "--hidden", description = "Quadratic net: hidden units h (100 / 1000).")
    Integer hidden;

    @Option(names = "--batch", description = "Batch size (50 / 50).")
    Integer batch;

    @Option(names = "--lr", description = "Adam learning rate (1e-3 / 1e-4).")
    Float lr;

    @Option(names = "--steps", description = "Training steps per run, the last checkpoint (4000 / 1000000).")
    Long steps;

    @Option(names = "--checkpoints", description = "Measured checkpoints per run, log-spaced (8 / 12).")
    Integer checkpoints;

    @Option(names = "--first-checkpoint", paramLabel = "STEP", description = "The first measured step (25 / 100).")
    Long firstCheckpoint;

    @Option(names = "--eval-samples", paramLabel = "N", description = "Inner-sphere samples per checkpoint for mu(E) (100000 / 10000000).")
    Long evalSamples;

    @Option(names = "--min-errors", paramLabel = "K", description = "Errors needed to call a sampled mu measurable (10 / 10).")
    Long minErrors;

    @Option(names = "--attack-starts", paramLabel = "N", description = "Random inner points the nearest-error attack starts from (100 / 1000).")
    Integer attackStarts;

    @Option(names = "--seed", description = "Seed of data, initialisation, evaluation and attack starts (default: " + Streams.DEFAULT_SEED + ").")
    Long seed;

    @Option(names = "--out", description = "Run folder (default: runs/tradeoff-<preset>).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing run folder.")
    boolean force;

    @Option(names = "--resume", description = "Continue the run in --out with its saved configuration.")
    boolean resume;

    /** d(E): the nearest-error manifold attack from uniform inner points. */
    private static NearestErrorDistance attack() {
        return new spheres.engine.attack.NearestErrorAttack();
    }

    /** The exact inner error rate from the weights: the quadratic net's chi-square tail. */
    private static ExactErrorMeasure exact() {
        return new spheres.engine.quadratic.ExactInnerRate();
    }

    @Override
    public Integer call() throws IOException {
        Path dir = out != null ? out : Path.of("runs", "tradeoff-" + preset);
        TradeoffConfig config;
        if (resume) {
            if (out == null) throw new IllegalArgumentException("--resume: name the run folder with --out");
            if (overrides()) throw new IllegalArgumentException("--resume: continues with the saved configuration; drop the settings flags");
            config = saved(dir);
        } else {
            config = configure();
        }
        try (Backend backend = runtime.open()) { // a bad --device or --threads is refused before the folder is made
            RunFolder run = resume ? RunFolder.existing(dir) : RunFolder.create(dir, force);
            List<TradeoffRun> runs = new ArrayList<>();
            for (String m : config.models()) for (long n : config.trainSizes()) runs.add(new TradeoffRun(run.dir, m, n, config));
            if (!resume) {
                for (TradeoffRun r : runs) r.clear();
                Map<String, Object> saved = new LinkedHashMap<>();
                saved.put("command", "tradeoff");
                saved.put("config", config);
                saved.put("environment", RunFolder.environment(backend, runtime.threads()));
                System.out.println(RunFolder.JSON.writeValueAsString(saved));
                run.writeJson("config.json", saved);
            }
            NearestErrorDistance attack = attack();
            long total = 0;
            for (TradeoffRun r : runs) total += r.remainingSteps();
            long start = System.nanoTime();
            List<TradeoffPoint> points = new ArrayList<>();
            try (ProgressBar bar = Progress.bar("tradeoff", total, " steps")) {
                for (TradeoffRun r : runs) {
                    long base = bar.getCurrent(), first = config.steps() - r.remainingSteps();
                    String name = r.dir().getFileName().toString();
                    points.addAll(r.run(backend, attack, exact(), new TradeoffRun.Progress() {
                        public void trained(long step) {
                            bar.stepTo(base + Math.max(0, step - first));
                        }

                        public void measured(TradeoffPoint p) {
                            bar.setExtraMessage(" " + name + " step " + p.step() + ": mu " + mu(p));
                        }
                    }));
                }
            }
            write(run, config, points);
            System.out.printf(Locale.ROOT, "%d points in %.1f s; written %s: tradeoff.csv, figures/tradeoff.png%n", points.size(),
                    (System.nanoTime() - start) / 1e9, run.dir);
        }
        return ExitCodes.OK;
    }

    private boolean overrides() {
        return models != null || trainSizes != null || dim != null || width != null || hidden != null || batch != null || lr != null
                || steps != null || checkpoints != null || firstCheckpoint != null || evalSamples != null || minErrors != null
                || attackStarts != null || seed != null || !preset.equals("quick");
    }

    private TradeoffConfig configure() {
        TradeoffConfig p = TradeoffConfig.preset(preset);
        List<Long> sizes = p.trainSizes();
        if (trainSizes != null) {
            sizes = new ArrayList<>();
            for (String s : trainSizes) sizes.add(parseSize(s));
        }
        return new TradeoffConfig(p.preset(), dim != null ? dim : p.dim(), p.radius(), width != null ? width : p.width(),
                hidden != null ? hidden : p.hidden(), batch != null ? batch : p.batch(), lr != null ? lr : p.lr(),
                steps != null ? steps : p.steps(), models != null ? models : p.models(), sizes,
                checkpoints != null ? checkpoints : p.checkpoints(), firstCheckpoint != null ? firstCheckpoint : p.firstCheckpoint(),
                evalSamples != null ? evalSamples : p.evalSamples(), minErrors != null ? minErrors : p.minErrors(),
                attackStarts != null ? attackStarts : p.attackStarts(), seed != null ? seed : p.seed()).validate();
    }

    /** A training-set size: "online", or a whole number (1000, 1e6). */
    private static long parseSize(String s) {
        if (s.equalsIgnoreCase("online")) return 0;
        try {
            double v = Double.parseDouble(s);
            if (v >= 0 && v == Math.rint(v) && v <= Integer.MAX_VALUE) return (long) v;
        } catch (NumberFormatException ignored) {
            // the message below names the value
        }
        throw new IllegalArgumentException("--train-sizes " + s + ": accepted: online, or a whole number 0 .. " + Integer.MAX_VALUE);
    }

    static TradeoffConfig saved(Path dir) throws IOException {
        Path f = dir.resolve("config.json");
        if (!Files.isRegularFile(f)) throw new IllegalArgumentException("--resume: " + dir + " holds no config.json of a tradeoff run");
        JsonNode node = RunFolder.JSON.readTree(f.toFile());
        if (!"tradeoff".equals(node.path("command").asText()))
            throw new IllegalArgumentException("--resume: " + f + " is not the configuration of a tradeoff run");
        return RunFolder.JSON.treeToValue(node.get("config"), TradeoffConfig.class).validate();
    }

    private static String mu(TradeoffPoint p) {
        return p.measurable() ? String.format(Locale.ROOT, "%.3g", p.mu()) : "not measurable (" + p.errors() + " errors)";
    }

    /** tradeoff.csv (every point, with the optimal distance at its mu) and the figure; a summary on stdout. */
    private static void write(RunFolder run, TradeoffConfig config, List<TradeoffPoint> points) throws IOException {
        CapBound bound = new CapBound(config.dim());
        StringBuilder csv = new StringBuilder("model,train_size,step,inner_errors,samples,mu,mu_ci95_low,mu_ci95_high,mu_status,mu_exact,"
                + "d_mean,d_stderr,attack_starts,attack_found,d_opt,d_over_d_opt\n");
        System.out.printf(Locale.ROOT, "%-10s %8s %8s %12s %10s %10s %8s%n", "model", "N", "step", "mu", "d(E)", "d_opt(mu)", "ratio");
        for (TradeoffPoint p : points) {
            // Every inner point wrong (mu = 1, early in training): the error set is the whole sphere, at distance 0.
            Double placed = p.placedMu(), dOpt = placed == null ? null : placed > 1 - 1e-16 ? 0.0 : bound.distance(placed);
            Double ratio = dOpt == null || dOpt == 0 || p.distance() == null ? null : p.distance() / dOpt;
            csv.append(String.join(",", p.model(), p.trainSize() == 0 ? "online" : "" + p.trainSize(), "" + p.step(), "" + p.errors(),
                    "" + p.samples(), num(p.mu()), num(p.muLow()), num(p.muHigh()), p.measurable() ? "measured" : "too_few_errors",
                    num(p.muExact()), num(p.distance()), num(p.distanceStderr()), p.attackStarts() == null ? "" : "" + p.attackStarts(),
                    p.attackFound() == null ? "" : "" + p.attackFound(), num(dOpt), num(ratio))).append('\n');
            System.out.printf(Locale.ROOT, "%-10s %8s %8d %12s %10s %10s %8s%n", p.model(), p.trainSize() == 0 ? "online" : "" + p.trainSize(),
                    p.step(), placed == null ? "<" + config.minErrors() + " err" : String.format(Locale.ROOT, "%.3g", placed),
                    p.distance() == null ? "-" : String.format(Locale.ROOT, "%.4f", p.distance()),
                    dOpt == null ? "-" : String.format(Locale.ROOT, "%.4f", dOpt), ratio == null ? "-" : String.format(Locale.ROOT, "%.2f", ratio));
        }
        run.write("tradeoff.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        SavedFigures.tradeoff(run.dir);
    }

    /** A CSV field: empty for a value not measured. */
    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
