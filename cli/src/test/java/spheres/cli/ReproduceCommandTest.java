package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The smoke preset end to end: every stage runs, the report lists each, a resumed run redoes nothing. */
class ReproduceCommandTest {
    @TempDir
    Path dir;

    @Test
    void everyStageRunsAndTheReportListsIt() throws Exception {
        Path out = dir.resolve("r");
        StringBuilder err = new StringBuilder(), log = new StringBuilder();
        assertEquals(0, CliRun.run(err, log, "reproduce", "--preset", "smoke", "--out", out.toString(), "--threads", "1", "--quiet"), err + "\n" + log);
        String report = Files.readString(out.resolve("report.md"));
        for (String stage : new String[] {"relu-train", "relu-eval", "relu-attack", "relu-slices", "relu-norms", "d2", "quadratic-fixed",
                "quadratic-online", "perfect-init", "fractions", "bound", "tradeoff", "sweep"}) {
            assertTrue(report.contains("| " + stage + " |"), stage + " missing from the report");
            assertTrue(Files.isRegularFile(out.resolve(".stages/" + stage + ".done")), stage);
        }
        assertFalse(report.contains("| not run |"), "every claim has a figure:\n" + report);
        assertTrue(report.contains("![relu/figures/slices.png](relu/figures/slices.png)"), report);
        assertTrue(Files.isRegularFile(out.resolve("quadratic/figures/alphas.png")));

        long before = Files.getLastModifiedTime(out.resolve("relu/model.safetensors")).toMillis();
        log.setLength(0);
        assertEquals(0, CliRun.run(err, log, "reproduce", "--preset", "smoke", "--out", out.toString(), "--resume", "--quiet"), err.toString());
        assertEquals(13, log.toString().lines().filter(l -> l.endsWith("done earlier, skipped")).count(), log.toString());
        assertEquals(before, Files.getLastModifiedTime(out.resolve("relu/model.safetensors")).toMillis(), "nothing redone");

        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "reproduce", "--preset", "smoke", "--out", out.toString()));
        assertTrue(err.toString().contains("pass --force"), err.toString());
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "reproduce", "--preset", "huge", "--out", dir.resolve("x").toString()));
        assertEquals("spheres: --preset huge: accepted: quick, paper, smoke", err.toString().strip());
        assertFalse(Files.exists(dir.resolve("x")), "nothing written for a refused run");
    }
}
