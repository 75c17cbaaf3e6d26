package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.io.FolderLock;
import spheres.engine.io.FormatException;
import spheres.engine.nn.ModelKind;

/**
 * A checkpoint is one unit (issue 16): the optimizer records the weights file it was saved with, a kill between the
 * optimizer's commit and the weights' rename is finished on resume, a mismatched pair is refused in one line, and the
 * run folder has one writer at a time.
 */
class CheckpointUnitTest {
    @TempDir
    Path dir;

    private static TrainConfig config(long steps) {
        return new TrainConfig(ModelKind.RELU, 6, 1.3f, 8, 2, true, 8, 10, 1e-2f, steps, 0, true, 3).validate();
    }

    /** The folder after checkpoints at steps 4 and 8, with copies of the step-4 pair kept aside. */
    private Path twoCheckpoints(Backend be, Path aside) throws Exception {
        Path run = dir.resolve("run");
        try (TrainingRun r = TrainingRun.latest(be, config(8), null, run)) {
            r.runTo(4, 100, s -> {});
            r.checkpoint();
            Files.createDirectories(aside);
            Files.copy(run.resolve(TrainingRun.MODEL), aside.resolve(TrainingRun.MODEL));
            Files.copy(run.resolve(TrainingRun.OPTIMIZER), aside.resolve(TrainingRun.OPTIMIZER));
            r.runTo(8, 100, s -> {});
            r.checkpoint();
        }
        return run;
    }

    @Test
    void aModelOfOneCheckpointWithTheOptimizerOfAnotherIsRefused() throws Exception {
        try (Backend be = new CpuBackend(1)) {
            Path aside = dir.resolve("aside"), run = twoCheckpoints(be, aside);
            Files.copy(aside.resolve(TrainingRun.OPTIMIZER), run.resolve(TrainingRun.OPTIMIZER), StandardCopyOption.REPLACE_EXISTING);
            try (TrainingRun r = TrainingRun.latest(be, config(8), null, run)) {
                FormatException e = assertThrows(FormatException.class, r::resume);
                assertEquals(run.resolve(TrainingRun.MODEL) + ": not the weights " + run.resolve(TrainingRun.OPTIMIZER)
                        + " was saved with (step 4): the two files come from different checkpoints; pass --force to start over", e.getMessage());
            }
        }
    }

    @Test
    void aKillBetweenTheCommitAndTheRenameIsFinishedOnResume() throws Exception {
        try (Backend be = new CpuBackend(1)) {
            Path aside = dir.resolve("aside"), run = twoCheckpoints(be, aside);
            float[] at8;
            try (TrainingRun r = TrainingRun.latest(be, config(8), null, run)) {
                assertEquals(8, r.resume());
                at8 = be.download(r.trainer().model().parameters().get(0).value);
            }
            // As a kill leaves it: the step-8 weights still staged, the step-4 weights in place, the step-8 optimizer committed.
            Files.move(run.resolve(TrainingRun.MODEL), run.resolve(TrainingRun.STAGED));
            Files.copy(aside.resolve(TrainingRun.MODEL), run.resolve(TrainingRun.MODEL));
            try (TrainingRun r = TrainingRun.latest(be, config(8), null, run)) {
                assertEquals(8, r.resume());
                assertArrayEquals(at8, be.download(r.trainer().model().parameters().get(0).value));
            }
            assertFalse(Files.exists(run.resolve(TrainingRun.STAGED)), "the rename was finished");
            // A staged file that never committed (killed before the optimizer) is dropped and the last pair resumes.
            Files.copy(aside.resolve(TrainingRun.MODEL), run.resolve(TrainingRun.STAGED));
            try (TrainingRun r = TrainingRun.latest(be, config(8), null, run)) {
                assertEquals(8, r.resume());
            }
            assertFalse(Files.exists(run.resolve(TrainingRun.STAGED)));
        }
    }

    @Test
    void oneWriterPerFolder() throws Exception {
        try (Backend be = new CpuBackend(1)) {
            Path run = dir.resolve("locked");
            try (TrainingRun first = TrainingRun.latest(be, config(4), null, run)) {
                IllegalStateException e = assertThrows(IllegalStateException.class, () -> TrainingRun.latest(be, config(4), null, run));
                assertEquals(run + ": in use by process " + ProcessHandle.current().pid() + " (its lock is " + run.resolve(FolderLock.FILE)
                        + "); wait for it to end or stop it", e.getMessage());
                assertTrue(Files.exists(run.resolve(FolderLock.FILE)));
            }
            assertFalse(Files.exists(run.resolve(FolderLock.FILE)), "a closed run leaves no lock");
            try (TrainingRun again = TrainingRun.latest(be, config(4), null, run)) {
                assertEquals(0, again.resume());
            }
        }
    }
}
