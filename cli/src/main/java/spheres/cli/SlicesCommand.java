package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import spheres.cli.plot.SliceFigure;
import spheres.engine.Backend;
import spheres.engine.geometry.PlaneSlice;
import spheres.engine.io.DType;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainedModel;
import spheres.kernels.Gaussian;

/** The paper's 2D slices through the origin: random planes and planes through adversarial points. */
@Command(name = "slices", description = "Draw 2D slices of a model's decision boundary through the origin: a random plane, and with "
        + "--adversarial also a random and an adversarial direction, and two adversarial directions.",
        footer = {"", "Writes RUN/slices/<panel>.npy (logits on the grid, row 0 at the bottom), <panel>.basis.npy, slices.json and",
                "RUN/figures/slices.png. For d = 2 the one panel is the input plane itself.", "",
                "Examples:",
                "  ./spheres slices runs/quick",
                "  ./spheres slices runs/quick --adversarial runs/quick/attack/adversarial.npy --resolution 600 --force"})
final class SlicesCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(paramLabel = "RUN", description = "A run folder (with model.safetensors).")
    Path run;

    @Option(names = "--adversarial", paramLabel = "ADV.npy",
            description = "Adversarial points, float32 [n, d] (n >= 1; two for the third panel), e.g. from spheres attack.")
    Path adversarial;

    @Option(names = "--resolution", defaultValue = "400", description = "Grid points per side (default: ${DEFAULT-VALUE}).")
    int resolution;

    @Option(names = "--extent", defaultValue = "1.6", description = "Half-width of the square shown, in input units (default: ${DEFAULT-VALUE}).")
    double extent;

    @Option(names = "--seed", defaultValue = "" + Streams.DEFAULT_SEED, description = "Seed of the random directions (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--force", description = "Overwrite earlier slices of this run.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(run)) throw new IllegalArgumentException(run + ": not a run folder");
        Path dir = run.resolve("slices"), png = run.resolve("figures").resolve("slices.png");
        if (Files.exists(dir.resolve("slices.json")) && !force)
            throw new IllegalArgumentException(dir + ": holds slices already; pass --force to overwrite them");
        try (Backend backend = runtime.open()) {
            TrainedModel model = TrainedModel.load(backend, run);
            int d = model.config().dim();
            float[] adv = adversarialPoints(d);
            long start = System.nanoTime();
            List<SliceFigure.Panel> panels = new ArrayList<>();
            List<String> names = new ArrayList<>();
            if (d == 2) {
                add(panels, names, "plane", "the input plane (d = 2)", PlaneSlice.of(backend, model, unit(2, 0), unit(2, 1), extent, resolution));
            } else {
                double[] r1 = randomDirection(d, 0), r2 = randomDirection(d, 1);
                add(panels, names, "random", "two random directions", PlaneSlice.of(backend, model, r1, r2, extent, resolution));
                if (adv != null) {
                    add(panels, names, "random-adversarial", "random and adversarial",
                            PlaneSlice.of(backend, model, r1, row(adv, d, 0), extent, resolution));
                    if (adv.length >= 2 * d)
                        add(panels, names, "adversarial", "two adversarial directions",
                                PlaneSlice.of(backend, model, row(adv, d, 0), row(adv, d, 1), extent, resolution));
                }
            }
            Files.createDirectories(dir);
            Files.createDirectories(png.getParent());
            float radius = model.config().radius();
            List<Map<String, Object>> summary = new ArrayList<>();
            for (int p = 0; p < panels.size(); p++) {
                PlaneSlice s = panels.get(p).slice();
                Npy.write(dir.resolve(names.get(p) + ".npy"), HostArray.of(s.logits(), resolution, resolution));
                double[] basis = new double[2 * d];
                System.arraycopy(s.e1(), 0, basis, 0, d);
                System.arraycopy(s.e2(), 0, basis, d, d);
                Npy.write(dir.resolve(names.get(p) + ".basis.npy"), HostArray.of(basis, 2, d));
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("name", names.get(p));
                m.put("title", panels.get(p).title());
                m.put("inner_circle_called_outer", s.circleErrorFraction(backend, model, 1, false, 3600));
                m.put("outer_circle_called_inner", s.circleErrorFraction(backend, model, radius, true, 3600));
                summary.add(m);
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("model", model.file().toString());
            json.put("radius", radius);
            json.put("extent", extent);
            json.put("resolution", resolution);
            json.put("seed", seed);
            json.put("adversarial", adversarial == null ? null : adversarial.toString());
            json.put("panels", summary);
            json.put("environment", RunFolder.environment(backend, runtime.threads()));
            spheres.engine.io.AtomicFiles.write(dir.resolve("slices.json"), o -> RunFolder.JSON.writeValue(o, json));
            SavedFigures.slices(run);
            for (Map<String, Object> m : summary)
                System.out.printf(Locale.ROOT, "%-34s inner circle called outer %6.2f %%, outer circle called inner %6.2f %%%n",
                        m.get("title"), 100 * (double) m.get("inner_circle_called_outer"), 100 * (double) m.get("outer_circle_called_inner"));
            System.out.printf(Locale.ROOT, "%d panels of %d x %d in %.1f s; written %s and %s%n", panels.size(), resolution, resolution,
                    (System.nanoTime() - start) / 1e9, dir, png);
        }
        return ExitCodes.OK;
    }

    private float[] adversarialPoints(int d) throws IOException {
        if (adversarial == null) return null;
        if (!Files.isRegularFile(adversarial)) throw new IllegalArgumentException("--adversarial " + adversarial + ": no such file");
        HostArray a = Npy.read(adversarial).expect("--adversarial " + adversarial, DType.F32, -1, d);
        if (a.shape()[0] < 1) throw new IllegalArgumentException("--adversarial " + adversarial + ": holds no point");
        return a.floats();
    }

    private double[] randomDirection(int d, int k) {
        float[] g = new float[d];
        Gaussian.fill(seed, Streams.SLICES, (long) k * d, d, g, 0);
        return toDouble(g, 0, d);
    }

    private static double[] row(float[] a, int d, int r) {
        return toDouble(a, r * d, d);
    }

    private static double[] toDouble(float[] a, int off, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) out[i] = a[off + i];
        return out;
    }

    private static double[] unit(int d, int k) {
        double[] e = new double[d];
        e[k] = 1;
        return e;
    }

    private static void add(List<SliceFigure.Panel> panels, List<String> names, String name, String title, PlaneSlice s) {
        panels.add(new SliceFigure.Panel(title, s));
        names.add(name);
    }
}
