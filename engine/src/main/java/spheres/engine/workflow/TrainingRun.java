package spheres.engine.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongPredicate;
import spheres.engine.Backend;
import spheres.engine.io.FormatException;

/**
 * The one training loop of every command that trains ({@code train}, the sweep, the trade-off): a {@link Trainer} bound
 * to a folder, with its checkpoint layout, cadence, resume and NaN policy.
 *
 * <p>A checkpoint is two files: the weights, then {@code optimizer.safetensors}, whose step names the weights it goes
 * with; so a run killed between the two resumes from the previous pair. Where the weights go is the {@link Layout}.
 * A non-finite loss stops the run with the step and the last good checkpoint, which stays as it was. Progress leaves
 * through a {@link Listener}; {@link #requestStop()} (e.g. from a Ctrl-C hook) ends the loop after the current step.
 */
public final class TrainingRun implements AutoCloseable {
    public static final String MODEL = TrainedModel.MODEL_FILE, OPTIMIZER = "optimizer.safetensors";

    /** Where a checkpoint's weights go. */
    public enum Layout {
        /** {@code model.safetensors}, overwritten at each checkpoint: a run folder that always holds the latest model. */
        LATEST,
        /**
         * {@code step-<t>.safetensors}: the weights of step t, the previous one deleted once the next stands unless the
         * run keeps it (the trade-off keeps its measured steps).
         */
        STEPPED
    }

    /** Progress out of the loop, called after each step. */
    public interface Listener {
        void stepped(Trainer.Step step) throws IOException;
    }

    private final Path dir;
    private final Layout layout;
    private final LongPredicate keep;
    private final Trainer trainer;
    private long lastSaved;
    private volatile boolean stopRequested;

    private TrainingRun(Trainer trainer, Path dir, Layout layout, LongPredicate keep) {
        this.trainer = trainer;
        this.dir = dir;
        this.layout = layout;
        this.keep = keep;
    }

    /** A run whose folder holds the latest {@code model.safetensors}; {@code data} may be null (sampled points). */
    public static TrainingRun latest(Backend backend, TrainConfig config, LabeledPoints data, Path dir) {
        return new TrainingRun(new Trainer(backend, config, data), dir, Layout.LATEST, step -> false);
    }

    /** A run that saves {@code step-<t>.safetensors}, keeping those for which {@code keep} holds. */
    public static TrainingRun stepped(Backend backend, TrainConfig config, Path dir, LongPredicate keep) {
        return new TrainingRun(new Trainer(backend, config, null), dir, Layout.STEPPED, keep);
    }

    /** The weights file of step t in the {@link Layout#STEPPED} layout: {@code step-000000100.safetensors}. */
    public static String stepFile(long step) {
        return String.format("step-%09d.safetensors", step);
    }

    public Trainer trainer() {
        return trainer;
    }

    public Path dir() {
        return dir;
    }

    /** The step of the last checkpoint written or resumed from (0 when none). */
    public long lastSaved() {
        return lastSaved;
    }

    /** Ends the loop after the step in progress; {@link #runTo} then returns early. */
    public void requestStop() {
        stopRequested = true;
    }

    public boolean stopRequested() {
        return stopRequested;
    }

    /** The weights file of the checkpoint at step t. */
    public Path weights(long step) {
        return dir.resolve(layout == Layout.LATEST ? MODEL : stepFile(step));
    }

    /**
     * Restores the last checkpoint of the folder, if it holds one; returns its step (0 for a fresh start). A
     * {@link Layout#STEPPED} folder must hold a run of this configuration exactly; a {@link Layout#LATEST} one may differ in
     * its step budget (a resumed {@code train} may extend it).
     */
    public long resume() throws IOException {
        Path opt = dir.resolve(OPTIMIZER);
        if (!Files.isRegularFile(opt)) return 0;
        if (layout == Layout.STEPPED) {
            TrainConfig was = Checkpoint.config(opt);
            if (!was.equals(trainer.config()))
                throw new IllegalArgumentException(dir + ": holds a run of another configuration (" + was + "); pass --force to start over");
        }
        Checkpoint.loadOptimizer(opt, trainer);
        Path weights = weights(trainer.steps());
        if (!Files.isRegularFile(weights))
            throw new FormatException(weights + ": missing; the run folder is incomplete (pass --force to start over)");
        Checkpoint.loadModel(weights, trainer.model(), trainer.config());
        lastSaved = trainer.steps();
        return lastSaved;
    }

    /**
     * Trains up to step {@code target} (or until {@link #requestStop()}), writing a checkpoint at every multiple of
     * {@code every} short of the target; the caller decides what stands at the end ({@link #checkpoint()}, or a model file
     * of its own). Returns the steps taken in all.
     */
    public long runTo(long target, long every, Listener listener) throws IOException {
        while (trainer.steps() < target && !stopRequested) {
            Trainer.Step step;
            try {
                step = trainer.step();
            } catch (ArithmeticException e) {
                throw new IllegalStateException(e.getMessage() + (lastSaved > 0
                        ? "; the last good checkpoint (step " + lastSaved + ") stays in " + dir
                        : "; no checkpoint had been written yet (one comes every " + every + " steps)"));
            }
            listener.stepped(step);
            if (step.step() % every == 0 && step.step() < target) checkpoint();
        }
        return trainer.steps();
    }

    /** Writes a checkpoint of the current step unless the last one is of this step already (a run of 0 steps writes none). */
    public void checkpoint() throws IOException {
        long now = trainer.steps();
        if (now == lastSaved) return;
        Checkpoint.saveModel(weights(now), trainer.model(), trainer.config());
        Checkpoint.saveOptimizer(dir.resolve(OPTIMIZER), trainer);
        if (layout == Layout.STEPPED && lastSaved > 0 && lastSaved != now && !keep.test(lastSaved))
            Files.deleteIfExists(dir.resolve(stepFile(lastSaved)));
        lastSaved = now;
    }

    /**
     * Ends a {@link Layout#STEPPED} run whose model now stands elsewhere: its optimizer and its unkept step weights go,
     * so a folder with the final model holds nothing to resume.
     */
    public void discardCheckpoints() throws IOException {
        Files.deleteIfExists(dir.resolve(OPTIMIZER));
        if (layout == Layout.STEPPED && lastSaved > 0 && !keep.test(lastSaved)) Files.deleteIfExists(dir.resolve(stepFile(lastSaved)));
    }

    @Override
    public void close() {
        trainer.close();
    }
}
