package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;

/** Points with NaN or Inf are refused in one line, naming the point, by every command that reads points (issue 16). */
class NonFinitePointsTest {
    @TempDir
    Path dir;

    @Test
    void predictAndAttackRefuseNonFinitePoints() throws Exception {
        Path run = dir.resolve("run");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "train", "--dim", "4", "--width", "8", "--steps", "20", "--threads", "1",
                "--out", run.toString()), err.toString());
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY}) {
            Path x = dir.resolve("x.npy");
            Npy.write(x, HostArray.of(new float[] {1, 0, 0, 0, 0, 1, bad, 0}, 2, 4));
            String line = x + ": x[1][2] is " + bad + "; points must be finite";
            err.setLength(0);
            Path out = dir.resolve("logits.npy");
            assertEquals(ExitCodes.BAD_INPUT, CliRun.run(err, null, "predict", run.toString(), "--input", x.toString(), "--output",
                    out.toString(), "--force"));
            assertEquals("spheres: " + line, err.toString().strip());
            assertFalse(Files.exists(out), "nothing written");
            err.setLength(0);
            Path attack = dir.resolve("attack");
            assertEquals(ExitCodes.BAD_INPUT, CliRun.run(err, null, "attack", run.toString(), "--input", x.toString(), "--out",
                    attack.toString(), "--force"));
            assertEquals("spheres: " + line, err.toString().strip());
        }
    }
}
