package spheres.engine.experiment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import spheres.engine.io.AtomicFiles;
import spheres.engine.sweep.SweepConfig;
import spheres.engine.sweep.SweepResult;
import spheres.engine.tradeoff.TradeoffConfig;
import spheres.engine.tradeoff.TradeoffResult;
import spheres.engine.workflow.TrainConfig;

/**
 * {@code report.md} of a reproduce run: the table "paper vs this run" for every number of the spec, read back from the
 * stages' result records (a number a stage did not produce reads "not run"), the figures inline, the choices made where
 * the paper is silent, and the calls and wall time of each stage.
 */
public final class ReproductionReport {
    public static final String FILE = "report.md";

    private ReproductionReport() {}

    /** Writes {@code report.md} into the run folder; returns its path. */
    public static Path write(Path dir, Preset p, Map<String, Double> seconds, List<Reproduction.Stage> stages) throws IOException {
        Path file = dir.resolve(FILE);
        byte[] bytes = text(dir, p, seconds, stages).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, o -> o.write(bytes));
        return file;
    }

    static String text(Path dir, Preset p, Map<String, Double> seconds, List<Reproduction.Stage> stages) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Adversarial Spheres, reproduced (preset ").append(p.name()).append(")\n\n");
        md.append("Every number below is read from the files of this folder; each stage's calls are listed at the end.\n\n");
        md.append("## Paper vs this run\n\n| claim | paper | this run |\n| --- | --- | --- |\n");
        Evaluation.Result eval = Evaluation.Result.read(dir.resolve("relu").resolve(Evaluation.JSON));
        Attack.Result attack = Attack.Result.read(dir.resolve("relu/attack"));
        Norms.Result norms = Norms.Result.read(dir.resolve("relu/norms"));
        Slices.Summary slices = summary(dir.resolve("relu"));
        Quadratic.Result quad = Quadratic.Result.read(dir.resolve("quadratic")), online = Quadratic.Result.read(dir.resolve("quadratic-online"));
        TrainConfig relu = p.relu(), q = p.quadratic();
        String net = String.format(Locale.ROOT, "d %d, 2 x %d with batch norm, %,d steps online", relu.dim(), relu.width(), relu.steps());
        row(md, "ReLU net: errors among uniform samples of each sphere", "0 in 10^7 per sphere", eval == null ? null
                : String.format(Locale.ROOT, "inner %d, outer %d in %,d per sphere (%s)", eval.inner().errors(), eval.outer().errors(),
                eval.inner().samples(), net));
        row(md, "the manifold attack finds errors anyway", "yes", attack == null ? null
                : String.format(Locale.ROOT, "%d of %d random starts reach a verified error%s", attack.found(), attack.starts() - attack.alreadyWrong(),
                attack.alreadyWrong() == 0 ? "" : " (" + attack.alreadyWrong() + " more were misclassified already)"));
        row(md, "L2 distance from a random point to the nearest error", "~0.18 (two random points: 1.41)", attack == null ? null
                : attack.distanceMean() == null ? "no error found by moving"
                : String.format(Locale.ROOT, "mean %.3f, median %.3f (two random points: %.2f)", attack.distanceMean(), attack.distanceMedian(),
                Math.sqrt(2)));
        row(md, "random slices look right, adversarial slices cut the outer circle", "yes", slices == null ? null : slicesText(slices));
        row(md, "errors found by the attack as far as norm", "0.6 and 2.4", norms == null ? null : normsText(norms));
        row(md, "quadratic net on a fixed set: alphas outside [1/R^2, 1]", "394 of 500", quad == null ? null
                : String.format(Locale.ROOT, "%d of %d (d %d, h %d, N %,d, %,d steps)", quad.alphas().outOfRange(), quad.dim(), quad.dim(),
                quad.hidden(), q.trainSize(), q.steps()));
        Evaluation.Result quadEval = Evaluation.Result.read(dir.resolve("quadratic").resolve(Evaluation.JSON));
        row(md, "quadratic net on a fixed set: errors found by sampling", "0 in 10^7 per sphere", quadEval == null ? null
                : String.format(Locale.ROOT, "inner %d, outer %d in %,d per sphere", quadEval.inner().errors(), quadEval.outer().errors(),
                quadEval.inner().samples()));
        row(md, "quadratic net on a fixed set: CLT estimate of the error rate", "~1e-11", quad == null ? null : String.format(Locale.ROOT,
                "inner %.3g, outer %.3g", quad.errorRates().inner().clt(), quad.errorRates().outer().clt()));
        row(md, "... the exact rate (weighted chi-square tail)", "(not computed)", quad == null ? null : "inner "
                + exact(quad.errorRates().inner()) + ", outer " + exact(quad.errorRates().outer()));
        row(md, "quadratic net trained online: every alpha in range", "yes", online == null ? null : String.format(Locale.ROOT,
                "%d of %d out of range", online.alphas().outOfRange(), online.dim()));
        row(md, "perfect initialisation: average loss falls while the worst-case loss rises", "yes", perfectText(dir.resolve("perfect")));
        row(md, "models near the optimal trade-off curve", "close to it", tradeoffText(dir.resolve("tradeoff")));
        SweepResult sweep = SweepResult.read(dir.resolve("sweep"));
        row(md, "highest dimension where neither sampling nor the attack finds an error", "about 60", sweep == null ? null
                : sweep.highestClean() != null ? "d = " + sweep.highestClean() + sweepDims(sweep) : "none of" + sweepDims(sweep));
        md.append("\n## Figures\n\nEach is drawn from the data saved beside it; `spheres plot ").append(dir).append("` redraws them all.\n\n");
        for (String[] f : new String[][] {{"relu/figures/slices.png", "Slices through the origin. Shaded: classified inner; black: the data spheres; red: the ideal "
                    + "boundary. e1, e2: the plane's orthonormal axes (random directions; in the second panel e2 points to the first adversarial "
                    + "point, in the third e1 and e2 span the first two); the adversarial points are marked x."},
                {"d2/figures/slices.png", "d = 2: the learned boundary in the plane."},
                {"relu/norms/figures/norms.png", "Accuracy of random directions and attack success against the input norm."},
                {"quadratic/figures/alphas.png", "The alphas of the quadratic net trained on a fixed set, with the range [1/R^2, 1]."},
                {"perfect/figures/losses.png", "From the perfect initialisation: average losses against the worst-case loss."},
                {"tradeoff/figures/tradeoff.png", "Error rate against mean distance to the nearest error, beside the optimal curve."},
                {"bound/figures/bound.png", "The optimal curve of the theorem, exact and Gaussian approximation."},
                {"sweep/figures/sweep.png", "The dimension sweep: attack success (left axis) and sampled errors per 1,000 points (right axis) against d."},
                {"fractions/figures/fractions-inner.png", "Inner sphere: the smallest fraction of alphas in range that meets each target error "
                    + "rate, against d (solid: CLT; dashed: exact)."},
                {"fractions/figures/fractions-outer.png", "Outer sphere: the same."}}) {
            if (Files.isRegularFile(dir.resolve(f[0]))) md.append(f[1]).append("\n\n![").append(f[0]).append("](").append(f[0]).append(")\n\n");
        }
        md.append("## Choices where the paper is silent\n\n");
        for (String c : new String[] {
            "Linear -> BatchNorm -> ReLU; He-uniform weights, zero biases, BN gamma 1 and beta 0; BN in eval mode for evaluation and attacks.",
            "Adam beta1 0.9, beta2 0.999, eps 1e-8; training budget counted in steps (the paper's 1 M steps online, not 1 M points).",
            "Error rates with Clopper-Pearson 95% intervals; with no error the one-sided bound 1 - 0.05^(1/n).",
            "The attack: an L2-normalised step, nearest mode step 0.002 and at most 5000 steps then 10 bisections, worst mode step 0.01 and 1000 steps; every error re-checked by a forward pass.",
            "The quadratic net: h = 1000 in the paper preset; its exact error rate from the weighted chi-square tail (Imhof through the saddle point).",
            "Perfect initialisation W1 = [I; 0], w = 1, b = -(1+R)^2/4 (every alpha on the ideal sphere).",
            "The trade-off's second ReLU net: 2 x 1000 without batch norm."}) md.append("- ").append(c).append('\n');
        md.append("\n## Stages\n\n| stage | what | seconds | calls |\n| --- | --- | ---: | --- |\n");
        for (Reproduction.Stage s : stages) {
            Double secs = seconds.get(s.name());
            List<String> calls = new ArrayList<>();
            for (Reproduction.Call c : s.calls()) calls.add(c.name() + " " + dir.relativize(c.folder()));
            md.append("| ").append(s.name()).append(" | ").append(s.what()).append(" | ").append(secs == null ? "" : String.format(Locale.ROOT, "%.1f", secs))
                    .append(" | `").append(String.join(" ; ", calls)).append("` |\n");
        }
        md.append(String.format(Locale.ROOT, "\nAll stages: %.1f s.%n", seconds.values().stream().mapToDouble(Double::doubleValue).sum()));
        configuration(md, p);
        // Where the ReLU net was evaluated, as its stage recorded it; this process's machine where a field is missing.
        Environment env = eval == null ? null : eval.environment(), here = Environment.machine();
        md.append("\n## Machine\n\n");
        md.append("- CPU: ").append(field(env, here, Environment::cpu)).append(", ").append(field(env, here, Environment::cores)).append(" cores; ")
                .append(field(env, here, Environment::os)).append('\n');
        md.append("- JDK: ").append(field(env, here, Environment::jdk)).append('\n');
        if (env != null) md.append("- Device of the ReLU stages: ").append(env.device()).append('\n');
        md.append("- Code: git ").append(field(env, here, Environment::gitRevision)).append('\n');
        return md.toString();
    }

    private static String field(Environment recorded, Environment here, Function<Environment, Object> name) {
        Object v = recorded == null ? null : name.apply(recorded);
        return String.valueOf(v != null ? v : name.apply(here));
    }

    /** The preset's sizes beside the paper preset's, so a scaled-down run says what it scaled. */
    private static void configuration(StringBuilder md, Preset p) {
        Preset paper = Preset.named("paper");
        md.append("\n## Configuration\n\n| setting | this run (").append(p.name()).append(") | paper preset |\n| --- | ---: | ---: |\n");
        Function<Preset, Object[]> values = x -> new Object[] {x.relu().dim(), x.relu().width(), x.relu().steps(), x.evalSamples(), x.attackStarts(),
            x.attack().maxIter(), x.resolution(), x.norms().count() + " x " + x.norms().samples() + ", " + x.norms().starts(), x.d2Steps(),
            x.quadratic().dim() + ", " + x.quadratic().hidden(), x.quadratic().trainSize() + ", " + x.quadratic().steps(), x.quadSamples(),
            x.perfect().trainSize() + ", " + x.perfect().steps(), x.maxDim(), tradeoff(x.tradeoff()), sweep(x.sweep())};
        String[] names = {"ReLU net: dimension d", "ReLU net: width of its 2 hidden layers", "ReLU net: training steps (batch 50, online)",
            "samples per sphere for the error rate", "attack: random starts", "attack: steps at most", "slices: grid resolution",
            "norms: norms x samples, attack starts", "d = 2 net: training steps", "quadratic net: d, h", "quadratic net: fixed training set, steps",
            "quadratic net: samples per sphere", "perfect initialisation: training set, steps", "fractions: largest d", "trade-off", "sweep"};
        Object[] ours = values.apply(p), theirs = values.apply(paper);
        for (int i = 0; i < names.length; i++) md.append("| ").append(names[i]).append(" | ").append(cell(ours[i])).append(" | ").append(cell(theirs[i])).append(" |\n");
    }

    private static String tradeoff(TradeoffConfig t) {
        return String.format(Locale.ROOT, "d %d, widths %d, %s steps, models %s, N %s, %d checkpoints, %s inner samples, %d attack starts", t.dim(),
                t.width(), cell(t.steps()), String.join(",", t.models()), t.trainSizes().stream().map(TradeoffResult::size).toList(),
                t.checkpoints(), cell(t.evalSamples()), t.attackStarts());
    }

    private static String sweep(SweepConfig s) {
        return String.format(Locale.ROOT, "d %s, widths %d, %s steps, %s samples per sphere, %d attack starts of %d steps", s.dims(), s.width(),
                cell(s.steps()), cell(s.evalSamples()), s.attackStarts(), s.attackIters());
    }

    private static String cell(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : v.toString();
    }

    private static void row(StringBuilder md, String claim, String paper, String ours) {
        md.append("| ").append(claim).append(" | ").append(paper).append(" | ").append(ours == null ? "not run" : ours).append(" |\n");
    }

    private static Slices.Summary summary(Path run) throws IOException {
        Slices.Result r = Slices.Result.read(run);
        return r == null ? null : r.summary();
    }

    private static String sweepDims(SweepResult sweep) {
        return " (of d = " + String.join(", ", sweep.points().stream().map(pt -> "" + pt.dim()).toList()) + ")";
    }

    private static String slicesText(Slices.Summary slices) {
        List<String> parts = new ArrayList<>();
        for (Slices.Panel panel : slices.panels())
            parts.add(String.format(Locale.ROOT, "%s: %.1f %% of the outer circle called inner", panel.title(), 100 * panel.outerCalledInner()));
        return String.join("; ", parts);
    }

    private static String normsText(Norms.Result norms) {
        double lowest = Double.NaN, highest = Double.NaN, boundary = norms.boundary();
        for (Norms.Row row : norms.points()) {
            if (row.found() == 0) continue;
            double n = row.norm();
            if (n < boundary && (Double.isNaN(lowest) || n < lowest)) lowest = n;
            if (n > boundary && (Double.isNaN(highest) || n > highest)) highest = n;
        }
        return String.format(Locale.ROOT, "inner side down to %s, outer side up to %s (grid %s .. %s)",
                Double.isNaN(lowest) ? "none" : String.format(Locale.ROOT, "%.2f", lowest),
                Double.isNaN(highest) ? "none" : String.format(Locale.ROOT, "%.2f", highest),
                norms.points().get(0).norm(), norms.points().get(norms.points().size() - 1).norm());
    }

    /** An exact rate as a number, or as a power of ten below the double range, or none where no error is possible. */
    private static String exact(Quadratic.SphereRate rate) {
        if (rate.exactLog10() == null) return "0 (no error possible)";
        return rate.exact() > 0 ? String.format(Locale.ROOT, "%.3g", rate.exact()) : String.format(Locale.ROOT, "10^%.1f", rate.exactLog10());
    }

    /** The first and last logged quadratic columns of the perfect-init run, as logged. */
    private static String perfectText(Path run) throws IOException {
        Path file = run.resolve(Training.LOG);
        if (!Files.isRegularFile(file) || !Csv.header(file).contains("worst_case_loss")) return null;
        Csv csv = Csv.read(file);
        int first = -1, last = -1;
        for (int r = 0; r < csv.rows(); r++) {
            if (csv.get(r, "train_loss").isEmpty()) continue;
            if (first < 0) first = r;
            last = r;
        }
        if (first < 0) return null;
        return String.format(Locale.ROOT, "step %s -> %s: training loss %s -> %s, worst-case loss %s -> %s, alphas out of range %s -> %s",
                csv.get(first, "step"), csv.get(last, "step"), csv.get(first, "train_loss"), csv.get(last, "train_loss"),
                csv.get(first, "worst_case_loss"), csv.get(last, "worst_case_loss"), csv.get(first, "alphas_out_of_range"),
                csv.get(last, "alphas_out_of_range"));
    }

    /** The median of d(E) / d_opt(mu) per model, over the points where both are known. */
    private static String tradeoffText(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(TradeoffResult.CSV))) return null;
        Map<String, List<Double>> by = new TreeMap<>();
        for (TradeoffResult.Row r : TradeoffResult.read(dir).rows())
            if (r.ratio() != null && r.ratio() > 0) by.computeIfAbsent(r.point().model(), k -> new ArrayList<>()).add(r.ratio());
        if (by.isEmpty()) return "no point with both mu and d(E)";
        List<String> parts = new ArrayList<>();
        by.forEach((m, r) -> {
            r.sort(null);
            parts.add(String.format(Locale.ROOT, "%s: median d(E)/d_opt %.2f over %d points", m, r.get(r.size() / 2), r.size()));
        });
        return String.join("; ", parts);
    }
}
