package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SweepCommandTest {
    @TempDir
    Path dir;

    private static final String[] TINY = {"--dims", "2,8", "--width", "8", "--batch", "10", "--lr", "1e-2", "--steps", "30",
        "--samples", "2000", "--attack-starts", "20", "--max-iter", "50", "--step", "0.02", "--threads", "1"};

    private static String[] with(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void sweepsEveryDimensionAndResumesWithoutRedoing() throws Exception {
        Path out = dir.resolve("s");
        StringBuilder err = new StringBuilder();
        String[] args = with(new String[] {"sweep"}, with(TINY, "--out", out.toString(), "--seed", "7"));
        assertEquals(0, CliRun.run(err, null, args), err.toString());
        List<String> csv = Files.readAllLines(out.resolve("sweep.csv"));
        assertEquals(3, csv.size(), "header and one line per dimension: " + csv);
        assertTrue(csv.get(0).startsWith("d,steps,samples_per_sphere,inner_errors,"), csv.get(0));
        Integer expected = null;
        for (int i = 1; i < csv.size(); i++) {
            String[] f = csv.get(i).split(",", -1);
            assertEquals(i == 1 ? "2" : "8", f[0]);
            assertEquals("30", f[1]);
            assertEquals("2000", f[2]);
            long inner = Long.parseLong(f[3]), outer = Long.parseLong(f[7]);
            assertEquals(inner / 2000.0, Double.parseDouble(f[4]), 1e-9, csv.get(i));
            assertTrue(Double.parseDouble(f[5]) <= Double.parseDouble(f[4]) && Double.parseDouble(f[4]) <= Double.parseDouble(f[6]), csv.get(i));
            assertEquals("20", f[11]);
            int found = Integer.parseInt(f[12]);
            assertEquals(found == 0, f[13].isEmpty(), "a distance exactly when an error was found: " + csv.get(i));
            boolean clean = inner == 0 && outer == 0 && found == 0;
            assertEquals("" + clean, f[14], csv.get(i));
            if (clean) expected = Integer.parseInt(f[0]);
            assertTrue(Files.isRegularFile(out.resolve(String.format("d-%04d/model.safetensors", Integer.parseInt(f[0])))));
        }
        JsonNode summary = spheres.engine.experiment.Json.MAPPER.readTree(out.resolve("sweep.json").toFile());
        assertEquals(expected == null ? "null" : "" + expected, summary.get("highest_clean_dim").toString());
        assertEquals(2, summary.get("points").size());
        assertTrue(Files.size(out.resolve("figures/sweep.png")) > 1000);
        assertTrue(Files.readString(out.resolve("config.json")).contains("\"dims\""));
        assertEquals(7, spheres.engine.experiment.Json.MAPPER.readTree(out.resolve("config.json").toFile()).findValue("seed").asLong(),
                "--seed given: it replaces the preset's");

        Files.delete(out.resolve("sweep.csv"));
        Path point = out.resolve("d-0008/point.json"), model = out.resolve("d-0008/model.safetensors");
        long pointTime = Files.getLastModifiedTime(point).toMillis(), modelTime = Files.getLastModifiedTime(model).toMillis();
        Files.delete(out.resolve("d-0002/point.json")); // as if killed after training d = 2: measured again, not retrained
        long model2Time = Files.getLastModifiedTime(out.resolve("d-0002/model.safetensors")).toMillis();
        assertEquals(0, CliRun.run(err, null, "sweep", "--resume", "--out", out.toString(), "--threads", "1"), err.toString());
        assertEquals(csv, Files.readAllLines(out.resolve("sweep.csv")), "resumed: the same figures");
        assertEquals(pointTime, Files.getLastModifiedTime(point).toMillis(), "a finished d is not redone");
        assertEquals(modelTime, Files.getLastModifiedTime(model).toMillis());
        assertEquals(model2Time, Files.getLastModifiedTime(out.resolve("d-0002/model.safetensors")).toMillis(), "a trained d is not retrained");

        assertEquals(3, CliRun.run(err, null, args), "an existing run folder without --force");
    }

    @Test
    void refusesBadValuesWithOneLineAndWritesNothing() {
        Path out = dir.resolve("none");
        String[][] bad = {{"--dims", "1"}, {"--dims", "5,5"}, {"--preset", "huge"}, {"--samples", "0"}, {"--attack-starts", "-1"},
            {"--step", "0"}, {"--steps", "-3"}, {"--threads", "0"}, {"--resume"},
            {"--resume", "--seed", "" + spheres.engine.workflow.Streams.DEFAULT_SEED}}; // a seed given is a setting, even the default one
        for (String[] b : bad) {
            StringBuilder err = new StringBuilder();
            String[] args = with(new String[] {"sweep"}, with(b, "--out", out.toString()));
            assertEquals(3, CliRun.run(err, null, args), String.join(" ", b) + ": " + err);
            assertEquals(1, err.toString().strip().lines().count(), err.toString());
            assertTrue(err.toString().startsWith("spheres: " + b[0]), err.toString());
        }
        assertFalse(Files.exists(out), "nothing written for a refused run");
    }
}
