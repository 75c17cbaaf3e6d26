package spheres.engine.tradeoff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import spheres.engine.experiment.PresetRun;
import spheres.engine.experiment.RunRecord;
import spheres.engine.io.AtomicFiles;
import spheres.engine.theory.CapBound;

/**
 * The trade-off's points beside the optimal curve: each point with the optimal distance at its mu and the ratio of its
 * d(E) to it. Owns {@code tradeoff.csv}; the points themselves live in each run's {@code points.json}, so {@link #read}
 * rebuilds the whole result from the folder.
 */
public record TradeoffResult(TradeoffConfig config, List<Row> rows) implements PresetRun.Result {
    public static final String CSV = "tradeoff.csv";

    /** A point, where it sits on the mu axis (null: not placed), d_opt there and d(E) / d_opt (null where unknown). */
    public record Row(TradeoffPoint point, Double placedMu, Double optimal, Double ratio) {}

    public static TradeoffResult of(TradeoffConfig config, List<TradeoffPoint> points) {
        CapBound bound = new CapBound(config.dim());
        List<Row> rows = new ArrayList<>();
        for (TradeoffPoint p : points) {
            // Every inner point wrong (mu = 1, early in training): the error set is the whole sphere, at distance 0.
            Double placed = p.placedMu(), dOpt = placed == null ? null : placed > 1 - 1e-16 ? 0.0 : bound.distance(placed);
            Double ratio = dOpt == null || dOpt == 0 || p.distance() == null ? null : p.distance() / dOpt;
            rows.add(new Row(p, placed, dOpt, ratio));
        }
        return new TradeoffResult(config, rows);
    }

    /** The result of the trade-off run in {@code dir}: its saved configuration and every run's points. */
    public static TradeoffResult read(Path dir) throws IOException {
        TradeoffConfig config = RunRecord.config(dir, Tradeoff.COMMAND, TradeoffConfig.class).validate();
        List<TradeoffPoint> points = new ArrayList<>();
        for (TradeoffRun r : Tradeoff.runs(dir, config)) points.addAll(r.points());
        return of(config, points);
    }

    /** The table of every point beside the optimal curve, as {@code spheres tradeoff} prints it. */
    @Override
    public String table() {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%-10s %8s %8s %12s %10s %10s %8s%n", "model", "N", "step", "mu", "d(E)",
                "d_opt(mu)", "ratio"));
        for (Row r : rows) {
            TradeoffPoint p = r.point();
            t.append(String.format(Locale.ROOT, "%-10s %8s %8d %12s %10s %10s %8s%n", p.model(), size(p.trainSize()), p.step(),
                    r.placedMu() == null ? "<" + config.minErrors() + " err" : String.format(Locale.ROOT, "%.3g", r.placedMu()),
                    p.distance() == null ? "-" : String.format(Locale.ROOT, "%.4f", p.distance()),
                    r.optimal() == null ? "-" : String.format(Locale.ROOT, "%.4f", r.optimal()),
                    r.ratio() == null ? "-" : String.format(Locale.ROOT, "%.2f", r.ratio())));
        }
        return t.toString();
    }

    public List<TradeoffPoint> points() {
        return rows.stream().map(Row::point).toList();
    }

    public void write(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("model,train_size,step,inner_errors,samples,mu,mu_ci95_low,mu_ci95_high,mu_status,mu_exact,"
                + "d_mean,d_stderr,attack_starts,attack_found,d_opt,d_over_d_opt\n");
        for (Row r : rows) {
            TradeoffPoint p = r.point;
            csv.append(String.join(",", p.model(), size(p.trainSize()), "" + p.step(), "" + p.errors(),
                    "" + p.samples(), num(p.mu()), num(p.muLow()), num(p.muHigh()), p.measurable() ? "measured" : "too_few_errors",
                    num(p.muExact()), num(p.distance()), num(p.distanceStderr()), p.attackStarts() == null ? "" : "" + p.attackStarts(),
                    p.attackFound() == null ? "" : "" + p.attackFound(), num(r.optimal), num(r.ratio))).append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(CSV), o -> o.write(bytes));
    }

    /** A training-set size as the files name it: {@code online} for 0. */
    public static String size(long trainSize) {
        return trainSize == 0 ? "online" : "" + trainSize;
    }

    /** A CSV field: empty for a value not measured. */
    private static String num(Double v) {
        return v == null ? "" : String.format(Locale.ROOT, "%.6g", v);
    }
}
