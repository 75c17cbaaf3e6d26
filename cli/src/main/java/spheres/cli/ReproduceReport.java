package spheres.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code report.md} of a reproduce run: the table "paper vs this run" for every number of the spec, read back from the
 * stages' own outputs (a number a stage did not produce reads "not run"), the figures inline, the choices made where
 * the paper is silent, and the configuration and wall time of each stage.
 */
final class ReproduceReport {
    private ReproduceReport() {}

    static String write(Path dir, String presetName, ReproduceCommand.Preset p, Map<String, Double> seconds, List<String[]> stages)
            throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("# Adversarial Spheres, reproduced (preset ").append(presetName).append(")\n\n");
        md.append("Every number below is read from the files of this folder; each stage's command is listed at the end.\n\n");
        md.append("## Paper vs this run\n\n| claim | paper | this run |\n| --- | --- | --- |\n");
        JsonNode eval = json(dir.resolve("relu/eval.json")), attack = json(dir.resolve("relu/attack/attack.json"));
        JsonNode norms = json(dir.resolve("relu/norms/norms.json")), slices = json(dir.resolve("relu/slices/slices.json"));
        JsonNode quad = json(dir.resolve("quadratic/quadratic.json")), online = json(dir.resolve("quadratic-online/quadratic.json"));
        String net = String.format(Locale.ROOT, "d %d, 2 x %d with batch norm, %,d steps online", p.dim(), p.width(), p.steps());
        row(md, "ReLU net: errors among uniform samples of each sphere", "0 in 10^7 per sphere", eval == null ? null
                : String.format(Locale.ROOT, "inner %d, outer %d in %,d per sphere (%s)", eval.path("inner").path("errors").asLong(),
                eval.path("outer").path("errors").asLong(), eval.path("inner").path("samples").asLong(), net));
        row(md, "the manifold attack finds errors anyway", "yes", attack == null ? null
                : String.format(Locale.ROOT, "%d of %d random starts reach a verified error", attack.path("found").asInt(), attack.path("starts").asInt()));
        row(md, "L2 distance from a random point to the nearest error", "~0.18 (two random points: 1.41)", attack == null
                || attack.path("distance_mean").isNull() ? null : String.format(Locale.ROOT, "mean %.3f, median %.3f (two random points: %.2f)",
                attack.path("distance_mean").asDouble(), attack.path("distance_median").asDouble(), Math.sqrt(2)));
        row(md, "random slices look right, adversarial slices cut the outer circle", "yes", slices == null ? null : slicesText(slices));
        row(md, "errors found by the attack as far as norm", "0.6 and 2.4", norms == null ? null : normsText(norms));
        row(md, "quadratic net on a fixed set: alphas outside [1/R^2, 1]", "394 of 500", quad == null ? null
                : String.format(Locale.ROOT, "%d of %d (d %d, h %d, N %,d, %,d steps)", quad.path("alphas").path("out_of_range").asInt(),
                quad.path("dim").asInt(), quad.path("dim").asInt(), quad.path("hidden").asInt(), p.quadSize(), p.quadSteps()));
        JsonNode quadEval = json(dir.resolve("quadratic/eval.json"));
        row(md, "quadratic net on a fixed set: errors found by sampling", "0 in 10^7 per sphere", quadEval == null ? null
                : String.format(Locale.ROOT, "inner %d, outer %d in %,d per sphere", quadEval.path("inner").path("errors").asLong(),
                quadEval.path("outer").path("errors").asLong(), quadEval.path("inner").path("samples").asLong()));
        row(md, "quadratic net on a fixed set: CLT estimate of the error rate", "~1e-11", quad == null ? null : String.format(Locale.ROOT,
                "inner %.3g, outer %.3g", quad.path("error_rates").path("inner").path("clt").asDouble(), quad.path("error_rates").path("outer").path("clt").asDouble()));
        row(md, "... the exact rate (weighted chi-square tail)", "(not computed)", quad == null ? null : "inner "
                + exact(quad.path("error_rates").path("inner")) + ", outer " + exact(quad.path("error_rates").path("outer")));
        row(md, "quadratic net trained online: every alpha in range", "yes", online == null ? null : String.format(Locale.ROOT,
                "%d of %d out of range", online.path("alphas").path("out_of_range").asInt(), online.path("dim").asInt()));
        row(md, "perfect initialisation: average loss falls while the worst-case loss rises", "yes", perfectText(dir.resolve("perfect/train.csv")));
        row(md, "models near the optimal trade-off curve", "close to it", tradeoffText(dir.resolve("tradeoff/tradeoff.csv")));
        JsonNode sweep = json(dir.resolve("sweep/sweep.json"));
        row(md, "highest dimension where neither sampling nor the attack finds an error", "about 60", sweep == null ? null
                : sweep.path("highest_clean_dim").isNumber() ? "d = " + sweep.path("highest_clean_dim").asInt() + sweepDims(sweep) : "none of" + sweepDims(sweep));
        md.append("\n## Figures\n\nEach is drawn from the data saved beside it; `spheres plot ").append(dir).append("` redraws them all.\n\n");
        for (String[] f : new String[][] {{"relu/figures/slices.png", "Slices through the origin. Shaded: classified inner; black: the data spheres; red: the ideal boundary."},
                {"d2/figures/slices.png", "d = 2: the learned boundary in the plane."},
                {"relu/norms/figures/norms.png", "Accuracy of random directions and attack success against the input norm."},
                {"quadratic/figures/alphas.png", "The alphas of the quadratic net trained on a fixed set, with the range [1/R^2, 1]."},
                {"perfect/figures/losses.png", "From the perfect initialisation: average losses against the worst-case loss."},
                {"tradeoff/figures/tradeoff.png", "Error rate against mean distance to the nearest error, beside the optimal curve."},
                {"bound/figures/bound.png", "The optimal curve of the theorem, exact and Gaussian approximation."},
                {"sweep/figures/sweep.png", "The dimension sweep: sampled error rate and attack success against d."}}) {
            if (Files.isRegularFile(dir.resolve(f[0]))) md.append(f[1]).append("\n\n![").append(f[0]).append("](").append(f[0]).append(")\n\n");
        }
        try (var files = Files.list(dir.resolve("fractions/figures"))) {
            files.sorted().forEach(f -> md.append("![").append(f.getFileName()).append("](fractions/figures/").append(f.getFileName()).append(")\n\n"));
        } catch (IOException e) {
            // the fractions stage did not run
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
        md.append("\n## Stages\n\n| stage | what | seconds | command |\n| --- | --- | ---: | --- |\n");
        for (String[] s : stages) {
            Double secs = seconds.get(s[0]);
            md.append("| ").append(s[0]).append(" | ").append(s[1]).append(" | ").append(secs == null ? "" : String.format(Locale.ROOT, "%.1f", secs))
                    .append(" | `").append(s[2]).append("` |\n");
        }
        md.append(String.format(Locale.ROOT, "\nAll stages: %.1f s.%n", seconds.values().stream().mapToDouble(Double::doubleValue).sum()));
        configuration(md, presetName, p);
        // Where the ReLU net was evaluated, as its stage recorded it; this process's machine where a field is missing.
        JsonNode env = eval == null ? null : eval.path("environment");
        Map<String, Object> here = RunFolder.environment();
        md.append("\n## Machine\n\n");
        md.append("- CPU: ").append(field(env, here, "cpu")).append(", ").append(field(env, here, "cores")).append(" cores; ")
                .append(field(env, here, "os")).append('\n');
        md.append("- JDK: ").append(field(env, here, "jdk")).append('\n');
        if (env != null) md.append("- Device of the ReLU stages: ").append(env.path("device").asText()).append('\n');
        md.append("- Code: git ").append(field(env, here, "git_revision")).append('\n');
        return md.toString();
    }

