package spheres.engine.sweep;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import spheres.engine.Backend;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.PresetRun;
import spheres.engine.experiment.Versioned;
import spheres.engine.attack.NearestErrorAttack;
import spheres.engine.attack.Starts;
import spheres.engine.io.FormatException;
import spheres.engine.nn.Sequential;
import spheres.engine.tradeoff.NearestErrorDistance;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.ErrorRate;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainingRun;

/**
 * The sweep at one dimension, in its folder {@code d-<dim>}: {@code model.safetensors} (the trained net, written once
 * training ends) and {@code point.json} (what was measured, written last). A folder with {@code point.json} is done and
 * not redone; one with only the model is measured again without retraining.
 *
 * <p>While training, the state is saved every 5% of the steps (at least {@link #SAVE_EVERY_MIN} apart, each save being
 * two fsynced files): {@code step-<t>.safetensors} (the weights at step t), then {@code optimizer.safetensors} (the
 * Adam state, which names its step t), then the previous {@code step-*} file goes. A killed run continues from the
 * last save, with the same numbers as an uninterrupted one (batch t is a function of t). Both go once the model stands.
 */
public final class DimensionRun implements PresetRun.Part {
    static final String MODEL = TrainingRun.MODEL, POINT = "point.json", OPTIMIZER = TrainingRun.OPTIMIZER;
    /** Intermediate saves come every 5% of the budget, but not more often than this. */
    static final long SAVE_EVERY_MIN = 50;
    /** Samples per forward pass of the evaluation. */
    private static final int EVAL_CHUNK = 10_000;
    /**
     * What {@code point.json} holds: the measured point of this dimension, and the training it measured (the model file
     * records only the model's own fields; null in files of earlier versions).
     */
    public record Saved(SweepPoint point, @JsonInclude(JsonInclude.Include.NON_NULL) TrainConfig train) implements Versioned {}

    /** Called as training advances (for a progress bar). */
    public interface Progress {
        void trained(long step);
    }

    private final Path dir;
    private final SweepConfig plan;
    private final TrainConfig train;

    public DimensionRun(Path parent, int dim, SweepConfig plan) {
        this.plan = plan;
        this.train = plan.train(dim);
        this.dir = parent.resolve(name(dim));
    }

    /** The folder name at dimension d: {@code d-0060}, so that a listing sorts by d. */
    public static String name(int dim) {
        return String.format("d-%04d", dim);
    }

    public Path dir() {
        return dir;
    }

    public int dim() {
        return train.dim();
    }

    /** The point measured earlier, or null when this dimension is not finished. */
    public SweepPoint done() throws IOException {
        Path f = dir.resolve(POINT);
        if (!Files.isRegularFile(f)) return null;
        checkModel();
        Saved saved = Json.read(f, Saved.class);
        if (saved.point() == null) throw new FormatException(f + ": holds no sweep point");
        if (saved.train() != null && !saved.train().equals(train)) throw anotherConfiguration(saved.train());
        return saved.point();
    }

    @Override
    public long steps() {
        return train.steps();
    }

    /** Steps still to train here: none when the model stands, fewer after an intermediate save. */
    @Override
    public long remainingSteps() throws IOException {
        if (Files.isRegularFile(dir.resolve(MODEL))) return 0;
        Path opt = dir.resolve(OPTIMIZER);
        return Files.isRegularFile(opt) ? train.steps() - Checkpoint.step(opt) : train.steps();
    }

    /** Deletes what an earlier run left here (for {@code --force}). */
    @Override
    public void clear() throws IOException {
        PresetRun.Part.delete(dir, n -> n.equals(POINT) || n.equals(MODEL) || n.equals(OPTIMIZER) || n.matches("step-\\d+\\.safetensors"));
    }

    /** Trains (unless the model stands), samples and attacks; the finished point of an earlier session as it is. */
    public SweepPoint run(Backend backend, Progress progress) throws IOException {
        SweepPoint earlier = done();
        if (earlier != null) return earlier;
        Files.createDirectories(dir);
        if (Files.isRegularFile(dir.resolve(MODEL))) {
            checkModel();
            Sequential net = train.newModel(backend);
            Checkpoint.loadModel(dir.resolve(MODEL), net, train.model());
            return measureAndSave(backend, net);
        }
        try (TrainingRun run = TrainingRun.stepped(backend, train, dir, step -> false)) {
            run.resume();
            run.runTo(train.steps(), Math.max(SAVE_EVERY_MIN, train.steps() / 20), step -> progress.trained(step.step()));
            Checkpoint.saveModel(dir.resolve(MODEL), run.trainer().model(), train);
            run.discardCheckpoints();
            return measureAndSave(backend, run.trainer().model());
        }
    }

    private void checkModel() throws IOException {
        Path f = dir.resolve(MODEL), optimizer = dir.resolve(OPTIMIZER);
        if (!Files.isRegularFile(f)) throw new FormatException(f + ": missing; the run folder is incomplete (pass --force to start over)");
        // The model file records the model's own fields; the optimizer file, where it stands, the whole training.
        Object was = Files.isRegularFile(optimizer) ? Checkpoint.config(optimizer) : Checkpoint.spec(f);
        if (!was.equals(was instanceof TrainConfig ? train : train.spec())) throw anotherConfiguration(was);
    }

    private IllegalArgumentException anotherConfiguration(Object was) {
        return new IllegalArgumentException(dir + ": holds a run of another configuration (" + was + "); pass --force to start over");
    }

    private SweepPoint measureAndSave(Backend backend, Sequential net) throws IOException {
        SweepPoint p = measure(backend, net);
        Json.write(dir.resolve(POINT), new Saved(p, train));
        return p;
    }

    /** Errors by sampling each sphere; the nearest-error attack from points of both spheres, half each. */
    private SweepPoint measure(Backend backend, Sequential net) {
        long n = plan.evalSamples();
        ErrorRate inner, outer;
        try (Evaluator ev = new Evaluator(backend, net, train.dim(), train.radius(), plan.seed(), EVAL_CHUNK)) {
            inner = new ErrorRate(ev.errors(false, 0, n), n);
            outer = new ErrorRate(ev.errors(true, 0, n), n);
        }
        NearestErrorDistance.Estimate attack = plan.attackStarts() == 0 ? new NearestErrorDistance.Estimate(0, 0, null, null)
                : NearestErrorAttack.estimate(backend, net, train, plan.attack(), Starts.spheres(plan.seed(), 1f, train.radius(), 0.5), plan.attackStarts());
        return new SweepPoint(train.dim(), train.steps(), n, inner.errors(), inner.rate(), inner.lower95(), inner.upper95(),
                outer.errors(), outer.rate(), outer.lower95(), outer.upper95(), plan.attackStarts(), attack.found(), attack.mean());
    }
}
