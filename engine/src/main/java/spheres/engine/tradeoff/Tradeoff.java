package spheres.engine.tradeoff;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import spheres.engine.Backend;
import spheres.engine.attack.NearestErrorAttack;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.PresetRun;
import spheres.engine.experiment.RunRecord;
import spheres.engine.quadratic.ExactInnerRate;

/**
 * The trade-off stage (spec section 7): every model at every training-set size of a {@link TradeoffConfig}, one
 * {@link TradeoffRun} each in its subfolder, d(E) by the nearest-error manifold attack and mu exactly where the weights
 * give it (the quadratic net); then {@link TradeoffResult}'s files.
 */
public final class Tradeoff extends PresetRun<TradeoffRun, Tradeoff.Progress, TradeoffResult> {
    /** The command name in {@code config.json}. */
    public static final String COMMAND = "tradeoff";

    /** Called as any run trains and as it measures a point (for a progress bar). */
    public interface Progress {
        /**
         * {@code run} trained to a step: {@code done} of the trade-off's {@link #remainingSteps()} are run now (a run's first
         * report is where it resumed, so {@code done} may repeat, never going back).
         */
        void trained(TradeoffRun run, long done);

        void measured(TradeoffRun run, TradeoffPoint point);
    }

    private final TradeoffConfig config;

    public Tradeoff(Path dir, TradeoffConfig config) {
        super(dir, runs(dir, config));
        this.config = config;
    }

    /** The runs of a configuration, models outer, sizes inner: the order of the points in tradeoff.csv. */
    static List<TradeoffRun> runs(Path dir, TradeoffConfig config) {
        List<TradeoffRun> runs = new ArrayList<>();
        for (String m : config.models()) for (long n : config.trainSizes()) runs.add(new TradeoffRun(dir, m, n, config));
        return runs;
    }

    /** A fresh trade-off in {@code dir}: what earlier runs left in its run folders goes, and its config.json is written. */
    public static Tradeoff start(Path dir, TradeoffConfig config, Environment environment) throws IOException {
        RunRecord<TradeoffConfig> record = new RunRecord<>(COMMAND, config.validate(), environment);
        return fresh(new Tradeoff(dir, record.config()), record);
    }

    /** The trade-off started earlier in {@code dir}, with its saved configuration. */
    public static Tradeoff resume(Path dir) throws IOException {
        return new Tradeoff(dir, RunRecord.config(dir, COMMAND, TradeoffConfig.class).validate());
    }

    /** Trains and measures what each run still lacks, then writes {@code tradeoff.csv}. */
    @Override
    public TradeoffResult run(Backend backend, Progress progress) throws IOException {
        NearestErrorDistance attack = new NearestErrorAttack();
        ExactErrorMeasure exact = new ExactInnerRate();
        List<TradeoffPoint> points = new ArrayList<>();
        eachPart((r, done) -> points.addAll(r.run(backend, attack, exact, new TradeoffRun.Progress() {
            public void trained(long step) {
                progress.trained(r, done.applyAsLong(step));
            }

            public void measured(TradeoffPoint p) {
                progress.measured(r, p);
            }
        })));
        TradeoffResult result = TradeoffResult.of(config, points);
        result.write(dir);
        return result;
    }
}
