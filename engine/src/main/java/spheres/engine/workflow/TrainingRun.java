package spheres.engine.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongPredicate;
import spheres.engine.Backend;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.FolderLock;
import spheres.engine.io.FormatException;
import spheres.engine.nn.ModelKind;

/**
 * The one training loop of every command that trains ({@code train}, the sweep, the trade-off): a {@link Trainer} bound
 * to a folder, with its checkpoint layout, cadence, resume and NaN policy.
 *
 * <p>A checkpoint is one unit: the weights and {@code optimizer.safetensors}, which records the weights file's CRC32C
 * and is written second, so it is the commit. With the {@link Layout#LATEST} layout the new weights wait beside the old
 * ones ({@code model.safetensors.next}) until the optimizer stands, then replace them by a rename; {@link #resume()}
 * finishes that rename if a kill came between, and refuses in one line a pair whose checksum does not match (never a
 * model of one checkpoint with the optimizer of another). Every file carries per-tensor checksums. Only finite weights
 * are written; a non-finite loss or weight stops the run with the step and the last good checkpoint, which stays as
 * it was; a run that diverges ({@link Divergence}) is warned about on the {@code spheres} logger and goes on. The folder is locked ({@link FolderLock}) while the run is open: a second writer is refused naming the first.
 * Progress leaves through a {@link Listener}; {@link #requestStop()} (e.g. from a Ctrl-C hook) ends the loop after the
 * current step.
 */
public final class TrainingRun implements AutoCloseable {
    public static final String MODEL = TrainedModel.MODEL_FILE, OPTIMIZER = "optimizer.safetensors", STAGED = MODEL + ".next";

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

    /** The engine's notes, shown by the CLI as one line on stderr each. */
    private static final System.Logger NOTES = System.getLogger("spheres");
    private final Path dir;
    private final Layout layout;
    private final LongPredicate keep;
    private final Trainer trainer;
    private final FolderLock lock;
    private final Divergence divergence = new Divergence();
    private long lastSaved;
    private boolean saved;
    private volatile boolean stopRequested;

    private TrainingRun(Backend backend, TrainConfig config, LabeledPoints data, Path dir, Layout layout, LongPredicate keep)
            throws IOException {
        this.lock = FolderLock.acquire(dir); // first: a refused run allocates nothing
        try {
            if (backend instanceof spheres.engine.cpu.CpuBackend) Memory.require(config.bytes(), "this training run (" + config.parameters()
                    + " parameters, batch " + config.batch() + ")", config.model() == ModelKind.QUADRATIC ? "--hidden, --batch" : "--width, --depth, --batch");
            this.trainer = new Trainer(backend, config, data);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        this.dir = dir;
        this.layout = layout;
        this.keep = keep;
    }

    /** A run whose folder holds the latest {@code model.safetensors}; {@code data} may be null (sampled points). */
    public static TrainingRun latest(Backend backend, TrainConfig config, LabeledPoints data, Path dir) throws IOException {
        return new TrainingRun(backend, config, data, dir, Layout.LATEST, step -> false);
    }

    /** A run that saves {@code step-<t>.safetensors}, keeping those for which {@code keep} holds. */
    public static TrainingRun stepped(Backend backend, TrainConfig config, Path dir, LongPredicate keep) throws IOException {
        return new TrainingRun(backend, config, null, dir, Layout.STEPPED, keep);
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

    /** Why the run has diverged ({@link Divergence}), or null. */
    public String diverged() {
        return divergence.verdict();
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
        AtomicFiles.removeTemporaries(dir); // what a killed writer left; the lock says none is writing now
        Path opt = dir.resolve(OPTIMIZER), staged = dir.resolve(STAGED);
        if (!Files.isRegularFile(opt)) {
            Files.deleteIfExists(staged); // the first checkpoint never committed
            return 0;
        }
        if (layout == Layout.STEPPED) {
            TrainConfig was = Checkpoint.config(opt);
            if (!was.equals(trainer.config()))
                throw new IllegalArgumentException(dir + ": holds a run of another configuration (" + was + "); pass --force to start over");
        }
        String sum = Checkpoint.loadOptimizer(opt, trainer).get(Checkpoint.MODEL_CHECKSUM);
        Path weights = weights(trainer.steps());
        boolean matches = Files.isRegularFile(weights) && (sum == null || sum.equals(Checkpoint.fileChecksum(weights)));
        if (!matches && layout == Layout.LATEST && sum != null && Files.isRegularFile(staged)
                && sum.equals(Checkpoint.fileChecksum(staged))) {
            // Killed between the optimizer's commit and the weights' rename: finish the rename.
            AtomicFiles.rename(staged, weights);
            matches = true;
        }
        if (!Files.isRegularFile(weights))
            throw new FormatException(weights + ": missing; the run folder is incomplete (pass --force to start over)");
        if (!matches)
            throw new FormatException(weights + ": not the weights " + opt + " was saved with (step " + trainer.steps()
                    + "): the two files come from different checkpoints; pass --force to start over");
        Files.deleteIfExists(staged); // a checkpoint that never committed
        Checkpoint.loadModel(weights, trainer.model(), trainer.config().model());
        lastSaved = trainer.steps();
        saved = true;
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
                        : "; no checkpoint had been written yet (one comes every " + every + " steps)") + because());
            }
            String verdict = divergence.observe(step);
            if (verdict != null) NOTES.log(System.Logger.Level.WARNING, dir + ": " + verdict);
            listener.stepped(step);
            if (step.step() % every == 0 && step.step() < target) checkpoint();
        }
        return trainer.steps();
    }

    /** The divergence verdict that explains a stop, if the rule held before it. */
    private String because() {
        return divergence.verdict() == null ? "" : " (" + divergence.verdict() + ")";
    }

    /**
     * Writes a checkpoint of the current step unless the last one is of this step already (a run of 0 steps writes its
     * starting point, so that it ends with a model like any other):
     * the weights (staged beside the last ones in the {@link Layout#LATEST} layout), then the optimizer, the commit.
     */
    public void checkpoint() throws IOException {
        long now = trainer.steps();
        if (saved && now == lastSaved) return;
        Path weights = weights(now), staged = layout == Layout.LATEST ? dir.resolve(STAGED) : weights;
        try {
            Checkpoint.saveModel(staged, trainer.model(), trainer.config());
        } catch (ArithmeticException e) {
            throw new IllegalStateException("step " + now + ": " + e.getMessage() + (lastSaved > 0
                    ? "; the last good checkpoint (step " + lastSaved + ") stays in " + dir : "; no checkpoint had been written yet") + because());
        }
        try {
            Checkpoint.saveOptimizer(dir.resolve(OPTIMIZER), trainer, Checkpoint.fileChecksum(staged));
        } catch (IOException | RuntimeException e) {
            // Not committed: the last checkpoint stands, and these weights belong to no optimizer (a stepped run's file
            // of this step is new: the last one has another name).
            Files.deleteIfExists(staged);
            throw e;
        }
        // Committed: a failed rename leaves the weights staged, and resume() finishes it.
        if (staged != weights) AtomicFiles.rename(staged, weights);
        if (layout == Layout.STEPPED && lastSaved > 0 && lastSaved != now && !keep.test(lastSaved))
            Files.deleteIfExists(dir.resolve(stepFile(lastSaved)));
        lastSaved = now;
        saved = true;
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
    public void close() throws IOException {
        try {
            trainer.close();
        } finally {
            lock.close();
        }
    }
}
