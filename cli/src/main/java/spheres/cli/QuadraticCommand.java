package spheres.cli;

import java.io.IOException;
import spheres.engine.nn.ModelKind;
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
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.nn.Sequential;
import spheres.engine.quadratic.FractionNeeded;
import spheres.engine.quadratic.QuadraticAnalysis;
import spheres.engine.quadratic.QuadraticNet;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.ErrorRate;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;

/** The quadratic net, exactly: its alphas, worst-case points and error rates; or how many alphas a target rate needs. */
@Command(name = "quadratic",
        description = {"The quadratic net exactly: alphas of W1^T W1, worst-case points, error rates per sphere (CLT, exact, sampled).",
                "With --fractions instead: the smallest fraction of alphas in range that meets each target error rate, d = 10 .. 10^4."},
        footer = {"", "Examples:",
                "  ./spheres train --model quadratic --train-size 1000000 --steps 100000 --out runs/quad",
                "  ./spheres quadratic --run runs/quad             # quadratic.json, alphas.csv, worst_case.npy, figures/alphas.png",
                "  ./spheres quadratic --run runs/quad -n 0 --force  # no sampling; overwrite the analysis",
                "  ./spheres quadratic --fractions --out runs/fractions --offset 0.05"})
final class QuadraticCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--run", paramLabel = "DIR", description = "Analyse the quadratic model of this run folder (or a model .safetensors); results go beside it.")
    Path run;

    @Option(names = "--fractions", description = "Compute the fractions of alphas needed (no model) into --out.")
    boolean fractions;

    @Option(names = {"-n", "--samples"}, defaultValue = "1000000",
            description = "Monte Carlo samples per sphere, drawn where the exact rate predicts at least 10 errors in them; 0 = none (default: ${DEFAULT-VALUE}).")
    long samples;

    @Option(names = "--seed", defaultValue = "" + Streams.DEFAULT_SEED, description = "Seed of the Monte Carlo samples (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--bins", defaultValue = "50", description = "Bins of the alpha histogram (default: ${DEFAULT-VALUE}).")
    int bins;

    @Option(names = "--out", paramLabel = "DIR", description = "--fractions: run folder (default: runs/quadratic-fractions).")
    Path out;

    @Option(names = "--radius", defaultValue = "1.3", description = "--fractions: outer radius R (default: ${DEFAULT-VALUE}).")
    double radius;

    @Option(names = "--offset", defaultValue = "0.1",
            description = "--fractions: how far past the edge of [1/R^2, 1] the alphas out of range lie; the others sit at 4/(1+R)^2 (default: ${DEFAULT-VALUE}).")
    double offset;

    @Option(names = "--targets", split = ",", defaultValue = "1e-2,1e-5,1e-10,1e-20", paramLabel = "RATE",
            description = "--fractions: target error rates (default: ${DEFAULT-VALUE}).")
    double[] targets;

    @Option(names = "--max-dim", defaultValue = "10000", description = "--fractions: largest d; d runs from 10 in 8 steps per decade (default: ${DEFAULT-VALUE}).")
    int maxDim;

    @Option(names = "--force", description = "Overwrite earlier results.")
    boolean force;

    /** Below this many expected errors, sampling would show only zeros: the exact rate says more. */
    static final double MIN_EXPECTED_ERRORS = 10;

    @Override
    public Integer call() throws IOException {
        if ((run != null) == fractions) throw new IllegalArgumentException("give --run DIR (analyse a model) or --fractions, one of them");
        return fractions ? fractions() : analyse();
    }

    private int analyse() throws IOException {
        if (samples < 0) throw new IllegalArgumentException("-n " + samples + ": must be >= 0");
        if (bins < 1) throw new IllegalArgumentException("--bins " + bins + ": must be >= 1");
        Path model = Files.isDirectory(run) ? run.resolve(TrainCommand.MODEL) : run;
        if (!Files.isRegularFile(model)) throw new IllegalArgumentException("--run " + run + ": no model.safetensors there");
        TrainConfig config = Checkpoint.config(model);
        if (config.model() != ModelKind.QUADRATIC)
            throw new IllegalArgumentException("--run " + run + ": holds a " + config.model() + " net; this command analyses --model quadratic");
        Path dir = model.toAbsolutePath().getParent();
        for (String f : new String[] {"quadratic.json", "alphas.csv", "worst_case.npy"})
            if (Files.exists(dir.resolve(f)) && !force) throw new IllegalArgumentException(dir.resolve(f) + ": exists; pass --force to overwrite it");
        long start = System.nanoTime();
        try (Backend backend = runtime.open()) {
            Sequential net = config.newModel(backend);
            Checkpoint.loadModel(model, net, config);
            double r = config.radius();
            QuadraticAnalysis a = QuadraticAnalysis.of(QuadraticNet.of(net), r);
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("model", model.toString());
            result.put("dim", config.dim());
            result.put("hidden", config.hidden());
            result.put("radius", r);
            result.put("scale_w", a.scale);
            result.put("bias_b", a.bias);
            result.put("signs", a.signs.name());
            result.put("signs_meaning", a.signs.description);
            result.put("alphas", alphaSummary(a));
            result.put("histogram_bins", bins);
            float[] points = worstPoints(a), worstLogits = forward(backend, net, points, a.dim);
            Map<String, Object> worst = new LinkedHashMap<>();
            worst.put("inner", worst(a.inner, worstLogits[0]));
            worst.put("outer", worst(a.outer, worstLogits[1]));
            worst.put("points", "worst_case.npy: row 0 the inner point, row 1 the outer one");
            result.put("worst_case", worst);
            QuadraticAnalysis.Rate innerRate = a.innerRate(), outerRate = a.outerRate();
            Map<String, Object> rates = new LinkedHashMap<>();
            try (Evaluator ev = new Evaluator(backend, net, config.dim(), config.radius(), seed, 10_000)) {
                rates.put("inner", rate(innerRate, ev, false));
                rates.put("outer", rate(outerRate, ev, true));
            }
            result.put("error_rates", rates);
            result.put("seed", seed);
            result.put("environment", RunFolder.environment(backend, runtime.threads()));
            result.put("seconds", (System.nanoTime() - start) / 1e9);

            writeAlphas(dir.resolve("alphas.csv"), a);
            Npy.write(dir.resolve("worst_case.npy"), HostArray.of(points, 2, a.dim));
            String text = RunFolder.JSON.writeValueAsString(result);
            System.out.println(text);
            AtomicFiles.write(dir.resolve("quadratic.json"), o -> o.write((text + "\n").getBytes(StandardCharsets.UTF_8)));
            SavedFigures.alphas(dir);
            System.out.println(summary(a, innerRate, outerRate));
            System.out.println("written " + dir.resolve("quadratic.json") + ", alphas.csv, worst_case.npy" + (a.alphas != null ? ", figures/alphas.png" : ""));
        }
        return ExitCodes.OK;
    }

    private static Map<String, Object> alphaSummary(QuadraticAnalysis a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("range", new double[] {1 / (a.radius * a.radius), 1});
        m.put("ideal", FractionNeeded.idealAlpha(a.radius));
        if (a.alphas == null) {
            m.put("note", "b = 0: alphas undefined");
            return m;
        }
        double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
        for (double x : a.alphas) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        m.put("min", min);
        m.put("max", max);
        int[] c = a.counts();
        if (c != null) {
            m.put("below_range", c[0]);
            m.put("in_range", c[1]);
            m.put("above_range", c[2]);
            m.put("out_of_range", c[0] + c[2]);
        } else {
            m.put("note", "no ellipsoid boundary (" + a.signs.name() + "): the range does not apply");
        }
        return m;
    }

    private static Map<String, Object> worst(QuadraticAnalysis.WorstCase w, float floatLogit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("alpha", Double.isNaN(w.alpha()) ? null : w.alpha());
        m.put("logit", w.logit());
        m.put("logit_float32_net", floatLogit);
        m.put("loss", w.loss());
        m.put("misclassified", w.misclassified());
        return m;
    }

    /** The two worst-case points as float32 rows: inner, then outer. */
    private static float[] worstPoints(QuadraticAnalysis a) {
        float[] pts = new float[2 * a.dim];
        for (int i = 0; i < a.dim; i++) {
            pts[i] = (float) a.inner.point()[i];
            pts[a.dim + i] = (float) a.outer.point()[i];
        }
        return pts;
    }

    /** The worst-case points through the float32 network, as a check of the float64 analysis. */
    private static float[] forward(Backend backend, Sequential net, float[] points, int dim) {
        try (Tensor x = backend.upload(points, 2, dim)) {
            return backend.download(net.forward(x, false));
        }
    }

    private Map<String, Object> rate(QuadraticAnalysis.Rate rate, Evaluator ev, boolean outer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clt", rate.clt());
        m.put("exact", rate.exact());
        m.put("exact_log10", Double.isInfinite(rate.exactLog10()) ? null : rate.exactLog10()); // null: no error is possible
        if (samples > 0 && rate.exact() * samples >= MIN_EXPECTED_ERRORS) {
            long errors = 0, step = 1_000_000;
            try (ProgressBar bar = Progress.bar(outer ? "outer" : "inner", samples, " samples")) {
                for (long from = 0; from < samples; from += step) {
                    long to = Math.min(samples, from + step);
                    errors += ev.errors(outer, from, to);
                    bar.stepBy(to - from);
                }
            }
            ErrorRate e = new ErrorRate(errors, samples);
            Map<String, Object> sampled = new LinkedHashMap<>();
            sampled.put("errors", errors);
            sampled.put("samples", samples);
            sampled.put("rate", e.rate());
            sampled.put("ci95", new double[] {e.lower95(), e.upper95()});
            m.put("sampled", sampled);
        } else {
            m.put("sampled", null);
            m.put("sampled_note", samples == 0 ? "-n 0: not sampled"
                    : String.format(Locale.ROOT, "not sampled: the exact rate predicts %.3g errors in %d samples (fewer than %.0f)",
                    rate.exact() * samples, samples, MIN_EXPECTED_ERRORS));
        }
        return m;
    }

    private static void writeAlphas(Path csv, QuadraticAnalysis a) throws IOException {
        StringBuilder sb = new StringBuilder("index,eigenvalue,alpha,position\n");
        double lo = 1 / (a.radius * a.radius);
        for (int i = 0; i < a.dim; i++) {
            double al = a.alphas == null ? Double.NaN : a.alphas[i];
            String pos = a.alphas == null ? "" : al < lo ? "below" : al > 1 ? "above" : "inside";
            sb.append(String.format(Locale.ROOT, "%d,%.17g,%s,%s%n", i, a.eigenvalues[i], a.alphas == null ? "" : String.format(Locale.ROOT, "%.17g", al), pos));
        }
        AtomicFiles.write(csv, o -> o.write(sb.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static String summary(QuadraticAnalysis a, QuadraticAnalysis.Rate in, QuadraticAnalysis.Rate out) {
        StringBuilder sb = new StringBuilder();
        sb.append(a.signs.description).append('\n');
        int[] c = a.counts();
        if (c != null)
            sb.append(String.format(Locale.ROOT, "alphas: %d below 1/R^2, %d in [1/R^2, 1], %d above 1 (%d of %d out of range)%n",
                    c[0], c[1], c[2], c[0] + c[2], a.dim));
        sb.append(String.format(Locale.ROOT, "inner: worst logit %.4g (loss %.4g); error rate CLT %.3g, exact %s%n",
                a.inner.logit(), a.inner.loss(), in.clt(), exact(in)));
        sb.append(String.format(Locale.ROOT, "outer: worst logit %.4g (loss %.4g); error rate CLT %.3g, exact %s",
                a.outer.logit(), a.outer.loss(), out.clt(), exact(out)));
        return sb.toString();
    }

    private static String exact(QuadraticAnalysis.Rate r) {
        // Below the normal double range exp() keeps few digits: the logarithm holds them all.
        return r.exact() >= Double.MIN_NORMAL || r.exactLog10() == Double.NEGATIVE_INFINITY ? String.format(Locale.ROOT, "%.3g", r.exact())
                : String.format(Locale.ROOT, "10^%.2f", r.exactLog10());
    }

    private int fractions() throws IOException {
        if (!(radius > 1) || Double.isInfinite(radius)) throw new IllegalArgumentException("--radius " + radius + ": must be > 1");
        if (!(offset > 0) || Double.isInfinite(offset)) throw new IllegalArgumentException("--offset " + offset + ": must be > 0");
        if (maxDim < 10) throw new IllegalArgumentException("--max-dim " + maxDim + ": must be >= 10");
        for (double t : targets)
            if (!(t > 0 && t < 1)) throw new IllegalArgumentException("--targets " + t + ": rates must lie in (0, 1)");
        RunFolder folder = RunFolder.create(out != null ? out : Path.of("runs", "quadratic-fractions"), force);
        java.util.List<Double> dimList = new java.util.ArrayList<>();
        for (int k = 0; ; k++) {
            double d = Math.rint(10 * Math.pow(10, k / 8.0));
            if (d > maxDim) break;
            dimList.add(d);
        }
        double[] dims = dimList.stream().mapToDouble(Double::doubleValue).toArray();
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("command", "quadratic --fractions");
        cfg.put("radius", radius);
        cfg.put("offset", offset);
        cfg.put("ideal_alpha", FractionNeeded.idealAlpha(radius));
        cfg.put("targets", targets);
        cfg.put("dims", dims);
        folder.writeJson("config.json", cfg);
        StringBuilder csv = new StringBuilder("sphere,target,dim,fraction_clt,fraction_exact\n");
        for (boolean outer : new boolean[] {false, true}) {
            double margin = FractionNeeded.margin(outer, radius);
            double[][] clt = new double[targets.length][dims.length], exact = new double[targets.length][dims.length];
            for (int t = 0; t < targets.length; t++)
                for (int i = 0; i < dims.length; i++) {
                    clt[t][i] = FractionNeeded.smallestFraction((int) dims[i], targets[t], margin, offset, false);
                    exact[t][i] = FractionNeeded.smallestFraction((int) dims[i], targets[t], margin, offset, true);
                    csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s%n", outer ? "outer" : "inner", targets[t], (int) dims[i],
                            fmt(clt[t][i]), fmt(exact[t][i])));
                }
        }
        folder.write("fractions.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
        SavedFigures.fractions(folder.dir);
        System.out.print(csv);
        System.out.println("written " + folder.dir + ": fractions.csv, figures/fractions-inner.png, figures/fractions-outer.png"
                + " (empty cells: the target is out of reach even with every alpha in range)");
        return ExitCodes.OK;
    }

    private static String fmt(double f) {
        return Double.isNaN(f) ? "" : String.format(Locale.ROOT, "%.6f", f);
    }
}
