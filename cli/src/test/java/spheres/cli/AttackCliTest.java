package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;

/** {@code attack} and {@code norms} end to end on a small trained model: files, their agreement, bad input. */
class AttackCliTest {
    @TempDir
    static Path dir;
    static Path model;

    @BeforeAll
    static void train() {
        model = dir.resolve("run");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "train", "--dim", "8", "--width", "16", "--steps", "300", "--lr", "3e-3",
                "--threads", "1", "--out", model.toString()), err.toString());
    }

    @Test
    void attackWritesVerifiedErrorsOnTheirSpheres() throws Exception {
        Path out = dir.resolve("nearest");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "attack", model.toString(), "--starts", "40", "--batch", "16", "--step", "0.01",
                "--max-iter", "500", "--out", out.toString()), err.toString());
        for (String f : new String[] {"config.json", "attack.csv", "attack.json", "adversarial.npy"})
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        List<String> csv = Files.readAllLines(out.resolve("attack.csv"));
        assertEquals("index,sphere,radius,found,iterations,distance,logit", csv.get(0));
        assertEquals(41, csv.size());
        int found = 0;
        for (int i = 0; i < 40; i++) if (Boolean.parseBoolean(csv.get(i + 1).split(",")[3])) found++;
        HostArray adv = Npy.read(out.resolve("adversarial.npy"));
        assertArrayEquals(new long[] {found, 8}, adv.shape(), "the verified errors only");
        assertTrue(found > 0, "a 300-step model at d 8 has errors the attack finds");
        for (int i = 0, k = 0; i < 40; i++) {
            String[] f = csv.get(i + 1).split(",");
            double r = Double.parseDouble(f[2]);
            assertTrue(f[1].equals(r > 1.15 ? "outer" : "inner"));
            if (!Boolean.parseBoolean(f[3])) continue;
            double norm = 0;
            for (int c = 0; c < 8; c++) norm += (double) adv.floats()[k * 8 + c] * adv.floats()[k * 8 + c];
            assertEquals(r, Math.sqrt(norm), 1e-5 * r, "error " + k + " stays on its start's sphere");
            float logit = Float.parseFloat(f[6]);
            assertTrue(f[1].equals("inner") ? logit > 0 : logit <= 0, "a found point is misclassified: " + csv.get(i + 1));
            k++;
        }
        JsonNode json = spheres.engine.experiment.Json.MAPPER.readTree(out.resolve("attack.json").toFile());
        // attack.json counts the starts the model already got wrong apart (the CSV has them as found at iteration 0)
        long already = csv.stream().skip(1).map(l -> l.split(",")).filter(f -> Boolean.parseBoolean(f[3]) && f[4].equals("0")).count();
        assertEquals(found - already, json.get("found").asInt());
        assertEquals(already, json.get("already_wrong").asInt());
        assertEquals(40, json.get("starts").asInt());
        JsonNode inner = json.get("spheres").get("inner"), outer = json.get("spheres").get("outer");
        assertEquals(40, inner.get("starts").asInt() + outer.get("starts").asInt());
        assertEquals(found - already, inner.get("found").asInt() + outer.get("found").asInt());
        assertTrue(json.get("schema").asText().startsWith("spheres.Attack.Result/"), json.toString());

        // predict agrees with the logits the attack reports
        Path logits = dir.resolve("adv-logits.npy");
        assertEquals(0, CliRun.run(err, null, "predict", model.toString(), "--input", out.resolve("adversarial.npy").toString(),
                "--output", logits.toString()), err.toString());
        float[] l = Npy.read(logits).floats();
        for (int i = 0, k = 0; i < 40; i++) {
            String[] f = csv.get(i + 1).split(",");
            if (Boolean.parseBoolean(f[3])) assertEquals(Float.parseFloat(f[6]), l[k++], 1e-4f * Math.max(1, Math.abs(Float.parseFloat(f[6]))));
        }

        // the same folder again: refused without --force, nothing changed
        String before = Files.readString(out.resolve("attack.csv"));
        assertEquals(3, CliRun.run(err, null, "attack", model.toString(), "--starts", "4", "--out", out.toString()));
        assertEquals(before, Files.readString(out.resolve("attack.csv")));

        // the attack from its own output: every verified error is already an error, counted apart, with no distance
        Path again = dir.resolve("again");
        assertEquals(0, CliRun.run(err, null, "attack", model.toString(), "--input", out.resolve("adversarial.npy").toString(),
                "--max-iter", "0", "--out", again.toString()), err.toString());
        JsonNode j = spheres.engine.experiment.Json.MAPPER.readTree(again.resolve("attack.json").toFile());
        assertEquals(found, j.get("starts").asInt());
        assertEquals(found, j.get("already_wrong").asInt());
        assertEquals(0, j.get("found").asInt());
        assertTrue(j.get("distance_max").isNull() && j.get("success_rate").isNull(), j.toString());
    }

    @Test
    void normsWritesOneRowPerNorm() throws Exception {
        Path out = dir.resolve("norms");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "norms", model.toString(), "--from", "0", "--to", "3", "--count", "7", "-n", "500",
                "--starts", "10", "--max-iter", "200", "--out", out.toString()), err.toString());
        List<String> csv = Files.readAllLines(out.resolve("norms.csv"));
        assertEquals(8, csv.size());
        assertTrue(Files.isRegularFile(out.resolve("figures/norms.png")));
        for (int i = 1; i < csv.size(); i++) {
            String[] f = csv.get(i).split(",");
            assertEquals(0.5 * (i - 1), Double.parseDouble(f[0]), 1e-6);
            assertEquals(Double.parseDouble(f[0]) > 1.15 ? "outer" : "inner", f[1]);
            double frac = Double.parseDouble(f[3]), success = Double.parseDouble(f[6]);
            assertTrue(frac >= 0 && frac <= 1 && success >= 0 && success <= 1, csv.get(i));
            // at norm 0 every direction is the origin: one point, classified one way by all samples and starts
            if (i == 1) assertTrue((frac == 1 && success == 0) || (frac == 0 && success == 1), csv.get(i));
        }
        assertEquals(7, spheres.engine.experiment.Json.MAPPER.readTree(out.resolve("norms.json").toFile()).get("points").size());
    }

    @Test
    void badInputIsOneLineAndNothingWritten() {
        StringBuilder err = new StringBuilder();
        String[][] cases = {
            {"--mode", "best", "--mode best: accepted: worst, nearest"},
            {"--sphere", "middle", "--sphere middle: accepted: inner, outer, both"},
            {"--step", "0", "--step 0.0: must be > 0"},
            {"--radius", "-1", "--radius -1.0: must be >= 0"},
            {"--batch", "0", "--batch 0: must be >= 1"},
        };
        for (String[] c : cases) {
            err.setLength(0);
            Path out = dir.resolve("bad");
            assertEquals(3, CliRun.run(err, null, "attack", model.toString(), c[0], c[1], "--out", out.toString()), c[0]);
            assertEquals("spheres: " + c[2], err.toString().strip());
            assertFalse(Files.exists(out), "nothing written for " + c[0]);
        }
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "norms", model.toString(), "--from", "2", "--to", "1", "--out", dir.resolve("bad").toString()));
        assertEquals("spheres: --to 1.0: must be >= --from 2.0", err.toString().strip());
        assertFalse(Files.exists(dir.resolve("bad")));
    }
}
