package spheres.figures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import spheres.engine.experiment.Bound;
import spheres.engine.experiment.Fractions;
import spheres.engine.experiment.Norms;
import spheres.engine.experiment.Quadratic;
import spheres.engine.experiment.RunRecord;
import spheres.engine.experiment.Slices;
import spheres.engine.experiment.Training;
import spheres.engine.geometry.PlaneSlice;
import spheres.engine.io.FormatException;
import spheres.engine.io.Npy;
import spheres.engine.sweep.SweepResult;
import spheres.engine.theory.CapBound;
import spheres.engine.tradeoff.Tradeoff;
import spheres.engine.tradeoff.TradeoffResult;

/**
 * Every figure of a run folder, drawn from the result files its stage saved (the engine's result records, read back).
 * A stage's figures are drawn here after its data is saved, by the CLI's commands or a Spark driver alike, so
 * {@code spheres plot} redraws exactly what a run drew. Each call returns the figures it wrote, none when the folder
 * holds no data of its kind.
 */
public final class Figures {
    private Figures() {}

    /** A kind of figure, in the order they are drawn: what it is drawn from, and how. */
    public enum Kind {
        SLICES(Figures::slices), NORMS(Figures::norms), ALPHAS(Figures::alphas), LOSSES(Figures::losses), FRACTIONS(Figures::fractions),
        BOUND(Figures::bound), TRADEOFF(Figures::tradeoff), SWEEP(Figures::sweep);

        /** The names, in lower case, as {@code spheres plot --only} spells them. */
        public static final List<String> NAMES = Stream.of(values()).map(k -> k.name().toLowerCase(Locale.ROOT)).toList();

        private final Drawing drawing;

        Kind(Drawing drawing) {
            this.drawing = drawing;
        }

        /** The kind of this name ({@code slices}, {@code norms}, ...), as {@code plot --only} takes it. */
        public static Kind parse(String name) {
            int i = NAMES.indexOf(name);
            if (i < 0) throw new IllegalArgumentException("--only " + name + ": accepted: " + String.join(", ", NAMES));
            return values()[i];
        }
    }

    private interface Drawing {
        List<Path> draw(Path dir, Format format) throws IOException;
    }

    /** What the redraw of a tree looks for, for its messages. */
    public static final String SOURCES = "slices/slices.json, norms.json, alphas.csv, a quadratic net's train.csv, fractions.csv, bound.csv, "
            + "a tradeoff run's config.json, sweep.json";

    /** Deep enough for a reproduce run's stages (relu/norms); deeper folders are per-model data, not figures. */
    private static final int DEPTH = 3;
    private static final Set<String> NOT_RUNS = Set.of("figures", "slices", "logs", ".stages");

    /** The figures of one kind whose data {@code dir} itself holds (not its subfolders); none when it holds none. */
    public static List<Path> draw(Path dir, Kind kind, Format format) throws IOException {
        return kind.drawing.draw(dir, format);
    }

    /** Every figure whose data {@code dir} itself holds: what a stage that wrote the folder draws. */
    public static List<Path> drawAll(Path dir, Format format) throws IOException {
        List<Path> drawn = new ArrayList<>();
        for (Kind k : Kind.values()) drawn.addAll(draw(dir, k, format));
        return drawn;
    }

    /** How many figures a redraw of a tree drew, and the data files it found broken. */
    public record Redrawn(int count, List<FormatException> broken) {}

    /**
     * The figures of {@code kinds} in {@code run} and every folder below it to the depth of a reproduce run's stages
     * (not the data folders figures/, slices/, logs/, .stages/), each reported to {@code drawn} as it is written. One
     * broken file costs its own figure only: its error is collected, and the walk goes on.
     */
    public static Redrawn redraw(Path run, Collection<Kind> kinds, Format format, Consumer<Path> drawn) throws IOException {
        Path root = run.toRealPath(); // RUN may be a link to the run folder; the walk does not enter links
        List<Path> folders;
        try (Stream<Path> walk = Files.walk(root, DEPTH)) {
            folders = walk.filter(Files::isDirectory).filter(p -> !skipped(root.relativize(p))).sorted().toList();
        }
        int count = 0;
        List<FormatException> broken = new ArrayList<>();
        for (Path folder : folders) {
            for (Kind kind : Kind.values()) {
                if (!kinds.contains(kind)) continue;
                try {
                    for (Path figure : draw(folder, kind, format)) {
                        drawn.accept(figure);
                        count++;
                    }
                } catch (FormatException e) {
                    broken.add(e);
                }
            }
        }
        return new Redrawn(count, broken);
    }

