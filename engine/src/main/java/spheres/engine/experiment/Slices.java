package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import spheres.engine.Backend;
import spheres.engine.geometry.PlaneSlice;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.DType;
import spheres.engine.io.FormatException;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainedModel;
import spheres.kernels.Gaussian;

/**
 * The paper's 2D slices through the origin (spec section 5, figure 1) as a stage: two random directions; with
 * adversarial points also a random and an adversarial one, and two adversarial ones; at d = 2 the input plane. Owns the
 * run's {@code slices/} folder: {@code <panel>.npy} (logits on the grid, row 0 at the bottom), {@code <panel>.basis.npy}
 * and {@code slices.json} ({@link Summary}).
 */
public final class Slices {
    public static final String FOLDER = "slices", JSON = "slices.json";

    private Slices() {}

    /**
     * The model (a run folder or its file), adversarial points ([n, d] float32, or null), the grid, the seed of the random
     * directions, and the folder that gets {@code slices/} and {@code figures/} ({@code out}; null: the model's folder).
     */
    public record Config(Path run, Path adversarial, int resolution, double extent, long seed,
                         @JsonInclude(JsonInclude.Include.NON_NULL) Path out) {
        public Config(Path run, Path adversarial, int resolution, double extent, long seed) {
            this(run, adversarial, resolution, extent, seed, null);
        }

        /** Where the slices go: {@code out}, else the folder of the model. */
        public Path folder() {
            return out != null ? out : Files.isDirectory(run) ? run : TrainedModel.file(run).toAbsolutePath().getParent();
        }
    }

    /**
     * One panel: its file name, its title, how much of each data circle in its plane the model gets wrong, and where the
     * adversarial points that lie in its plane fall, {u, v} along its axes (what the figure marks; recorded here so
     * that the figure needs no file outside the slices folder, and a run folder can move; null in files of earlier
     * versions).
     */
    public record Panel(String name, String title, @JsonProperty("inner_circle_called_outer") double innerCalledOuter,
                        @JsonProperty("outer_circle_called_inner") double outerCalledInner,
                        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("adversarial_in_plane") List<double[]> adversarialInPlane) {}

    /** What {@code slices.json} records. */
    public record Summary(String model, double radius, double extent, int resolution, long seed, String adversarial, List<Panel> panels,
                          Environment environment) implements Versioned {
        /** A line per panel: how much of each data circle it gets wrong, as {@code spheres slices} prints them. */
        public String table() {
            StringBuilder t = new StringBuilder();
            for (Panel p : panels)
                t.append(String.format(Locale.ROOT, "%-34s inner circle called outer %6.2f %%, outer circle called inner %6.2f %%%n",
                        p.title(), 100 * p.innerCalledOuter(), 100 * p.outerCalledInner()));
            return t.toString();
        }
    }

    /** The summary and each panel's grid, in panel order. */
    public record Result(Summary summary, List<PlaneSlice> slices) {
        /** The slices a run folder holds, or null when it holds none. */
        public static Result read(Path run) throws IOException {
            Path data = run.resolve(FOLDER), json = data.resolve(JSON);
            if (!Files.isRegularFile(json)) return null;
            Summary s = Json.read(json, Summary.class);
            if (s.panels() == null || s.panels().isEmpty()) throw new FormatException(json + ": lists no panel");
            List<PlaneSlice> slices = new ArrayList<>();
            for (Panel p : s.panels()) {
                Path grid = data.resolve(p.name() + ".npy"), basisFile = data.resolve(p.name() + ".basis.npy");
                float[] logits = Npy.read(grid).expect(grid.toString(), DType.F32, s.resolution(), s.resolution()).floats();
                double[] basis = Npy.read(basisFile).expect(basisFile.toString(), DType.F64, 2, -1).doubles();
                int d = basis.length / 2;
                slices.add(new PlaneSlice(Arrays.copyOfRange(basis, 0, d), Arrays.copyOfRange(basis, d, 2 * d), s.extent(), s.resolution(), logits));
            }
            return new Result(s, slices);
        }
    }

