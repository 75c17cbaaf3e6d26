package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.Npy;

/** {@code train --init perfect} and {@code quadratic} end to end: what lands in the run folder. */
class QuadraticCommandTest {
    @TempDir
    Path dir;

    @Test
    void perfectStartThenAnalysis() throws Exception {
        Path out = dir.resolve("quad");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliTest.run(err, "train", "--model", "quadratic", "--init", "perfect", "--dim", "8", "--hidden", "10",
                "--train-size", "20", "--steps", "300", "--lr", "1e-2", "--log-every", "50", "--checkpoint-every", "100",
                "--loss-samples", "500", "--threads", "1", "--out", out.toString()), err.toString());
        List<String> csv = Files.readAllLines(out.resolve("train.csv"));
        assertEquals(spheres.engine.experiment.Training.COLUMNS + spheres.engine.experiment.Training.QUADRATIC_COLUMNS, csv.get(0));
        String[] start = csv.get(1).split(",", -1);
        assertEquals("0", start[0]);
        assertEquals("0", start[8], "the perfect start has every alpha in range");
        long checkpointRows = csv.stream().skip(1).filter(l -> !l.split(",", -1)[5].isEmpty()).count();
        assertEquals(4, checkpointRows, "rows at steps 0, 100, 200, 300");
        String[] last = csv.get(csv.size() - 1).split(",", -1);
        assertTrue(Double.parseDouble(last[5]) < Double.parseDouble(start[5]), "training loss falls on 20 points: " + csv);
        assertTrue(Files.size(out.resolve("figures/losses.png")) > 0);

        assertEquals(0, CliTest.run(err, "quadratic", out.toString(), "-n", "20000", "--threads", "2"), err.toString());
        JsonNode json = spheres.engine.experiment.Json.MAPPER.readTree(out.resolve("quadratic.json").toFile());
        assertEquals("ELLIPSOID", json.get("signs").asText());
        JsonNode alphas = json.get("alphas");
        assertEquals(8, alphas.get("below_range").asInt() + alphas.get("in_range").asInt() + alphas.get("above_range").asInt());
        int sampledSpheres = 0;
        for (String sphere : new String[] {"inner", "outer"}) {
            JsonNode w = json.get("worst_case").get(sphere);
            double logit = w.get("logit").asDouble(), floatLogit = w.get("logit_float32_net").asDouble();
            assertEquals(logit, floatLogit, 1e-4 * (1 + Math.abs(logit)), sphere + ": the float net agrees with the analysis");
            JsonNode rate = json.get("error_rates").get(sphere);
            double exact = rate.get("exact").asDouble();
            assertTrue(rate.get("clt").asDouble() >= 0 && exact >= 0 && exact <= 1);
            if (!rate.get("sampled").isNull()) {
                double sampled = rate.get("sampled").get("rate").asDouble();
                assertEquals(exact, sampled, 5 * Math.sqrt(exact / 20000) + 1e-4, sphere + ": sampled against exact");
                sampledSpheres++;
            }
        }
        assertTrue(sampledSpheres > 0, "20 training points at d = 8 overfit: errors frequent enough to sample");
        assertEquals(9, Files.readAllLines(out.resolve("alphas.csv")).size(), "header and 8 alphas");
        assertArrayEquals(new long[] {2, 8}, Npy.read(out.resolve("worst_case.npy")).shape());
        assertTrue(Files.size(out.resolve("figures/alphas.png")) > 0);

        err.setLength(0);
        assertEquals(3, CliTest.run(err, "quadratic", "--run", out.toString(), "-n", "0"), "results exist without --force");
        assertTrue(err.toString().contains("--force"), err.toString());
        assertEquals(0, CliTest.run(err, "quadratic", out.toString(), "-n", "0", "--force"), err.toString());
    }

    @Test
    void fractionsCsvAndFigures() throws Exception {
        Path out = dir.resolve("fr");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliTest.run(err, "quadratic", "--fractions", "--max-dim", "100", "--targets", "1e-2,1e-5",
                "--out", out.toString()), err.toString());
        List<String> csv = Files.readAllLines(out.resolve("fractions.csv"));
        assertEquals(1 + 2 * 2 * 9, csv.size(), "2 spheres x 2 targets x d = 10 .. 100 (9 values)");
        for (String f : new String[] {"config.json", "figures/fractions-inner.png", "figures/fractions-outer.png"})
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        assertEquals(3, CliTest.run(err, "quadratic", "--fractions", "--out", out.toString()), "no overwrite without --force");
    }

    @Test
    void badInputIsOneLineAndAnExitCode() throws Exception {
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliTest.run(err, "quadratic", "--help"), err.toString());
        assertEquals(3, CliTest.run(err, "quadratic"));
        assertEquals("spheres: give RUN (a model to analyse) or --fractions, one of them", err.toString().strip());

        err.setLength(0);
        Path a = dir.resolve("a");
        assertEquals(3, CliTest.run(err, "train", "--init", "perfect", "--dim", "4", "--out", a.toString()));
        assertEquals("spheres: --init perfect: only for --model quadratic", err.toString().strip());
        assertFalse(Files.exists(a), "nothing written for a refused run");

        err.setLength(0);
        assertEquals(3, CliTest.run(err, "train", "--model", "quadratic", "--init", "perfect", "--dim", "8", "--hidden", "4",
                "--out", a.toString()));
        assertTrue(err.toString().contains("--hidden >= --dim"), err.toString());

        err.setLength(0);
        Path relu = dir.resolve("relu");
        assertEquals(0, CliTest.run(err, "train", "--dim", "4", "--width", "4", "--steps", "1", "--out", relu.toString()), err.toString());
        assertEquals(3, CliTest.run(err, "quadratic", "--run", relu.toString()));
        assertTrue(err.toString().contains("holds a relu net"), err.toString());

        err.setLength(0);
        assertEquals(3, CliTest.run(err, "quadratic", "--fractions", "--offset", "0", "--out", dir.resolve("f").toString()));
        assertEquals("spheres: --offset 0.0: must be > 0", err.toString().strip());
    }
}
