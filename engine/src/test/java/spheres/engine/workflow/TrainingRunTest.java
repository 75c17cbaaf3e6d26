package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static spheres.engine.SplitWork.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.ModelKind;

/** The one training loop: checkpoint cadence and layouts, resume to the same bits, stop requests, the NaN policy. */
class TrainingRunTest {
    @TempDir
    Path dir;

    private static TrainConfig config(long steps, float lr) {
        return new TrainConfig(ModelKind.RELU, 6, 1.3f, 8, 2, true, 8, 10, lr, steps, 0, true, 3).validate();
    }

    private static float[] weights(Backend be, TrainingRun run) {
        return be.download(run.trainer().model().parameters().get(0).value);
    }

    @Test
    void checkpointsAtTheCadenceAndAResumedRunEndsOnTheSameWeights() throws Exception {
        try (Backend be = new CpuBackend(1)) {
            float[] whole;
            try (TrainingRun run = TrainingRun.latest(be, config(10, 1e-2f), null, dir.resolve("whole"))) {
                Files.createDirectories(run.dir());
                List<Long> steps = new ArrayList<>();
                run.runTo(10, 4, s -> steps.add(s.step()));
                assertEquals(10, steps.size());
                assertEquals(8, run.lastSaved(), "checkpoints at 4 and 8, none at the target");
                run.checkpoint();
                assertEquals(10, Checkpoint.step(run.dir().resolve(TrainingRun.OPTIMIZER)));
                whole = weights(be, run);
            }
            Path cut = Files.createDirectories(dir.resolve("cut"));
            try (TrainingRun run = TrainingRun.latest(be, config(10, 1e-2f), null, cut)) {
                run.runTo(10, 4, s -> {
                    if (s.step() == 6) run.requestStop();
                });
                assertTrue(run.stopRequested());
                assertEquals(6, run.trainer().steps(), "a stop ends the loop after the step in progress");
                assertEquals(4, run.lastSaved());
            }
            try (TrainingRun run = TrainingRun.latest(be, config(10, 1e-2f), null, cut)) {
                assertEquals(4, run.resume(), "resumed from the last checkpoint, not from the stop");
                run.runTo(10, 4, s -> {});
                run.checkpoint();
                assertArrayEquals(whole, weights(be, run), "batch t is a function of t: the same weights");
            }
        }
    }

    /**
     * At sizes that split the work: a run stopped after step 4 (checkpoint at 3) on 1, 2 or 3 threads and resumed on
     * another count writes the bytes of a straight run on one thread: weights, batch-norm statistics, Adam moments.
     */
    @Test
    void aRunResumedOnAnotherThreadCountWritesTheBytesOfAStraightRun() throws Exception {
        TrainConfig c = new TrainConfig(ModelKind.RELU, DIM, 1.3f, WIDTH, 2, true, WIDTH, BATCH, 1e-3f, 6, 120, true, 5).validate();
        Path straight = Files.createDirectories(dir.resolve("straight"));
        try (Backend be = new CpuBackend(1); TrainingRun run = TrainingRun.latest(be, c, null, straight)) {
            run.runTo(6, 3, s -> {});
            run.checkpoint();
        }
        for (int threads : THREADS) {
            Path cut = Files.createDirectories(dir.resolve("cut" + threads));
            try (Backend be = new CpuBackend(threads); TrainingRun run = TrainingRun.latest(be, c, null, cut)) {
                run.runTo(6, 3, s -> {
                    if (s.step() == 4) run.requestStop();
                });
            }
            int other = threads % 3 + 1;
            try (Backend be = new CpuBackend(other); TrainingRun run = TrainingRun.latest(be, c, null, cut)) {
                assertEquals(3, run.resume());
                run.runTo(6, 3, s -> {});
                run.checkpoint();
            }
            for (String f : new String[] {TrainingRun.MODEL, TrainingRun.OPTIMIZER})
                assertArrayEquals(Files.readAllBytes(straight.resolve(f)), Files.readAllBytes(cut.resolve(f)),
                        f + ": 4 steps on " + threads + " threads, resumed from 3 on " + other);
        }
    }

    @Test
    void theSteppedLayoutKeepsOnlyWhatItIsToldTo() throws Exception {
        try (Backend be = new CpuBackend(1); TrainingRun run = TrainingRun.stepped(be, config(12, 1e-2f), dir, step -> step == 4)) {
            run.runTo(12, 2, s -> {});
            run.checkpoint();
            try (var files = Files.list(dir)) {
                assertEquals(List.of(".lock", "optimizer.safetensors", TrainingRun.stepFile(4), TrainingRun.stepFile(12)), // open: locked
                        files.map(f -> f.getFileName().toString()).sorted().toList());
            }
            run.discardCheckpoints();
            assertFalse(Files.exists(dir.resolve(TrainingRun.stepFile(12))));
            assertTrue(Files.exists(dir.resolve(TrainingRun.stepFile(4))), "kept");
        }
    }

    @Test
    void aNonFiniteLossStopsTheRunNamingTheStepAndTheLastGoodCheckpoint() throws Exception {
        try (Backend be = new CpuBackend(1); TrainingRun run = TrainingRun.latest(be, config(200, 1e30f), null, dir)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> run.runTo(200, 1, s -> {}));
            assertTrue(e.getMessage().matches("loss is \\S+ at step \\d+; the last good checkpoint \\(step \\d+\\) stays in .*"), e.getMessage());
            assertEquals(run.trainer().steps(), run.lastSaved(), "the failing step wrote nothing");
        }
    }
}
