package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npz;
import spheres.engine.io.SafeTensors;

/** {@code train --data} and {@code eval --data}: a user's points in, resume with them, bad files refused. */
class DataFileTest {
    @TempDir
    Path dir;

    /** n points of dimension d alternating between the spheres of radius 1 (label 0) and 1.3 (label 1). */
    private Path points(String name, int n, int d) throws Exception {
        float[] x = new float[n * d], y = new float[n];
        java.util.Random r = new java.util.Random(3);
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) {
                x[i * d + j] = (float) r.nextGaussian();
                norm += x[i * d + j] * x[i * d + j];
            }
            y[i] = i % 2;
            float radius = i % 2 == 0 ? 1f : 1.3f;
            for (int j = 0; j < d; j++) x[i * d + j] *= (float) (radius / Math.sqrt(norm));
        }
        Map<String, HostArray> arrays = new LinkedHashMap<>();
        arrays.put("x", HostArray.of(x, n, d));
        arrays.put("y", HostArray.of(y, n));
        Path f = dir.resolve(name);
        new Npz(arrays).write(f);
        return f;
    }

    @Test
    void trainResumeAndEvalOnAFile() throws Exception {
        Path data = points("train.npz", 200, 6), out = dir.resolve("run"), whole = dir.resolve("whole");
        StringBuilder err = new StringBuilder();
        String[] common = {"train", "--data", data.toString(), "--width", "16", "--lr", "3e-3", "--batch", "20", "--threads", "1"};
        assertEquals(0, CliRun.run(err, null, concat(common, "--steps", "60", "--checkpoint-every", "30", "--out", whole.toString())), err.toString());
        assertEquals(0, CliRun.run(err, null, concat(common, "--steps", "30", "--out", out.toString())), err.toString());
        JsonNode config = spheres.engine.experiment.Json.MAPPER.readTree(out.resolve("config.json").toFile());
        assertEquals(200, config.path("data").path("points").asInt());
        assertEquals(6, config.path("config").path("dim").asInt(), "--dim comes from the file");
        assertEquals(200, config.path("config").path("train_size").asInt());

        assertEquals(0, CliRun.run(err, null, "train", "--resume", "--out", out.toString(), "--steps", "60"), err.toString());
        assertArrayEquals(Files.readAllBytes(whole.resolve("model.safetensors")), Files.readAllBytes(out.resolve("model.safetensors")),
                "30 + 30 resumed steps on the file equal 60 uninterrupted ones");

        assertEquals(0, CliRun.run(err, null, "eval", out.toString(), "--data", points("test.npz", 101, 6).toString()), err.toString());
        JsonNode eval = spheres.engine.experiment.Json.MAPPER.readTree(out.resolve("eval.json").toFile());
        assertEquals(51, eval.path("inner").path("samples").asInt());
        assertEquals(50, eval.path("outer").path("samples").asInt());
        assertTrue(eval.path("data").asText().endsWith("test.npz"));
    }

    @Test
    void aChangedOrMismatchedFileIsRefused() throws Exception {
        Path data = points("train.npz", 40, 5), out = dir.resolve("run");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "train", "--data", data.toString(), "--width", "8", "--steps", "2", "--out", out.toString()), err.toString());
        points("train.npz", 40, 5); // same content: resume works
        assertEquals(0, CliRun.run(err, null, "train", "--resume", "--out", out.toString(), "--steps", "3"), err.toString());
        Files.move(points("other.npz", 41, 5), data, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "train", "--resume", "--out", out.toString(), "--steps", "4"));
        assertTrue(err.toString().contains("changed since the run started"), err.toString());

        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "train", "--data", data.toString(), "--dim", "7", "--out", dir.resolve("b").toString()));
        assertTrue(err.toString().strip().startsWith("spheres: --dim 7: the points of"), err.toString());

        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("x", HostArray.of(new float[10], 2, 5));
        t.put("y", HostArray.of(new float[] {0, 3}, 2));
        Path bad = dir.resolve("bad.safetensors");
        new SafeTensors(t, Map.of()).write(bad);
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "eval", out.toString(), "--data", bad.toString(), "--force"));
        assertTrue(err.toString().contains("y[1] is 3.0"), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
    }

    @Test
    void everyCommandHasHelpWithExamples() {
        for (String command : new picocli.CommandLine(new Main()).getSubcommands().keySet()) {
            if (command.equals("help")) continue;
            StringBuilder err = new StringBuilder(), out = new StringBuilder();
            assertEquals(0, CliRun.run(err, out, command, "--help"), command + ": " + err);
            assertTrue(out.toString().contains("Examples:"), command + " --help has no examples:\n" + out);
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