    private static String field(JsonNode recorded, Map<String, Object> here, String name) {
        return recorded != null && recorded.hasNonNull(name) ? recorded.get(name).asText() : String.valueOf(here.get(name));
    }

    /** The preset's sizes beside the paper preset's, so a scaled-down run says what it scaled. */
    private static void configuration(StringBuilder md, String presetName, ReproduceCommand.Preset p) {
        ReproduceCommand.Preset paper = ReproduceCommand.preset("paper");
        md.append("\n## Configuration\n\n| setting | this run (").append(presetName).append(") | paper preset |\n| --- | ---: | ---: |\n");
        Object[][] rows = {
            {"ReLU net: dimension d", p.dim(), paper.dim()},
            {"ReLU net: width of its 2 hidden layers", p.width(), paper.width()},
            {"ReLU net: training steps (batch 50, online)", p.steps(), paper.steps()},
            {"samples per sphere for the error rate", p.evalSamples(), paper.evalSamples()},
            {"attack: random starts", p.attackStarts(), paper.attackStarts()},
            {"attack: steps at most", p.attackIter(), paper.attackIter()},
            {"slices: grid resolution", p.resolution(), paper.resolution()},
            {"norms: norms x samples, attack starts", p.normCount() + " x " + p.normSamples() + ", " + p.normStarts(),
                paper.normCount() + " x " + paper.normSamples() + ", " + paper.normStarts()},
            {"d = 2 net: training steps", p.d2Steps(), paper.d2Steps()},
            {"quadratic net: d, h", p.quadDim() + ", " + p.quadHidden(), paper.quadDim() + ", " + paper.quadHidden()},
            {"quadratic net: fixed training set, steps", p.quadSize() + ", " + p.quadSteps(), paper.quadSize() + ", " + paper.quadSteps()},
            {"quadratic net: samples per sphere", p.quadSamples(), paper.quadSamples()},
            {"perfect initialisation: training set, steps", p.perfectSize() + ", " + p.perfectSteps(), paper.perfectSize() + ", " + paper.perfectSteps()},
            {"fractions: largest d", p.maxDim(), paper.maxDim()},
            {"trade-off", String.join(" ", p.tradeoff()), String.join(" ", paper.tradeoff())},
            {"sweep", String.join(" ", p.sweep()), String.join(" ", paper.sweep())}};
        for (Object[] r : rows) md.append("| ").append(r[0]).append(" | ").append(cell(r[1])).append(" | ").append(cell(r[2])).append(" |\n");
    }

