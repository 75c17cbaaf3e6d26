package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code train} guarantees a run folder (issue 16): {@code --resume} reads the run from config.json and refuses, in one
 * line, what does not fit it (a missing, empty or damaged config.json, options that contradict it, a step count that would
 * shorten it, a run with nothing left to do); {@code --steps 0} ends with a model; {@code --force} leaves no result of the
 * earlier run; a failed or refused run leaves nothing that blocks a rerun; a run too large for the heap is refused first.
 */
class TrainRulesTest {
    @TempDir
    Path dir;

    private static final String[] SMALL = {"--dim", "6", "--width", "8", "--batch", "10", "--lr", "1e-2", "--threads", "1", "--progress=never"};

    private Path trained(String name, String steps) {
        Path out = dir.resolve(name);
        StringBuilder err = new StringBuilder();
        String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("train", "--steps", steps, "--out", out.toString()),
                java.util.Arrays.stream(SMALL)).toArray(String[]::new);
        assertEquals(0, CliRun.run(err, null, args), err.toString());
        return out;
    }

    /** Runs the CLI expecting a refusal: exit 3 and one line on stderr, returned. */
    private static String refused(String... args) {
        StringBuilder err = new StringBuilder();
        assertEquals(3, CliRun.run(err, null, args), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        return err.toString().strip();
    }

    @Test
    void optionsThatContradictTheRunAreRefusedAndStepsMayOnlyExtend() throws Exception {
        Path run = trained("run", "20");
        String config = run.resolve("config.json").toString();
        assertEquals("spheres: --resume: --lr 0.5 contradicts the run's 0.01 (" + config
                + "); a resumed run keeps its configuration: drop the option", refused("train", "--resume", "--out", run.toString(), "--lr", "0.5", "--steps", "30"));
        assertTrue(refused("train", "--resume", "--out", run.toString(), "--dim", "7", "--steps", "30").contains("--dim 7 contradicts the run's 6"));
        assertEquals("spheres: --resume: --steps 10 is fewer than the run's 20; --steps may only extend a run",
                refused("train", "--resume", "--out", run.toString(), "--steps", "10"));
        assertEquals("spheres: --resume: " + run + " is at step 20 of 20, complete; pass --steps N with N > 20 to train on",
                refused("train", "--resume", "--out", run.toString()));
        StringBuilder err = new StringBuilder();
        // Given and equal to the run's: accepted; the extension is written back, so the next resume knows it.
        assertEquals(0, CliRun.run(err, null, "train", "--resume", "--out", run.toString(), "--lr", "1e-2", "--dim", "6", "--steps", "30",
                "--progress=never"), err.toString());
        assertEquals(30, spheres.engine.experiment.Json.tree(run.resolve("config.json")).path("config").path("steps").asInt());
        assertEquals("spheres: --resume: " + run + " is at step 30 of 30, complete; pass --steps N with N > 30 to train on",
                refused("train", "--resume", "--out", run.toString()));
    }

    @Test
    void aMissingEmptyOrDamagedConfigIsRefusedNamingIt() throws Exception {
        Path run = trained("run", "4"), config = run.resolve("config.json");
        String whole = Files.readString(config);
        Files.writeString(config, whole.substring(0, whole.length() / 2));
        assertTrue(refused("train", "--resume", "--out", run.toString(), "--steps", "8").startsWith("spheres: " + config + ": not valid JSON"));
        Files.writeString(config, "");
        assertTrue(refused("train", "--resume", "--out", run.toString(), "--steps", "8").startsWith("spheres: " + config + ": empty;"));
        Files.delete(config);
        assertTrue(refused("train", "--resume", "--out", run.toString(), "--steps", "8").startsWith("spheres: --resume: " + config + " is missing;"));
    }

    @Test
    void zeroStepsWriteTheStartingModel() throws Exception {
        Path run = trained("zero", "0");
        assertTrue(Files.isRegularFile(run.resolve("model.safetensors")), "a run of no steps ends with its starting model");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "eval", run.toString(), "-n", "100", "--threads", "1"), err.toString());
    }

    @Test
    void forceStartsOverWithoutTheEarlierRunsResults() throws Exception {
        Path run = trained("run", "4");
        Files.writeString(run.resolve("eval.json"), "{}");
        Files.writeString(run.resolve("notes.txt"), "mine");
        StringBuilder err = new StringBuilder();
        assertEquals(0, CliRun.run(err, null, "train", "--steps", "2", "--out", run.toString(), "--force", "--dim", "6", "--width", "8",
                "--batch", "10", "--threads", "1"), err.toString());
        assertFalse(Files.exists(run.resolve("eval.json")), "the earlier model's evaluation went with it");
        assertTrue(Files.exists(run.resolve("notes.txt")), "a file no run writes stays");
    }

    @Test
    void aRunThatFailsBeforeItsFirstCheckpointLeavesNothingThatBlocksARerun() throws Exception {
        Path out = dir.resolve("diverges");
        StringBuilder err = new StringBuilder();
        assertEquals(1, CliRun.run(err, null, "train", "--steps", "40", "--out", out.toString(), "--dim", "6", "--width", "8", "--batch", "10",
                "--lr", "1e15", "--threads", "1", "--progress=never"));
        assertTrue(err.toString().contains("the run diverged"), err.toString());
        assertFalse(Files.exists(out), "no folder is left by a run that wrote no checkpoint");
        trained("diverges", "4");
    }

    @Test
    void aRunTooLargeForTheHeapIsRefusedBeforeAllocatingWithTheHint() {
        Path out = dir.resolve("huge");
        String line = refused("train", "--width", "40000", "--steps", "1", "--out", out.toString(), "--threads", "1");
        assertTrue(line.matches("spheres: this training run \\(\\d+ parameters, batch 50\\) needs about .* GiB of memory; the Java heap"
                + " may grow to .*: give the JVM more \\(SPHERES_JAVA_OPTS=-Xmx\\d+g \\./spheres \\.\\.\\.\\) or ask for less \\(--width, --depth, --batch\\)"), line);
        assertFalse(Files.exists(out), "a refused run leaves no folder");
        Path run = trained("small", "2");
        assertTrue(refused("eval", run.toString(), "--chunk", "2000000000", "-n", "10", "--threads", "1")
                .startsWith("spheres: an evaluation in chunks of 2000000000 samples needs about "), "eval's chunk is estimated too");
    }

    @Test
    void aDamagedLogIsRefusedNamingIt() throws Exception {
        Path run = trained("run", "4"), log = run.resolve("train.csv");
        Files.write(log, new byte[] {'1', ',', (byte) 0xff, (byte) 0xfe, '\n'});
        StringBuilder err = new StringBuilder();
        assertEquals(3, CliRun.run(err, null, "train", "--resume", "--out", run.toString(), "--steps", "8"));
        assertTrue(err.toString().endsWith("spheres: " + log + ": not UTF-8 text (damaged, or not the CSV a spheres run writes)\n"), err.toString());
        Files.writeString(log, "step,loss\n1x,0.5\n");
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "train", "--resume", "--out", run.toString(), "--steps", "8"));
        assertTrue(err.toString().contains("\nspheres: " + log + ": '1x' is not a step number"), err.toString());
    }
}
