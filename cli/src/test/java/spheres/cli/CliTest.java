package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;

/** The commands end to end, in process: what a user sees and what lands in the run folder. */
class CliTest {
    @TempDir
    Path dir;

    /** Runs the CLI, returning the exit code; stderr is captured into {@code err}. */
    static int run(StringBuilder err, String... args) {
        return CliRun.run(err, null, args);
    }

    @Test
    void infoNamesTheMachineAndHowSgemmPacksHere() {
        StringBuilder err = new StringBuilder(), out = new StringBuilder();
        assertEquals(0, CliRun.run(err, out, "info", "--threads", "1"), err.toString());
        for (String head : new String[] {"JDK ", "cpu ", "gemm ", "devices ", "backend "})
            assertTrue(out.toString().lines().anyMatch(l -> l.startsWith(head)), head + " missing:\n" + out);
        String gemm = out.toString().lines().filter(l -> l.startsWith("gemm ")).findFirst().orElseThrow();
        String plans = out.toString().lines().filter(l -> l.startsWith("  batch-sized ") || l.startsWith("  bulk")).toList().toString();
        assertTrue(spheres.kernels.Simd.ENABLED ? gemm.contains("defaults (spheres.tuning=off)") && plans.contains("batch-sized NT (forward): "
                + spheres.kernels.Gemm.plans().get(spheres.kernels.Gemm.Shape.THIN_NT)) && plans.contains("bulk: ")
                : gemm.contains("SIMD off"), gemm + "\n" + plans);
    }

    @Test
    void anErrorIsOneLineAndVerboseAddsItsStackTrace() {
        StringBuilder err = new StringBuilder();
        String missing = dir.resolve("missing").toString();
        assertEquals(3, run(err, "eval", missing));
        assertEquals("spheres: " + missing + ": no model.safetensors there", err.toString().strip());
        err.setLength(0);
        assertEquals(3, run(err, "eval", missing, "--verbose"));
        assertTrue(err.toString().contains("\tat spheres.engine.workflow.TrainedModel.file("), err.toString());
    }

    @Test
    void trainEvalPredict() throws Exception {
        Path out = dir.resolve("run");
        StringBuilder err = new StringBuilder();
        assertEquals(0, run(err, "train", "--dim", "8", "--width", "16", "--steps", "300", "--lr", "3e-3",
                "--checkpoint-every", "100", "--threads", "1", "--out", out.toString()), err.toString());
        for (String f : new String[] {"config.json", "train.csv", "model.safetensors", "optimizer.safetensors"})
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertEquals(4, Files.readAllLines(out.resolve("train.csv")).size(), "header and 3 lines of 100 steps");

        assertEquals(0, run(err, "eval", out.toString(), "-n", "2000", "--threads", "2"), err.toString());
        String json = Files.readString(out.resolve("eval.json"));
        assertTrue(json.contains("\"inner\"") && json.contains("\"outer\""), json);
        assertEquals(3, run(err, "eval", out.toString(), "-n", "2000"), "eval.json exists without --force");

        float[] pts = new float[2 * 8];
        pts[0] = 1f;       // on the inner sphere
        pts[8] = 1.3f;     // on the outer sphere
        Path x = dir.resolve("x.npy"), logits = dir.resolve("l.npy");
        Npy.write(x, HostArray.of(pts, 2, 8));
        assertEquals(0, run(err, "predict", out.toString(), "--input", x.toString(), "--output", logits.toString()), err.toString());
        assertArrayEquals(new long[] {2}, Npy.read(logits).shape());
    }

    @Test
    void badInputIsOneLineAndAnExitCode() {
        StringBuilder err = new StringBuilder();
        assertEquals(3, run(err, "train", "--dim", "1", "--out", dir.resolve("a").toString()));
        assertTrue(err.toString().strip().equals("spheres: --dim 1: must be >= 2"), err.toString());
        assertFalse(Files.exists(dir.resolve("a")), "nothing written for a refused run");

        err.setLength(0);
        assertEquals(3, run(err, "train", "--lr", "0", "--out", dir.resolve("b").toString()));
        assertTrue(err.toString().contains("--lr 0.0"), err.toString());

        err.setLength(0);
        assertEquals(2, run(err, "train", "--no-such-flag"));

        err.setLength(0);
        assertEquals(3, run(err, "eval", dir.resolve("nothing").toString()));
        assertTrue(err.toString().contains("no model.safetensors"), err.toString());
    }

    @Test
    void aRunFolderIsNotOverwrittenWithoutForce() throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("keep.txt"), "x");
        StringBuilder err = new StringBuilder();
        assertEquals(3, run(err, "train", "--dim", "4", "--width", "4", "--steps", "1", "--out", out.toString()));
        assertTrue(err.toString().contains("--force"), err.toString());
    }
}