    private static String cell(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%,d", n.longValue()) : v.toString();
    }

    private static void row(StringBuilder md, String claim, String paper, String ours) {
        md.append("| ").append(claim).append(" | ").append(paper).append(" | ").append(ours == null ? "not run" : ours).append(" |\n");
    }

    private static JsonNode json(Path file) throws IOException {
        return Files.isRegularFile(file) ? RunFolder.JSON.readTree(file.toFile()) : null;
    }

    private static String sweepDims(JsonNode sweep) {
        List<String> dims = new ArrayList<>();
        for (JsonNode pt : sweep.path("points")) dims.add(pt.path("dim").asText());
        return " (of d = " + String.join(", ", dims) + ")";
    }

    private static String slicesText(JsonNode slices) {
        List<String> parts = new ArrayList<>();
        for (JsonNode panel : slices.path("panels"))
            parts.add(String.format(Locale.ROOT, "%s: %.1f %% of the outer circle called inner", panel.path("title").asText(),
                    100 * panel.path("outer_circle_called_inner").asDouble()));
        return String.join("; ", parts);
    }

    private static String normsText(JsonNode norms) {
        double lowest = Double.NaN, highest = Double.NaN, boundary = norms.path("boundary").asDouble();
        for (JsonNode row : norms.path("points")) {
            if (row.path("found").asInt() == 0) continue;
            double n = row.path("norm").asDouble();
            if (n < boundary && (Double.isNaN(lowest) || n < lowest)) lowest = n;
            if (n > boundary && (Double.isNaN(highest) || n > highest)) highest = n;
        }
        return String.format(Locale.ROOT, "inner side down to %s, outer side up to %s (grid %s .. %s)",
                Double.isNaN(lowest) ? "none" : String.format(Locale.ROOT, "%.2f", lowest),
                Double.isNaN(highest) ? "none" : String.format(Locale.ROOT, "%.2f", highest),
                norms.path("points").get(0).path("norm").asText(), norms.path("points").get(norms.path("points").size() - 1).path("norm").asText());
    }

    /** An exact rate as a number, or as a power of ten below the double range, or none where no error is possible. */
    private static String exact(JsonNode rate) {
        JsonNode log10 = rate.path("exact_log10");
        if (!log10.isNumber()) return "0 (no error possible)";
        double p = rate.path("exact").asDouble();
        return p > 0 ? String.format(Locale.ROOT, "%.3g", p) : String.format(Locale.ROOT, "10^%.1f", log10.asDouble());
    }

    /** The first and last logged quadratic columns of the perfect-init run. */
    private static String perfectText(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) return null;
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int train = header.indexOf("train_loss"), worst = header.indexOf("worst_case_loss"), out = header.indexOf("alphas_out_of_range");
        if (train < 0 || worst < 0) return null;
        String[] first = null, last = null;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length <= worst || f[train].isEmpty()) continue;
            if (first == null) first = f;
            last = f;
        }
        if (first == null) return null;
        return String.format(Locale.ROOT, "step %s -> %s: training loss %s -> %s, worst-case loss %s -> %s, alphas out of range %s -> %s",
                first[0], last[0], first[train], last[train], first[worst], last[worst], first[out], last[out]);
    }

    /** The median of d(E) / d_opt(mu) per model, over the points where both are known. */
    private static String tradeoffText(Path csv) throws IOException {
        if (!Files.isRegularFile(csv)) return null;
        List<String> lines = Files.readAllLines(csv);
        List<String> header = List.of(lines.get(0).split(","));
        int model = header.indexOf("model"), ratio = header.indexOf("d_over_d_opt");
        Map<String, List<Double>> by = new java.util.TreeMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            if (f.length > ratio && !f[ratio].isEmpty() && Double.parseDouble(f[ratio]) > 0)
                by.computeIfAbsent(f[model], k -> new ArrayList<>()).add(Double.parseDouble(f[ratio]));
        }
        if (by.isEmpty()) return "no point with both mu and d(E)";
        List<String> parts = new ArrayList<>();
        by.forEach((m, r) -> {
            r.sort(null);
            parts.add(String.format(Locale.ROOT, "%s: median d(E)/d_opt %.2f over %d points", m, r.get(r.size() / 2), r.size()));
        });
        return String.join("; ", parts);
    }
}
