package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import spheres.cli.plot.BoundFigure;
import spheres.cli.plot.Charts;
import spheres.cli.plot.NormsFigure;
import spheres.cli.plot.QuadraticFigures;
import spheres.cli.plot.SliceFigure;
import spheres.cli.plot.SweepFigure;
import spheres.cli.plot.TradeoffFigure;
import spheres.engine.experiment.Bound;
import spheres.engine.experiment.Fractions;
import spheres.engine.experiment.Norms;
import spheres.engine.experiment.Quadratic;
import spheres.engine.experiment.RunRecord;
import spheres.engine.experiment.Slices;
import spheres.engine.experiment.Training;
import spheres.engine.sweep.SweepResult;
import spheres.engine.theory.CapBound;
import spheres.engine.tradeoff.Tradeoff;
import spheres.engine.tradeoff.TradeoffResult;

/**
 * Every figure of a run folder, drawn from the files its command saved. The commands draw their figures through these
 * methods too, after saving the data, so {@code spheres plot} redraws exactly what a run drew. Each method returns the
 * figures it wrote, none when the folder holds no data of its kind.
 */
final class SavedFigures {
    private SavedFigures() {}

    /** A kind of figure: what it is drawn from, and how. */
    private interface Kind {
        List<Path> redraw(Path dir) throws IOException;
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("slices", SavedFigures::slices);
        KINDS.put("norms", SavedFigures::norms);
        KINDS.put("alphas", SavedFigures::alphas);
        KINDS.put("losses", SavedFigures::losses);
        KINDS.put("fractions", SavedFigures::fractions);
        KINDS.put("bound", SavedFigures::bound);
        KINDS.put("tradeoff", SavedFigures::tradeoff);
        KINDS.put("sweep", SavedFigures::sweep);
    }

    /** What {@code spheres plot} looks for, for its messages. */
    static final String SOURCES = "slices/slices.json, norms.json, alphas.csv, a quadratic net's train.csv, fractions.csv, bound.csv, "
            + "a tradeoff run's config.json, sweep.json";

    /** The names of the kinds, in the order they are drawn. */
    static java.util.Set<String> kinds() {
        return KINDS.keySet();
    }

    /** The figures of one kind whose data {@code dir} itself holds (not its subfolders); none when it holds none. */
    static List<Path> redraw(Path dir, String kind) throws IOException {
        return KINDS.get(kind).redraw(dir);
    }

    private static Path figure(Path dir, String name) throws IOException {
        Files.createDirectories(dir.resolve("figures"));
        return dir.resolve("figures").resolve(name);
    }

    /** figures/slices.png from slices/slices.json and each panel's grid and basis ({@code NAME.npy}, {@code NAME.basis.npy}). */
    static List<Path> slices(Path dir) throws IOException {
        Slices.Result r = Slices.Result.read(dir);
        if (r == null) return List.of();
        List<SliceFigure.Panel> panels = new ArrayList<>();
        for (int i = 0; i < r.slices().size(); i++) panels.add(new SliceFigure.Panel(r.summary().panels().get(i).title(), r.slices().get(i)));
        Path png = figure(dir, "slices.png");
        SliceFigure.save(panels, r.summary().radius(), png);
        return List.of(png);
    }

    /** figures/norms.png from norms.json. */
    static List<Path> norms(Path dir) throws IOException {
        Norms.Result r = Norms.Result.read(dir);
        if (r == null) return List.of();
        int n = r.points().size();
        double[] norms = new double[n], ideal = new double[n], success = new double[n];
        for (int i = 0; i < n; i++) {
            Norms.Row p = r.points().get(i);
            norms[i] = p.norm();
            ideal[i] = p.fractionIdeal() == null ? Double.NaN : p.fractionIdeal(); // null: no samples at this norm
            success[i] = p.attackSuccess() == null ? Double.NaN : p.attackSuccess();
        }
        Path png = figure(dir, "norms.png");
        Charts.savePng(NormsFigure.chart(norms, ideal, success, r.boundary()), png);
        return List.of(png);
    }

    /** figures/alphas.png from alphas.csv, with the radius and bins of quadratic.json. */
    static List<Path> alphas(Path dir) throws IOException {
        double[] alphas = Quadratic.alphas(dir);
        if (alphas == null || alphas.length == 0) return List.of(); // b = 0: the alphas are undefined
        Quadratic.Result r = Quadratic.Result.read(dir);
        Path png = figure(dir, "alphas.png");
        QuadraticFigures.alphaHistogram(alphas, r.radius(), r.histogramBins(), png);
        return List.of(png);
    }

    /** figures/losses.png from the rows of train.csv that hold the quadratic net's losses (so a resumed run plots its whole history). */
    static List<Path> losses(Path dir) throws IOException {
        List<double[]> rows = Training.losses(dir);
        if (rows == null || rows.isEmpty()) return List.of();
        double[][] cols = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) for (int c = 0; c < 4; c++) cols[c][i] = rows.get(i)[c];
        Path png = figure(dir, "losses.png");
        QuadraticFigures.losses(cols[0], cols[1], cols[2], cols[3], png);
        return List.of(png);
    }

    /** figures/fractions-inner.png and fractions-outer.png from fractions.csv (an empty cell: out of reach). */
    static List<Path> fractions(Path dir) throws IOException {
        Fractions.Result r = Fractions.Result.read(dir);
        if (r == null) return List.of();
        List<Path> written = new ArrayList<>();
        for (Fractions.Table t : r.tables()) {
            Path png = figure(dir, "fractions-" + t.sphere() + ".png");
            QuadraticFigures.fractions(t.sphere(), t.targets(), t.dims(), t.clt(), t.exact(), png);
            written.add(png);
        }
        return written;
    }

    /** figures/bound.png from bound.csv: one curve and its Gaussian approximation per dimension. */
    static List<Path> bound(Path dir) throws IOException {
        Bound.Result result = Bound.Result.read(dir);
        if (result == null) return List.of();
        var chart = BoundFigure.plane("Optimal distance to an error set of measure mu (a spherical cap)");
        int i = 0;
        for (List<CapBound.Point> curve : result.curves()) BoundFigure.addCurves(chart, curve, i++);
        Path png = figure(dir, "bound.png");
        Charts.savePng(chart, png);
        return List.of(png);
    }

    /** figures/tradeoff.png from the saved configuration and each run's points.json. */
    static List<Path> tradeoff(Path dir) throws IOException {
        if (!RunRecord.isOf(dir, Tradeoff.COMMAND)) return List.of();
        TradeoffResult result = TradeoffResult.read(dir);
        boolean anyDistance = result.points().stream().anyMatch(p -> p.distance() != null);
        Path png = figure(dir, "tradeoff.png");
        Charts.savePng(TradeoffFigure.chart(result.config().dim(), result.points(), anyDistance ? "" : " (d(E) not measured yet)"), png);
        return List.of(png);
    }

    /** figures/sweep.png from sweep.json. */
    static List<Path> sweep(Path dir) throws IOException {
        SweepResult result = SweepResult.read(dir);
        if (result == null) return List.of();
        Path png = figure(dir, "sweep.png");
        Charts.savePng(SweepFigure.chart(result.points(), result.highestClean()), png);
        return List.of(png);
    }
}