    /** Computes every panel and writes the slices folder. */
    public static Result run(Backend backend, Config c, Environment environment) throws IOException {
        TrainedModel model = TrainedModel.load(backend, c.run());
        int d = model.spec().dim();
        float[] adv = adversarialPoints(c.adversarial(), d);
        List<String[]> names = new ArrayList<>();
        List<PlaneSlice> slices = new ArrayList<>();
        if (d == 2) {
            names.add(new String[] {"plane", "the input plane (d = 2)"});
            slices.add(PlaneSlice.of(backend, model, unit(2, 0), unit(2, 1), c.extent(), c.resolution()));
        } else {
            double[] r1 = randomDirection(c.seed(), d, 0), r2 = randomDirection(c.seed(), d, 1);
            names.add(new String[] {"random", "two random directions"});
            slices.add(PlaneSlice.of(backend, model, r1, r2, c.extent(), c.resolution()));
            if (adv != null) {
                names.add(new String[] {"random-adversarial", "random and adversarial"});
                slices.add(PlaneSlice.of(backend, model, r1, row(adv, d, 0), c.extent(), c.resolution()));
                if (adv.length >= 2 * d) {
                    names.add(new String[] {"adversarial", "two adversarial directions"});
                    slices.add(PlaneSlice.of(backend, model, row(adv, d, 0), row(adv, d, 1), c.extent(), c.resolution()));
                }
            }
        }
        Path dir = c.folder().resolve(FOLDER);
        Files.createDirectories(dir);
        float radius = model.spec().radius();
        List<Panel> panels = new ArrayList<>();
        for (int p = 0; p < slices.size(); p++) {
            PlaneSlice s = slices.get(p);
            String name = names.get(p)[0];
            Npy.write(dir.resolve(name + ".npy"), HostArray.of(s.logits(), c.resolution(), c.resolution()));
            double[] basis = new double[2 * d];
            System.arraycopy(s.e1(), 0, basis, 0, d);
            System.arraycopy(s.e2(), 0, basis, d, d);
            Npy.write(dir.resolve(name + ".basis.npy"), HostArray.of(basis, 2, d));
            panels.add(new Panel(name, names.get(p)[1], s.circleErrorFraction(backend, model, 1, false, 3600),
                    s.circleErrorFraction(backend, model, radius, true, 3600), adv == null ? null : inPlane(s, adv)));
        }
        // The radius as its decimal (1.3, not 1.2999999523): what the figure draws and the file has always said.
        Summary summary = new Summary(model.file().toString(), Double.parseDouble(Float.toString(radius)), c.extent(), c.resolution(),
                c.seed(), c.adversarial() == null ? null : c.adversarial().toString(), panels, environment);
        AtomicFiles.write(dir.resolve(JSON), o -> Json.MAPPER.writeValue(o, summary)); // without a final newline: the bytes runs have always had
        return new Result(summary, slices);
    }

    /** The points of {@code adv} ([n * d]) that lie in the slice's plane, as {u, v} along its axes. */
    public static List<double[]> inPlane(PlaneSlice s, float[] adv) {
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

    private static float[] adversarialPoints(Path file, int d) throws IOException {
        if (file == null) return null;
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--adversarial " + file + ": no such file");
        HostArray a = Npy.read(file).expect("--adversarial " + file, DType.F32, -1, d);
        if (a.shape()[0] < 1) throw new IllegalArgumentException("--adversarial " + file + ": holds no point");
        return a.floats();
    }

    private static double[] randomDirection(long seed, int d, int k) {
        float[] g = new float[d];
        Gaussian.fill(seed, Streams.SLICES, (long) k * d, d, g, 0);
        return row(g, d, 0);
    }

    private static double[] row(float[] a, int d, int r) {
        double[] out = new double[d];
        for (int i = 0; i < d; i++) out[i] = a[r * d + i];
        return out;
    }

    private static double[] unit(int d, int k) {
        double[] e = new double[d];
        e[k] = 1;
        return e;
    }
}
