package spheres.engine.tradeoff;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalDouble;
import spheres.engine.Backend;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.PresetRun;
import spheres.engine.experiment.Versioned;
import spheres.engine.io.FormatException;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.ErrorRate;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainingRun;

/**
 * One model at one training-set size, trained through the log-spaced schedule of a {@link TradeoffConfig} and
 * measured at each scheduled step; resumable at any point.
 *
 * <p>Its folder holds {@code step-<t>.safetensors} (the weights at each scheduled step t, kept), {@code
 * optimizer.safetensors} (the Adam state of the last saved step s, written after {@code step-<s>}, so the pair is
 * always consistent) and {@code points.json} (the points measured so far). On resume, training continues from step s
 * with the weights of {@code step-<s>}, and a scheduled step is measured only if {@code points.json} lacks it.
 * Between scheduled steps the state is also saved every 5% of the budget (at least 50 steps apart); those intermediate weights are deleted
 * once a later save stands.
 */
public final class TradeoffRun implements PresetRun.Part {
    static final String OPTIMIZER = TrainingRun.OPTIMIZER, POINTS = "points.json";
    /** Intermediate saves come every 5% of the budget, but not more often than this (each is two fsynced files). */
    static final long SAVE_EVERY_MIN = 50;
    /** Samples per forward pass of the error-rate evaluation. */
    private static final int EVAL_CHUNK = 10_000;

    /** Called as training advances and as points are measured (for a progress bar). */
    public interface Progress {
        void trained(long step);

        void measured(TradeoffPoint point);
    }

    private final Path dir;
    private final String model;
    private final TrainConfig train;
    private final TradeoffConfig plan;

    public TradeoffRun(Path parent, String model, long trainSize, TradeoffConfig plan) {
        this.model = model;
        this.plan = plan;
        this.train = plan.train(model, trainSize);
        this.dir = parent.resolve(name(model, trainSize));
    }

    /** The folder name of a run: {@code relu-bn-N1000}, {@code quadratic-online}. */
    public static String name(String model, long trainSize) {
        return model + (trainSize == 0 ? "-online" : "-N" + trainSize);
    }

    public Path dir() {
        return dir;
    }

    public TrainConfig train() {
        return train;
    }

    @Override
    public long steps() {
        return plan.steps();
    }

    /** Deletes what an earlier run left in this run's folder (for {@code --force}): its weights, optimizer and points. */
    @Override
    public void clear() throws IOException {
        PresetRun.Part.delete(dir, n -> n.equals(OPTIMIZER) || n.equals(POINTS) || n.matches("step-\\d+\\.safetensors"));
    }

    /** What {@code points.json} holds: the points measured so far, in step order. */
    public record Points(List<TradeoffPoint> points) implements Versioned {}

    /** The points measured so far, in step order (none for a run not started). */
    public List<TradeoffPoint> points() throws IOException {
        Path f = dir.resolve(POINTS);
        if (!Files.isRegularFile(f)) return new ArrayList<>();
        List<TradeoffPoint> points = Json.read(f, Points.class).points();
        if (points == null) throw new FormatException(f + ": holds no list of points");
        return new ArrayList<>(points);
    }

    /** Training steps still to run: from the later of the last point measured and the last save. */
    @Override
    public long remainingSteps() throws IOException {
        Path saved = dir.resolve(OPTIMIZER);
        long done = Files.isRegularFile(saved) ? Checkpoint.step(saved) : 0;
        for (TradeoffPoint p : points()) done = Math.max(done, p.step());
        return Math.max(0, plan.steps() - done);
    }

    /**
     * Trains and measures what the schedule still lacks. {@code attack} and {@code exact} may be null: d(E), or the
     * exact mu, is then left out of the points (null), not guessed.
     */
    public List<TradeoffPoint> run(Backend backend, NearestErrorDistance attack, ExactErrorMeasure exact, Progress progress)
            throws IOException {
        Files.createDirectories(dir);
        List<TradeoffPoint> points = points();
        long[] schedule = plan.schedule();
        long saveEvery = Math.max(SAVE_EVERY_MIN, plan.steps() / 20);
        try (TrainingRun run = TrainingRun.stepped(backend, train, dir, step -> Arrays.binarySearch(schedule, step) >= 0)) {
            run.resume();
            progress.trained(run.trainer().steps());
            for (long t : schedule) {
                if (points.stream().anyMatch(p -> p.step() == t)) continue;
                Sequential net;
                if (t <= run.trainer().steps()) { // trained past t in an earlier session: its weights were kept
                    Path kept = run.weights(t);
                    if (!Files.isRegularFile(kept)) throw new FormatException(kept + ": missing; the run folder is incomplete (pass --force to start over)");
                    net = train.newModel(backend);
                    Checkpoint.loadModel(kept, net, train.model());
                } else {
                    run.runTo(t, saveEvery, step -> progress.trained(step.step()));
                    run.checkpoint();
                    net = run.trainer().model();
                }
                TradeoffPoint p = measure(backend, net, t, attack, exact);
                points.add(p);
                points.sort((a, b) -> Long.compare(a.step(), b.step()));
                Json.write(dir.resolve(POINTS), new Points(points));
                progress.measured(p);
            }
        }
        return points;
    }

    /** mu by sampling the inner sphere (and exactly where known); d(E) by the attack where mu can be placed. */
    private TradeoffPoint measure(Backend backend, Sequential net, long step, NearestErrorDistance attack, ExactErrorMeasure exact) {
        long errors;
        try (Evaluator ev = new Evaluator(backend, net, train.dim(), train.radius(), plan.seed(), EVAL_CHUNK)) {
            errors = ev.errors(false, 0, plan.evalSamples());
        }
        ErrorRate rate = new ErrorRate(errors, plan.evalSamples());
        boolean measurable = errors >= plan.minErrors();
        OptionalDouble known = exact == null ? OptionalDouble.empty() : exact.innerErrorRate(net, train);
        Double muExact = known.isPresent() ? known.getAsDouble() : null;
        NearestErrorDistance.Estimate d = null;
        if (attack != null && (measurable || muExact != null)) d = attack.estimate(backend, net, train, plan.seed(), plan.attackStarts());
        return new TradeoffPoint(model, train.trainSize(), step, errors, rate.samples(), rate.rate(), rate.lower95(), rate.upper95(),
                measurable, muExact, d == null ? null : d.starts(), d == null ? null : d.found(), d == null ? null : d.mean(),
                d == null ? null : d.standardError());
    }
}
