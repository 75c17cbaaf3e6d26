package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TradeoffCommandTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--dim", "6", "--width", "8", "--hidden", "8", "--batch", "10", "--lr", "1e-2", "--steps", "40",
        "--checkpoints", "3", "--first-checkpoint", "5", "--samples", "2000", "--train-sizes", "30,online",
        "--models", "relu,quadratic", "--threads", "1"};

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void runsEveryModelAndSizeAndResumesWithoutRedoing() throws Exception {
        Path out = dir.resolve("t");
        StringBuilder err = new StringBuilder();
        String[] args = with(new String[] {"tradeoff"}, with(TINY, "--out", out.toString()));
        assertEquals(0, CliRun.run(err, null, args), err.toString());
        List<String> csv = Files.readAllLines(out.resolve("tradeoff.csv"));
        assertEquals(1 + 2 * 2 * 3, csv.size(), "header and 3 checkpoints of 2 models at 2 sizes");
        assertTrue(csv.get(0).startsWith("model,train_size,step,inner_errors,samples,mu,"), csv.get(0));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("quadratic,online,40,")), String.join("\n", csv));
        for (String line : csv.subList(1, csv.size())) {
            String[] f = line.split(",", -1);
            long errors = Long.parseLong(f[3]);
            assertEquals(errors >= 10 ? "measured" : "too_few_errors", f[8], line);
            boolean placed = errors >= 10 || !f[9].isEmpty(); // mu measured by sampling, or known exactly
            if (!placed) assertEquals("", f[10], "d(E) left empty, not zero, where mu cannot be placed: " + line);
            else {
                assertEquals(f[12], "" + 100, "the attack ran from every start: " + line);
                int found = Integer.parseInt(f[13]);
                assertEquals(found == 0, f[10].isEmpty(), "a distance exactly when an error was found: " + line);
                if (found > 0) assertTrue(Double.parseDouble(f[10]) >= 0 && Double.parseDouble(f[10]) < 2.6, line);
            }
        }
        assertTrue(Files.isRegularFile(out.resolve("figures/tradeoff.png")));
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"train_sizes\""));

        Files.delete(out.resolve("tradeoff.csv"));
        long before = Files.getLastModifiedTime(out.resolve("relu-N30/points.json")).toMillis();
        assertEquals(0, CliRun.run(err, null, "tradeoff", "--resume", "--out", out.toString(), "--threads", "1"), err.toString());
        assertEquals(csv, Files.readAllLines(out.resolve("tradeoff.csv")), "resumed: the same points, none redone");
        assertEquals(before, Files.getLastModifiedTime(out.resolve("relu-N30/points.json")).toMillis());

        assertEquals(3, CliRun.run(err, null, args), "an existing run folder without --force");
    }

    @Test
    void refusesBadValuesWithOneLineAndWritesNothing() {
        Path out = dir.resolve("none");
        String[][] bad = {
            {"--train-sizes", "lots"}, {"--models", "cnn"}, {"--preset", "huge"}, {"--checkpoints", "0"}, {"--first-checkpoint", "999999"}, {"--threads", "0"},
            {"--resume"}};
        for (String[] b : bad) {
            StringBuilder err = new StringBuilder();
            String[] args = with(new String[] {"tradeoff"}, with(b, "--out", out.toString()));
            assertEquals(3, CliRun.run(err, null, args), String.join(" ", b) + ": " + err);
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("spheres: " + b[0]), err.toString());
        }
        assertFalse(Files.exists(out), "nothing written for a refused run");
    }
}
