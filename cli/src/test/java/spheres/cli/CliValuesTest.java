package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.workflow.ErrorRate;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainedModel;
import spheres.kernels.Gaussian;

/**
 * The numbers the commands write, recomputed through the engine from the model they saved: a command that counted,
 * sampled or indexed wrongly would still write the right keys and shapes, which is all the other CLI tests look at.
 */
class CliValuesTest {
    @TempDir
    Path dir;

    private Path train(int dim) {
        Path out = dir.resolve("run");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "train", "--dim", "" + dim, "--width", "16", "--steps", "40", "--threads", "1",
                "--out", out.toString()), err.toString());
        return out;
    }

    @Test
    void evalCountsAndPredictLogitsAreTheEnginesOnTheSavedModel() throws Exception {
        Path run = train(8);
        StringBuilder err = new StringBuilder();
        int n = 3000;
        // chunk 700: the command's pieces (and its last, short chunk) must add up to the engine's count over 0 .. n
        assertEquals(0, CliRun.run(err, null, "eval", run.toString(), "-n", "" + n, "--chunk", "700", "--threads", "2"), err.toString());
        JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(run.resolve("eval.json").toFile());
        float[] pts = new float[3 * 8];
        pts[0] = 1f;
        pts[8 + 1] = 1.3f;
        pts[16 + 2] = 0.6f;
        pts[16 + 3] = 0.8f;
        Path x = dir.resolve("x.npy"), logits = dir.resolve("l.npy");
        Npy.write(x, HostArray.of(pts, 3, 8));
        assertEquals(0, CliRun.run(err, null, "predict", run.toString(), "--input", x.toString(), "--output", logits.toString()), err.toString());
        try (Backend be = new CpuBackend(1)) {
            TrainedModel model = TrainedModel.load(be, run);
            try (Evaluator ev = new Evaluator(be, model.net(), 8, 1.3f, Streams.DEFAULT_SEED, 1000)) {
                for (boolean outer : new boolean[] {false, true}) {
                    ErrorRate want = new ErrorRate(ev.errors(outer, 0, n), n);
                    JsonNode got = json.path(outer ? "outer" : "inner");
                    String what = outer ? "outer" : "inner";
                    assertTrue(want.errors() > 0 && want.errors() < n, what + ": a barely trained net errs on some points: " + want);
                    assertEquals(want.errors(), got.path("errors").asLong(), what + " errors");
                    assertEquals(n, got.path("samples").asLong(), what + " samples");
                    assertEquals(want.rate(), got.path("rate").asDouble(), 0, what + " rate");
                    assertEquals(want.lower95(), got.path("ci95").get(0).asDouble(), 0, what + " lower 95%");
                    assertEquals(want.upper95(), got.path("ci95").get(1).asDouble(), 0, what + " upper 95%");
                }
            }
            float[] want = new float[3];
            model.logits(be, pts, 3, 3, want);
            assertArrayEquals(want, Npy.read(logits).floats(), "predict writes the model's logits, in the input's order");
        }
    }

    @Test
    void sliceLogitsAreTheModelsAtTheGridPointsOfTheSavedBasis() throws Exception {
        int d = 5, res = 24;
        double extent = 1.6; // the default
        Path run = train(d), adv = dir.resolve("adv.npy");
        Npy.write(adv, HostArray.of(new float[] {2, 0, 0, 0, 0, 3, 0, 4, 0, 0}, 2, d));
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "slices", run.toString(), "--adversarial", adv.toString(), "--resolution", "" + res), err.toString());
        // The random plane starts from Philox Gaussians of the slices stream: e1 is the first, normalised.
        float[] g = new float[d];
        Gaussian.fill(Streams.DEFAULT_SEED, Streams.SLICES, 0, d, g, 0);
        double norm = 0;
        for (float v : g) norm += (double) v * v;
        double[] random = Npy.read(run.resolve("slices/random.basis.npy")).doubles();
        for (int k = 0; k < d; k++) assertEquals(g[k] / Math.sqrt(norm), random[k], 1e-12, "random e1[" + k + "]");
        // Two adversarial directions: e1 = the first point normalised, e2 the part of the second orthogonal to it.
        assertArrayEquals(new double[] {1, 0, 0, 0, 0, 0, 0, 1, 0, 0}, Npy.read(run.resolve("slices/adversarial.basis.npy")).doubles(), 1e-7);
        try (Backend be = new CpuBackend(1)) {
            TrainedModel model = TrainedModel.load(be, run);
            for (String panel : new String[] {"random", "random-adversarial", "adversarial"}) {
                double[] basis = Npy.read(run.resolve("slices/" + panel + ".basis.npy")).doubles();
                float[] grid = Npy.read(run.resolve("slices/" + panel + ".npy")).floats();
                int[][] cells = {{0, 0}, {0, res - 1}, {res - 1, 0}, {7, 16}, {res / 2, res / 2}}; // {row (b), column (a)}
                float[] x = new float[cells.length * d], want = new float[cells.length];
                double step = 2 * extent / (res - 1);
                for (int c = 0; c < cells.length; c++) {
                    double b = -extent + cells[c][0] * step, a = -extent + cells[c][1] * step; // row 0 at the bottom
                    for (int k = 0; k < d; k++) x[c * d + k] = (float) (a * basis[k] + b * basis[d + k]);
                }
                model.logits(be, x, cells.length, cells.length, want);
                for (int c = 0; c < cells.length; c++) {
                    float got = grid[cells[c][0] * res + cells[c][1]];
                    // the command batches whole grid rows: the same products, so only the last bits may differ
                    assertEquals(want[c], got, 1e-5f * Math.max(1, Math.abs(want[c])), panel + " cell " + cells[c][0] + "," + cells[c][1]);
                }
            }
        }
    }
}
