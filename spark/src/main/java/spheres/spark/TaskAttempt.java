package spheres.spark;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.spark.TaskContext;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Preset;
import spheres.engine.experiment.Reproduction;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.TrainingRun;

/**
 * One attempt of a {@link PlanTask} on an executor: restore the latest checkpoint of its folder from the shared run
 * folder, run, save each new checkpoint there as training goes, then commit the folder, its stage logs and markers.
 * A retried attempt, on this executor or another, resumes from the last checkpoint with the same numbers as an
 * uninterrupted run (each batch is a function of its step).
 */
public final class TaskAttempt {
    /**
     * Fault injection for the tests: a task whose folder is this property's value throws on its first attempt right after
     * it saved its first checkpoint, as a task killed mid-training would stop.
     */
    public static final String FAIL_AFTER_CHECKPOINT = "spheres.spark.failAfterCheckpoint";

    private TaskAttempt() {}

    /** What a finished task tells the driver: each stage's seconds, its attempt and the step it resumed from, its figures. */
    public record Result(String folder, Map<String, Double> seconds, int attempt, long resumedFrom, String figures)
            implements Serializable {}

    public static Result run(PlanTask task, String preset, SharedFolder shared, int threads) throws IOException {
        int attempt = TaskContext.get() == null ? 0 : TaskContext.get().attemptNumber();
        Path work = Files.createTempDirectory("spheres-task");
        try (Backend backend = Backends.open("cpu", threads)) {
            Path folder = work.resolve(task.folder());
            long resumedFrom = shared.restoreCheckpoint(task.folder(), folder);
            Checkpoints checkpoints = new Checkpoints(shared, task.folder(), folder, attempt);
            Map<String, Double> seconds = task.run(backend, Environment.of(backend, threads), Preset.named(preset), work, checkpoints);
            String figures = Headline.of(folder);
            // The folder first, then the logs, then the markers: a stage is done only once its files stand.
            shared.commit(folder, task.folder(), work.toString());
            for (String s : task.stages()) shared.writeFile(work, Reproduction.logName(s));
            for (String s : task.stages()) shared.writeFile(work, Reproduction.markerName(s));
            shared.dropCheckpoints(task.folder());
            return new Result(task.folder(), seconds, attempt, resumedFrom, figures);
        } finally {
            delete(work);
        }
    }

    /** Watches the folder's optimizer file between steps and saves each new checkpoint to the shared folder. */
    private static final class Checkpoints implements Runnable {
        private final SharedFolder shared;
        private final String name;
        private final Path folder;
        private final int attempt;
        private Object saved;

        Checkpoints(SharedFolder shared, String name, Path folder, int attempt) throws IOException {
            this.shared = shared;
            this.name = name;
            this.folder = folder;
            this.attempt = attempt;
            this.saved = key();
        }

        /** The optimizer file's identity: each checkpoint writes a new file (temporary name, then rename). */
        private Object key() throws IOException {
            Path opt = folder.resolve(TrainingRun.OPTIMIZER);
            if (!Files.isRegularFile(opt)) return null;
            BasicFileAttributes a = Files.readAttributes(opt, BasicFileAttributes.class);
            return List.of(String.valueOf(a.fileKey()), a.lastModifiedTime());
        }

        @Override
        public void run() {
            try {
                Object now = key();
                if (now == null || Objects.equals(now, saved)) return;
                shared.saveCheckpoint(folder, name, Checkpoint.step(folder.resolve(TrainingRun.OPTIMIZER)));
                saved = now;
                if (attempt == 0 && name.equals(System.getProperty(FAIL_AFTER_CHECKPOINT)))
                    throw new IllegalStateException("injected failure in " + name + " after its first checkpoint (" + FAIL_AFTER_CHECKPOINT + ")");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
        }
    }
}
