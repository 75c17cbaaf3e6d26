package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.io.FormatException;
import spheres.engine.nn.ModelKind;

/**
 * Crash trials in the spirit of SQLite's: a child JVM trains with a checkpoint after every step and is killed (SIGKILL)
 * at a random moment (seeded); then the folder either resumes and trains on to the bits of an uninterrupted run, or is
 * refused in one line, and holds no temporary file the kill left. Never a model of one checkpoint beside the optimizer of another. A second child starts on a
 * folder whose writer was killed: the dead writer's lock does not block it.
 */
class CrashTest {
    static final long STEPS = 400;
    /** The 50 moments, about a second each; {@code -Dspheres.crashTrials=N} runs more by hand. */
    private static final int TRIALS = Integer.getInteger("spheres.crashTrials", 50);

    @TempDir
    Path dir;

    static TrainConfig config() {
        return new TrainConfig(ModelKind.RELU, 6, 1.3f, 8, 2, true, 8, 10, 1e-2f, STEPS, 0, true, 3).validate();
    }

    private static List<float[]> weights(Backend be, TrainingRun run) {
        return run.trainer().model().parameters().stream().map(p -> be.download(p.value)).toList();
    }

    /** The temporary and staged files in a folder: what a kill mid-checkpoint leaves. */
    private static List<String> halfWritten(Path run) throws java.io.IOException {
        try (var files = Files.list(run)) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".tmp") || n.endsWith(".next")).toList();
        }
    }

    private Process child(Path run, long steps) throws Exception {
        // The child computes as this JVM does (the second Surefire run has SIMD off), so that the bits compare.
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "--add-modules",
                "jdk.incubator.vector", "-Dspheres.simd=" + System.getProperty("spheres.simd", "true"), "-cp", System.getProperty("java.class.path"), CrashTrainer.class.getName(), run.toString(), Long.toString(steps))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    @Test
    void killedAtRandomMomentsEveryFolderResumesToTheUninterruptedBitsOrIsRefused() throws Exception {
        List<float[]> whole;
        try (Backend be = new CpuBackend(1); TrainingRun run = TrainingRun.latest(be, config(), null, dir.resolve("whole"))) {
            run.runTo(STEPS, STEPS, s -> {});
            whole = weights(be, run);
        }
        Random rnd = new Random(16);
        int resumed = 0, refused = 0, midRun = 0, leftovers = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            Path run = dir.resolve("trial-" + trial);
            Process p = child(run, STEPS);
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertEquals("started", line, "the child did not start");
            Thread.sleep(rnd.nextInt(600));
            if (p.isAlive()) midRun++;
            p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            if (!halfWritten(run).isEmpty()) leftovers++;
            try (Backend be = new CpuBackend(1); TrainingRun r = TrainingRun.latest(be, config(), null, run)) {
                long from;
                try {
                    from = r.resume();
                } catch (FormatException e) {
                    assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                    refused++;
                    continue;
                }
                assertEquals(List.of(), halfWritten(run), "trial " + trial + ": a resumed folder holds no temporary or staged file");
                r.runTo(STEPS, STEPS, s -> {});
                List<float[]> got = weights(be, r);
                for (int i = 0; i < whole.size(); i++) assertArrayEquals(whole.get(i), got.get(i), "trial " + trial + " resumed at " + from);
                resumed++;
            }
        }
        System.err.printf("CrashTest: %d kill trials (%d while the child trained, %d leaving a temporary or staged file), %d resumed to the"
                + " uninterrupted bits, %d refused in one line%n", TRIALS, midRun, leftovers, resumed, refused);
        assertEquals(TRIALS, resumed + refused);
        assertTrue(midRun > TRIALS / 2, "most kills must land while the child trains: " + midRun + " of " + TRIALS);
        assertTrue(resumed > 0, "no trial resumed: " + refused + " refused");
    }

    /** Two processes on one folder: the second is refused naming the first; once the first is killed, a third proceeds. */
    @Test
    void aKilledWritersLockDoesNotBlockTheNext() throws Exception {
        Path run = dir.resolve("taken-over");
        Process p = child(run, 1_000_000); // still training when it is killed
        assertEquals("started", new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine());
        assertTrue(Files.exists(run.resolve(spheres.engine.io.FolderLock.FILE)), "the writer holds the folder");
        try (Backend be = new CpuBackend(1)) {
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> TrainingRun.latest(be, config(), null, run));
            assertTrue(e.getMessage().startsWith(run + ": in use by process " + p.pid() + " "), e.getMessage());
        }
        p.destroyForcibly();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        try (Backend be = new CpuBackend(1); TrainingRun r = TrainingRun.latest(be, config(), null, run)) {
            r.resume();
        } catch (IllegalStateException e) {
            fail("a dead writer's lock blocked the folder: " + e.getMessage());
        }
    }
}
