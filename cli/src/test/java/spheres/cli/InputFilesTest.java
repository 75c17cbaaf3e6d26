package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.io.Npz;

/** numpy's defaults are accepted (float64, converted with one line), and a file that is not what RUN must be gets one clear line. */
class InputFilesTest {
    @TempDir
    static Path dir;
    static Path run;

    @BeforeAll
    static void train() {
        run = dir.resolve("run");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "train", "--dim", "4", "--width", "8", "--steps", "20", "--threads", "1", "--quiet",
                "--out", run.toString()), err.toString());
    }

    @Test
    void float64PointsAreReadAsFloat32WithOneLine() throws Exception {
        Path x = dir.resolve("x64.npy"), logits = dir.resolve("l.npy");
        Npy.write(x, HostArray.of(new double[] {1, 0, 0, 0, 0, 1.3, 0, 0}, 2, 4));
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "predict", run.toString(), "--input", x.toString(), "--output", logits.toString(), "--quiet"),
                err.toString());
        assertEquals("spheres: " + x + ": float64, read as float32", err.toString().strip());
        assertArrayEquals(new long[] {2}, Npy.read(logits).shape());

        Path data = dir.resolve("d64.npz");
        new Npz(Map.of("x", HostArray.of(new double[] {1, 0, 0, 0, 0, 1.3, 0, 0}, 2, 4), "y", HostArray.of(new double[] {0, 1}, 2))).write(data);
        err.setLength(0);
        assertEquals(0, CliRun.run(err, null, "eval", run.toString(), "--data", data.toString(), "--out", dir.resolve("e.json").toString(),
                "--quiet"), err.toString());
        assertTrue(err.toString().strip().endsWith(": x: float64, read as float32"), err.toString());
    }

    @Test
    void aFileThatIsNoModelIsOneLineSayingWhatRunMustBe() throws Exception {
        Path x = dir.resolve("points.npy");
        Npy.write(x, HostArray.of(new float[4000], 1000, 4));
        for (String command : new String[] {"eval", "attack", "norms", "slices", "quadratic"}) {
            StringBuilder err = new StringBuilder();
            assertEquals(3, CliRun.run(err, null, command, x.toString()), command + ": " + err);
            assertEquals("spheres: " + x + ": not a model; RUN is a run folder (with model.safetensors) or a model .safetensors file",
                    err.toString().strip(), command);
        }
    }
}
