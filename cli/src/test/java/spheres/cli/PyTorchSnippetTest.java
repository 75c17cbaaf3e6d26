package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;

/**
 * The README's PyTorch block runs as written: in a folder holding {@code runs/quick} (a small ReLU net trained by the
 * CLI) and {@code x.npy}, its logits equal {@code ./spheres predict}'s to float32 rounding. Needs python3 with torch
 * and numpy; without them the test is skipped with the reason, unless {@code SPHERES_REQUIRE_TORCH=1} (CI sets it and
 * installs Debian's python3-torch): then it fails.
 */
class PyTorchSnippetTest {
    private static final String MARK = "A checkpoint loads into PyTorch as it is";

    static String snippet() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        int mark = readme.indexOf(MARK);
        assertTrue(mark >= 0, "README.md has no paragraph starting '" + MARK + "'");
        int from = readme.indexOf("```python\n", mark) + "```python\n".length();
        int to = readme.indexOf("```", from);
        return readme.substring(from, to);
    }

    /**
     * The first python3 that imports torch and numpy: the one on PATH (a pip or conda install), else Debian's
     * /usr/bin/python3, which is where python3-torch puts them even when PATH leads to another interpreter.
     */
    private static String pythonWithTorch() throws Exception {
        StringBuilder why = new StringBuilder();
        for (String python : new String[] {"python3", "/usr/bin/python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import torch, numpy").redirectErrorStream(true).start();
                if (!p.waitFor(120, TimeUnit.SECONDS)) why.append(python).append(": importing torch took over 120 s; ");
                else if (p.exitValue() == 0) return python;
                else why.append(python).append(": cannot import torch and numpy; ");
            } catch (IOException e) {
                why.append(python).append(": not found; ");
            }
        }
        if ("1".equals(System.getenv("SPHERES_REQUIRE_TORCH"))) fail("SPHERES_REQUIRE_TORCH=1 but " + why);
        Assumptions.abort(why + "(Debian: apt-get install python3-torch)");
        return null;
    }

    @Test
    void theReadmesPyTorchBlockGivesPredictsLogits(@TempDir Path dir) throws Exception {
        String python = pythonWithTorch();
        StringBuilder err = new StringBuilder();
        Path run = dir.resolve("runs/quick");
        assertEquals(0, CliRun.run(err, null, "train", "--dim", "7", "--width", "12", "--steps", "60", "--batch", "20",
                "--lr", "1e-2", "--out", run.toString(), "--progress=never"), err::toString);
        int n = 53, d = 7;
        float[] x = new float[n * d];
        Random r = new Random(5);
        for (int i = 0; i < x.length; i++) x[i] = (float) (r.nextGaussian() * 0.6);
        Npy.write(dir.resolve("x.npy"), HostArray.of(x, n, d));
        assertEquals(0, CliRun.run(err, null, "predict", run.toString(), "--input", dir.resolve("x.npy").toString(),
                "--output", dir.resolve("logits.npy").toString()), err::toString);

        // The block as written, then a comparison with predict's logits and a check that they are not all alike.
        String script = snippet()
                + "\nref = np.load('logits.npy')\n"
                + "assert logits.shape == ref.shape, (logits.shape, ref.shape)\n"
                + "np.testing.assert_allclose(logits, ref, rtol=1e-4, atol=1e-5)\n"
                + "assert np.ptp(ref) > 1e-3, 'predict gave (nearly) one logit for every point'\n"
                + "print('ok', len(ref))\n";
        Process p = new ProcessBuilder(python, "-c", script).directory(dir.toFile()).redirectErrorStream(true).start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python3 did not finish in 300 s");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.contains("ok " + n), out);
    }
}
