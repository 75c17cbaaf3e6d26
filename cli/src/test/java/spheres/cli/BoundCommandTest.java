package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BoundCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesTheTableTheJsonAndTheFigure() throws Exception {
        Path out = dir.resolve("bound");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "bound", "--dim", "3,500", "--mu", "0.5,1e-2,1e-20", "--out", out.toString()), err.toString());
        List<String> csv = Files.readAllLines(out.resolve("bound.csv"));
        assertEquals(1 + 2 * 3, csv.size(), "header and 3 mu for each of 2 dimensions");
        // d = 3 has the closed form (4/3) sqrt(1 - mu) (1 - sqrt(mu)).
        String[] row = csv.get(2).split(",");
        assertEquals(3, Integer.parseInt(row[0]));
        assertEquals(4.0 / 3 * Math.sqrt(0.99) * 0.9, Double.parseDouble(row[3]), 1e-9);
        assertTrue(Files.readString(out.resolve("bound.json")).contains("\"gaussian\""));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"dims\""));
        assertTrue(Files.size(out.resolve("figures/bound.png")) > 1000);

        assertEquals(3, CliRun.run(err, null, "bound", "--out", out.toString()), "an existing run folder without --force");
        assertEquals(0, CliRun.run(err, null, "bound", "--mu-min", "1e-3", "--per-decade", "2", "--out", out.toString(), "--force"), err.toString());
        assertEquals(1 + 7, Files.readAllLines(out.resolve("bound.csv")).size(), "0.5, 10^-0.5, 1e-1 .. 1e-3 by half decades");
    }

    @Test
    void refusesBadValuesWithOneLineAndWritesNothing() {
        StringBuilder err = new StringBuilder();
        Path out = dir.resolve("none");
        assertEquals(3, CliRun.run(err, null, "bound", "--mu", "0", "--out", out.toString()));
        assertTrue(err.toString().strip().startsWith("spheres: --mu 0.0:"), err.toString());
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "bound", "--dim", "1", "--out", out.toString()));
        assertTrue(err.toString().strip().startsWith("spheres: --dim 1:"), err.toString());
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "bound", "--mu-min", "0.6", "--out", out.toString()));
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(Files.exists(out), "nothing written for a refused run");
    }
}
