package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.LongConsumer;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.nn.ModelKind;
import spheres.engine.nn.Sequential;
import spheres.engine.quadratic.FractionNeeded;
import spheres.engine.quadratic.QuadraticAnalysis;
import spheres.engine.quadratic.QuadraticNet;
import spheres.engine.workflow.ModelSpec;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainedModel;

/**
 * The quadratic net analysed exactly (spec section 6) as a stage: the alphas of W1^T W1, the worst-case points, the
 * error rate per sphere by the CLT, by the exact weighted chi-square tail, and by sampling where the exact rate predicts
 * enough errors to see. Owns, beside the model, {@code quadratic.json} ({@link Result}), {@code alphas.csv} and
 * {@code worst_case.npy} (row 0 the inner point, row 1 the outer one).
 */
public final class Quadratic {
    public static final String JSON = "quadratic.json", ALPHAS = "alphas.csv", WORST = "worst_case.npy";
    /** Below this many expected errors, sampling would show only zeros: the exact rate says more. */
    public static final double MIN_EXPECTED_ERRORS = 10;

    private Quadratic() {}

    /** The run (or model file), Monte Carlo samples per sphere (0: none) and their seed, and the bins of the alpha histogram. */
    public record Config(Path run, long samples, long seed, int bins) {
        public Config {
            if (samples < 0) throw new IllegalArgumentException("-n " + samples + ": must be >= 0");
            if (bins < 1) throw new IllegalArgumentException("--bins " + bins + ": must be >= 1");
        }

        /** The model file, checked to hold a quadratic net. */
        public Path model() throws IOException {
            Path model = TrainedModel.file(run);
            ModelSpec config = Checkpoint.spec(model);
            if (config.model() != ModelKind.QUADRATIC)
                throw new IllegalArgumentException(run + ": holds a " + config.model() + " net; this command analyses --model quadratic");
            return model;
        }

        /** The folder the results go to: the model's. */
        public Path dir() throws IOException {
            return model().toAbsolutePath().getParent();
        }

        /** The data files a run writes there (its figure goes into figures/ beside them). */
        public List<Path> files() throws IOException {
            return List.of(dir().resolve(JSON), dir().resolve(ALPHAS), dir().resolve(WORST));
        }
    }

    /** The alphas at a glance; {@code note} where they are undefined (b = 0) or the range does not apply. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Alphas(double[] range, double ideal, Double min, Double max, @JsonProperty("below_range") Integer below,
                         @JsonProperty("in_range") Integer in, @JsonProperty("above_range") Integer above,
                         @JsonProperty("out_of_range") Integer outOfRange, String note) {
        static Alphas of(QuadraticAnalysis a) {
            double[] range = {1 / (a.radius * a.radius), 1};
            double ideal = FractionNeeded.idealAlpha(a.radius);
            if (a.alphas == null) return new Alphas(range, ideal, null, null, null, null, null, null, "b = 0: alphas undefined");
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double x : a.alphas) {
                min = Math.min(min, x);
                max = Math.max(max, x);
            }
            int[] c = a.counts();
            if (c == null)
                return new Alphas(range, ideal, min, max, null, null, null, null, "no ellipsoid boundary (" + a.signs.name() + "): the range does not apply");
            return new Alphas(range, ideal, min, max, c[0], c[1], c[2], c[0] + c[2], null);
        }
    }

    /** A worst-case point: its alpha (null where undefined), its logit in float64 and through the float32 net, its loss. */
    public record Worst(Double alpha, double logit, @JsonProperty("logit_float32_net") float logitFloat32Net, double loss, boolean misclassified) {
        static Worst of(QuadraticAnalysis.WorstCase w, float floatLogit) {
            return new Worst(Double.isNaN(w.alpha()) ? null : w.alpha(), w.logit(), floatLogit, w.loss(), w.misclassified());
        }
    }

    public record WorstCase(Worst inner, Worst outer, String points) {}

    /** One sphere's error rate: CLT, exact (its log10 null where no error is possible), sampled (null, with the reason, where not). */
    public record SphereRate(double clt, double exact, @JsonProperty("exact_log10") Double exactLog10, Rate sampled,
                             @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("sampled_note") String sampledNote) {}

    public record Rates(SphereRate inner, SphereRate outer) {}

