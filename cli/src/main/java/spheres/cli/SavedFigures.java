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
import spheres.engine.geometry.PlaneSlice;
import spheres.engine.io.Npy;
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
        List<Path> redraw(Path dir, String format) throws IOException;
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

    /**
     * The figures of one kind whose data {@code dir} itself holds (not its subfolders), in {@code format} (one of
     * {@link Charts#FORMATS}); none when it holds none.
     */
    static List<Path> redraw(Path dir, String kind, String format) throws IOException {
        return KINDS.get(kind).redraw(dir, format);
    }

    /** {@code dir/figures/NAME.FORMAT}, the folder made. */
    private static Path figure(Path dir, String name, String format) throws IOException {
        Files.createDirectories(dir.resolve("figures"));
        return dir.resolve("figures").resolve(name + "." + format);
    }

    /** figures/slices.png from slices/slices.json and each panel's grid and basis ({@code NAME.npy}, {@code NAME.basis.npy}). */
    static List<Path> slices(Path dir, String format) throws IOException {
        Slices.Result r = Slices.Result.read(dir);
        if (r == null) return List.of();
        float[] adv = adversarial(r.summary());
        List<SliceFigure.Panel> panels = new ArrayList<>();
        for (int i = 0; i < r.slices().size(); i++)
            panels.add(new SliceFigure.Panel(r.summary().panels().get(i).title(), r.slices().get(i), inPlane(r.slices().get(i), adv)));
        Path png = figure(dir, "slices", "png"); // drawn pixel by pixel: PNG in every format
        SliceFigure.save(panels, r.summary().radius(), png);
        return List.of(png);
    }

    /** The adversarial points the slices were drawn through, [n * d]; none when there were none or the file is gone. */
    private static float[] adversarial(Slices.Summary s) throws IOException {
        if (s.adversarial() == null || !Files.isRegularFile(Path.of(s.adversarial()))) return new float[0];
        return Npy.read(Path.of(s.adversarial())).floats();
    }

    /** The points of {@code adv} that lie in the slice's plane, as {u, v} along its axes: what the panel marks. */
    private static List<double[]> inPlane(PlaneSlice s, float[] adv) {
        int d = s.e1().length;
        List<double[]> marks = new ArrayList<>();
        for (int k = 0; k + d <= adv.length; k += d) {
            double u = 0, v = 0, norm = 0;
            for (int i = 0; i < d; i++) {
                u += adv[k + i] * s.e1()[i];
                v += adv[k + i] * s.e2()[i];
                norm += (double) adv[k + i] * adv[k + i];
            }
            if (norm - u * u - v * v <= 1e-6 * norm) marks.add(new double[] {u, v}); // float32 points: in the plane to rounding
        }
        return marks;
    }

    /** figures/norms.png from norms.json. */
    static List<Path> norms(Path dir, String format) throws IOException {
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
        Path file = figure(dir, "norms", format);
        Charts.save(NormsFigure.chart(norms, ideal, success, r.boundary()), file);
        return List.of(file);
    }

    /** figures/alphas.file from alphas.csv, with the radius and bins of quadratic.json. */
    static List<Path> alphas(Path dir, String format) throws IOException {
        double[] alphas = Quadratic.alphas(dir);
        if (alphas == null || alphas.length == 0) return List.of(); // b = 0: the alphas are undefined
        Quadratic.Result r = Quadratic.Result.read(dir);
        Path file = figure(dir, "alphas", format);
        QuadraticFigures.alphaHistogram(alphas, r.radius(), r.histogramBins(), file);
        return List.of(file);
    }

    /** figures/losses.file from the rows of train.csv that hold the quadratic net's losses (so a resumed run plots its whole history). */
    static List<Path> losses(Path dir, String format) throws IOException {
        List<double[]> rows = Training.losses(dir);
        if (rows == null || rows.isEmpty()) return List.of();
        double[][] cols = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) for (int c = 0; c < 4; c++) cols[c][i] = rows.get(i)[c];
        Path file = figure(dir, "losses", format);
        QuadraticFigures.losses(cols[0], cols[1], cols[2], cols[3], file);
        return List.of(file);
    }

    /** figures/fractions-inner.file and fractions-outer.file from fractions.csv (an empty cell: out of reach). */
    static List<Path> fractions(Path dir, String format) throws IOException {
        Fractions.Result r = Fractions.Result.read(dir);
        if (r == null) return List.of();
        List<Path> written = new ArrayList<>();
        for (Fractions.Table t : r.tables()) {
            Path file = figure(dir, "fractions-" + t.sphere(), format);
            QuadraticFigures.fractions(t.sphere(), t.targets(), t.dims(), t.clt(), t.exact(), file);
            written.add(file);
        }
        return written;
    }

    /** figures/bound.file from bound.csv: one curve and its Gaussian approximation per dimension. */
    static List<Path> bound(Path dir, String format) throws IOException {
        Bound.Result result = Bound.Result.read(dir);
        if (result == null) return List.of();
        var chart = BoundFigure.plane("Optimal distance to an error set of measure mu (a spherical cap)");
        int i = 0;
        for (List<CapBound.Point> curve : result.curves()) BoundFigure.addCurves(chart, curve, i++);
        Path file = figure(dir, "bound", format);
        Charts.save(chart, file);
        return List.of(file);
    }

    /** figures/tradeoff.file from the saved configuration and each run's points.json. */
    static List<Path> tradeoff(Path dir, String format) throws IOException {
        if (!RunRecord.isOf(dir, Tradeoff.COMMAND)) return List.of();
        TradeoffResult result = TradeoffResult.read(dir);
        boolean anyDistance = result.points().stream().anyMatch(p -> p.distance() != null);
        Path file = figure(dir, "tradeoff", format);
        Charts.save(TradeoffFigure.chart(result.config().dim(), result.points(), anyDistance ? "" : " (d(E) not measured yet)"), file);
        return List.of(file);
    }

    /** figures/sweep.file from sweep.json. */
    static List<Path> sweep(Path dir, String format) throws IOException {
        SweepResult result = SweepResult.read(dir);
        if (result == null) return List.of();
        Path file = figure(dir, "sweep", format);
        Charts.save(SweepFigure.chart(result.points(), result.highestClean()), file);
        return List.of(file);
    }
}