    /** A folder that holds data of a run, not a run: figures/, slices/, logs/, .stages/, and what lies below them. */
    private static boolean skipped(Path relative) {
        if (relative.toString().isEmpty()) return false; // RUN itself
        for (Path part : relative) if (NOT_RUNS.contains(part.toString())) return true;
        return false;
    }

    /** {@code dir/figures/NAME.FORMAT}, the folder made. */
    private static Path figure(Path dir, String name, Format format) throws IOException {
        Files.createDirectories(dir.resolve("figures"));
        return dir.resolve("figures").resolve(name + "." + format.extension());
    }

    /** figures/slices.png from slices/slices.json and each panel's grid and basis ({@code NAME.npy}, {@code NAME.basis.npy}). */
    private static List<Path> slices(Path dir, Format format) throws IOException {
        Slices.Result r = Slices.Result.read(dir);
        if (r == null) return List.of();
        float[] adv = null; // files of earlier versions name the points' file instead of recording where they fall
        List<SliceFigure.Panel> panels = new ArrayList<>();
        for (int i = 0; i < r.slices().size(); i++) {
            Slices.Panel p = r.summary().panels().get(i);
            List<double[]> marks = p.adversarialInPlane();
            if (marks == null) marks = Slices.inPlane(r.slices().get(i), adv = adv != null ? adv : adversarial(r.summary()));
            panels.add(new SliceFigure.Panel(p.title(), r.slices().get(i), marks));
        }
        Path png = figure(dir, "slices", Format.PNG); // drawn pixel by pixel: PNG in every format
        SliceFigure.save(panels, r.summary().radius(), png);
        return List.of(png);
    }

    /** The adversarial points an earlier version's slices were drawn through, [n * d]; none when there were none or the file is gone. */
    private static float[] adversarial(Slices.Summary s) throws IOException {
        if (s.adversarial() == null || !Files.isRegularFile(Path.of(s.adversarial()))) return new float[0];
        return Npy.read(Path.of(s.adversarial())).floats();
    }

    /** figures/norms.png from norms.json. */
    private static List<Path> norms(Path dir, Format format) throws IOException {
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
    private static List<Path> alphas(Path dir, Format format) throws IOException {
        double[] alphas = Quadratic.alphas(dir);
        if (alphas == null || alphas.length == 0) return List.of(); // b = 0: the alphas are undefined
        Quadratic.Result r = Quadratic.Result.read(dir);
        Path file = figure(dir, "alphas", format);
        QuadraticFigures.alphaHistogram(alphas, r.radius(), r.histogramBins(), file);
        return List.of(file);
    }

    /** figures/losses.file from the rows of train.csv that hold the quadratic net's losses (so a resumed run plots its whole history). */
    private static List<Path> losses(Path dir, Format format) throws IOException {
        List<double[]> rows = Training.losses(dir);
        if (rows == null || rows.isEmpty()) return List.of();
        double[][] cols = new double[4][rows.size()];
        for (int i = 0; i < rows.size(); i++) for (int c = 0; c < 4; c++) cols[c][i] = rows.get(i)[c];
        Path file = figure(dir, "losses", format);
        QuadraticFigures.losses(cols[0], cols[1], cols[2], cols[3], file);
        return List.of(file);
    }

    /** figures/fractions-inner.file and fractions-outer.file from fractions.csv (an empty cell: out of reach). */
    private static List<Path> fractions(Path dir, Format format) throws IOException {
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
    private static List<Path> bound(Path dir, Format format) throws IOException {
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
    private static List<Path> tradeoff(Path dir, Format format) throws IOException {
        if (!RunRecord.isOf(dir, Tradeoff.COMMAND)) return List.of();
        TradeoffResult result = TradeoffResult.read(dir);
        boolean anyDistance = result.points().stream().anyMatch(p -> p.distance() != null);
        Path file = figure(dir, "tradeoff", format);
        Charts.save(TradeoffFigure.chart(result.config().dim(), result.points(), anyDistance ? "" : " (d(E) not measured yet)"), file);
        return List.of(file);
    }

    /** figures/sweep.file from sweep.json. */
    private static List<Path> sweep(Path dir, Format format) throws IOException {
        SweepResult result = SweepResult.read(dir);
        if (result == null) return List.of();
        Path file = figure(dir, "sweep", format);
        Charts.save(SweepFigure.chart(result.points(), result.highestClean()), file);
        return List.of(file);
    }
}