    /** What {@code quadratic.json} records. */
    public record Result(String model, int dim, int hidden, double radius, @JsonProperty("scale_w") double scaleW,
                         @JsonProperty("bias_b") double biasB, String signs, @JsonProperty("signs_meaning") String signsMeaning, Alphas alphas,
                         @JsonProperty("histogram_bins") int histogramBins, @JsonProperty("worst_case") WorstCase worstCase,
                         @JsonProperty("error_rates") Rates errorRates, long seed, Environment environment, double seconds) implements Versioned {
        /** The analysis a run folder holds, or null. */
        public static Result read(Path dir) throws IOException {
            Path f = dir.resolve(JSON);
            return Files.isRegularFile(f) ? Json.read(f, Result.class) : null;
        }

        /** The analysis in words: what the signs mean, the alphas out of range, each sphere's worst case and error rates. */
        public String summary() {
            StringBuilder sb = new StringBuilder().append(signsMeaning).append('\n');
            if (alphas.below() != null)
                sb.append(String.format(Locale.ROOT, "alphas: %d below 1/R^2, %d in [1/R^2, 1], %d above 1 (%d of %d out of range)%n",
                        alphas.below(), alphas.in(), alphas.above(), alphas.outOfRange(), dim));
            Worst wi = worstCase.inner(), wo = worstCase.outer();
            sb.append(String.format(Locale.ROOT, "inner: worst logit %.4g (loss %.4g); error rate CLT %.3g, exact %s%n",
                    wi.logit(), wi.loss(), errorRates.inner().clt(), exact(errorRates.inner())));
            sb.append(String.format(Locale.ROOT, "outer: worst logit %.4g (loss %.4g); error rate CLT %.3g, exact %s",
                    wo.logit(), wo.loss(), errorRates.outer().clt(), exact(errorRates.outer())));
            return sb.toString();
        }

        private static String exact(SphereRate r) {
            // Below the normal double range exp() keeps few digits: the logarithm holds them all (none where no error is possible).
            return r.exact() >= Double.MIN_NORMAL || r.exactLog10() == null ? String.format(Locale.ROOT, "%.3g", r.exact())
                    : String.format(Locale.ROOT, "10^%.2f", r.exactLog10());
        }
    }

    /** Progress of the sampling: which sphere, then each block of samples as it is done. */
    public interface Progress {
        LongConsumer sampling(boolean outer, long samples);
    }

    /** Analyses the model, samples where useful, and writes the three files; returns the record and the analysis. */
    public static Result run(Backend backend, Config c, Environment environment, Progress progress) throws IOException {
        long start = System.nanoTime();
        Path model = c.model(), dir = model.toAbsolutePath().getParent();
        TrainedModel trained = TrainedModel.load(backend, model);
        ModelSpec config = trained.spec();
        Sequential net = trained.net();
        double r = config.radius();
        QuadraticAnalysis a = QuadraticAnalysis.of(QuadraticNet.of(net), r);
        float[] points = worstPoints(a), worstLogits = forward(backend, net, points, a.dim);
        WorstCase worst = new WorstCase(Worst.of(a.inner, worstLogits[0]), Worst.of(a.outer, worstLogits[1]),
                "worst_case.npy: row 0 the inner point, row 1 the outer one");
        Rates rates;
        try (Evaluator ev = new Evaluator(backend, net, config.dim(), config.radius(), c.seed(), Evaluation.CHUNK)) {
            rates = new Rates(rate(a.innerRate(), ev, false, c.samples(), progress), rate(a.outerRate(), ev, true, c.samples(), progress));
        }
        Result result = new Result(model.toString(), config.dim(), config.hidden(), r, a.scale, a.bias, a.signs.name(), a.signs.description,
                Alphas.of(a), c.bins(), worst, rates, c.seed(), environment, (System.nanoTime() - start) / 1e9);
        writeAlphas(dir.resolve(ALPHAS), a);
        Npy.write(dir.resolve(WORST), HostArray.of(points, 2, a.dim));
        Json.write(dir.resolve(JSON), result);
        return result;
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

    private static SphereRate rate(QuadraticAnalysis.Rate rate, Evaluator ev, boolean outer, long samples, Progress progress) {
        Double log10 = Double.isInfinite(rate.exactLog10()) ? null : rate.exactLog10(); // null: no error is possible
        if (samples > 0 && rate.exact() * samples >= MIN_EXPECTED_ERRORS)
            return new SphereRate(rate.clt(), rate.exact(), log10, Rate.of(ev.rate(outer, samples, progress.sampling(outer, samples))), null);
        String note = samples == 0 ? "-n 0: not sampled"
                : String.format(Locale.ROOT, "not sampled: the exact rate predicts %.3g errors in %d samples (fewer than %.0f)",
                rate.exact() * samples, samples, MIN_EXPECTED_ERRORS);
        return new SphereRate(rate.clt(), rate.exact(), log10, null, note);
    }

    private static void writeAlphas(Path csv, QuadraticAnalysis a) throws IOException {
        StringBuilder sb = new StringBuilder("index,eigenvalue,alpha,position\n");
        double lo = 1 / (a.radius * a.radius);
        for (int i = 0; i < a.dim; i++) {
            double al = a.alphas == null ? Double.NaN : a.alphas[i];
            String pos = a.alphas == null ? "" : al < lo ? "below" : al > 1 ? "above" : "inside";
            sb.append(String.format(Locale.ROOT, "%d,%.17g,%s,%s%n", i, a.eigenvalues[i], a.alphas == null ? "" : String.format(Locale.ROOT, "%.17g", al), pos));
        }
        Csv.write(csv, sb);
    }

    /** The alphas of {@code alphas.csv} (none where they are undefined), or null when {@code dir} holds no analysis. */
    public static double[] alphas(Path dir) throws IOException {
        Path csv = dir.resolve(ALPHAS);
        if (!Files.isRegularFile(csv) || !Files.isRegularFile(dir.resolve(JSON))) return null;
        Csv table = Csv.read(csv);
        List<Double> alphas = new ArrayList<>();
        for (int r = 0; r < table.rows(); r++) if (!table.get(r, "alpha").isEmpty()) alphas.add(table.number(r, "alpha"));
        return alphas.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
