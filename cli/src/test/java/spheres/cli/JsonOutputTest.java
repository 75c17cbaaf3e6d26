package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * stdout is data: every command that writes a result prints, with {@code --json}, one JSON value on stdout and nothing
 * else; without it stdout stays empty (the summary is on stderr), and {@code --quiet} leaves stderr empty too.
 */
class JsonOutputTest {
    @TempDir
    static Path dir;
    static Path relu, quad;

    @BeforeAll
    static void trainTwoModels() {
        relu = dir.resolve("relu");
        quad = dir.resolve("quad");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, new StringBuilder(), "train", "--dim", "6", "--width", "8", "--steps", "50", "--threads", "1",
                "--quiet", "--out", relu.toString()), err.toString());
        assertEquals(0, CliRun.run(err, new StringBuilder(), "train", "--model", "quadratic", "--dim", "6", "--hidden", "8", "--steps", "50",
                "--threads", "1", "--quiet", "--out", quad.toString()), err.toString());
        assertEquals("", err.toString(), "--quiet: nothing on stderr");
    }

    /** Each result-writing command, at tiny sizes, into its own folder. */
    static List<String[]> commands() {
        String m = relu.toString(), d = dir.toString();
        return List.of(
                new String[] {"train", "--dim", "4", "--width", "8", "--steps", "20", "--out", d + "/t"},
                new String[] {"eval", m, "-n", "2000", "--out", d + "/eval.json"},
                new String[] {"attack", m, "--starts", "10", "--max-iter", "20", "--eps-step", "0.01", "--out", d + "/a"},
                new String[] {"norms", m, "--count", "3", "-n", "200", "--starts", "4", "--max-iter", "10", "--out", d + "/n"},
                new String[] {"slices", m + "/model.safetensors", "--resolution", "16", "--out", d + "/s"},
                new String[] {"quadratic", quad.toString(), "-n", "1000"},
                new String[] {"quadratic", "--fractions", "--max-dim", "20", "--targets", "1e-2", "--out", d + "/f"},
                new String[] {"bound", "--mu", "0.1,1e-3", "--out", d + "/b"},
                new String[] {"tradeoff", "--dim", "4", "--width", "8", "--hidden", "8", "--steps", "20", "--checkpoints", "2",
                    "--first-checkpoint", "5", "--eval-samples", "500", "--train-sizes", "online", "--models", "quadratic",
                    "--attack-starts", "4", "--out", d + "/to"},
                new String[] {"sweep", "--dims", "2", "--width", "8", "--steps", "20", "-n", "500", "--attack-starts", "4",
                    "--attack-iters", "10", "--out", d + "/sw"});
    }

    @Test
    void jsonIsTheOnlyThingOnStdout() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        for (String[] c : commands()) {
            List<String> args = new ArrayList<>(List.of(c));
            if (!c[0].equals("bound")) args.addAll(List.of("--threads", "1")); // bound computes on one thread
            args.addAll(List.of("--json", "--progress=always"));
            StringBuilder err = new StringBuilder(), out = new StringBuilder();
            assertEquals(0, CliRun.run(err, out, args.toArray(String[]::new)), args + ": " + err);
            try (JsonParser p = mapper.createParser(out.toString())) {
                JsonNode value = mapper.readTree(p);
                assertTrue(value != null && value.isObject(), args + ": " + out);
                assertNull(p.nextToken(), args + ": more than one JSON value on stdout:\n" + out);
            }
            if (Set.of("train", "eval", "attack", "norms", "tradeoff", "sweep").contains(c[0]))
                assertTrue(err.toString().contains("100% ["), args + ": --progress=always draws the bar on stderr:\n" + err);
        }
    }

    @Test
    void withoutJsonStdoutIsEmptyAndQuietSilencesStderr() {
        String m = relu.toString();
        StringBuilder err = new StringBuilder(), out = new StringBuilder();
        assertEquals(0, CliRun.run(err, out, "eval", m, "-n", "1000", "--threads", "1", "--out", dir.resolve("e1.json").toString()));
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("errors: inner "), err.toString());
        err.setLength(0);
        assertEquals(0, CliRun.run(err, out, "eval", m, "-n", "1000", "--threads", "1", "--quiet", "--out", dir.resolve("e2.json").toString()));
        assertEquals("", out + err.toString());
    }
}
