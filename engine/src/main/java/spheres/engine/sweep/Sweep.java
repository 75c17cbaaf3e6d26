package spheres.engine.sweep;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import spheres.engine.Backend;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.PresetRun;
import spheres.engine.experiment.RunRecord;

/**
 * The dimension sweep (spec section 5 item 4): one {@link DimensionRun} per d, in the order given; finished ones are
 * read back, not redone.
 */
public final class Sweep extends PresetRun<DimensionRun, Sweep.Progress, SweepResult> {
    /** The command name in {@code config.json}. */
    public static final String COMMAND = "sweep";

    /** Called as a dimension trains and when it is measured (for a progress bar). */
    public interface Progress {
        /** Dimension {@code dim} trained a step: {@code done} of the sweep's {@link #remainingSteps()} are run now (1, 2, ...). */
        void trained(int dim, long done);

        void measured(SweepPoint point);
    }

    private final SweepConfig plan;

    public Sweep(Path dir, SweepConfig plan) {
        super(dir, plan.dims().stream().map(d -> new DimensionRun(dir, d, plan)).toList());
        this.plan = plan;
    }

    /** A fresh sweep in {@code dir}: what earlier runs left in its dimensions' folders goes, and its config.json is written. */
    public static Sweep start(Path dir, SweepConfig config, Environment environment) throws IOException {
        RunRecord<SweepConfig> record = new RunRecord<>(COMMAND, config.validate(), environment);
        return fresh(new Sweep(dir, record.config()), record);
    }

    /** The sweep started earlier in {@code dir}, with its saved configuration. */
    public static Sweep resume(Path dir) throws IOException {
        return new Sweep(dir, RunRecord.config(dir, COMMAND, SweepConfig.class).validate());
    }

    /** Runs every dimension (the finished ones read back), then writes {@link SweepResult}'s files into the folder. */
    @Override
    public SweepResult run(Backend backend, Progress progress) throws IOException {
        List<SweepPoint> points = new ArrayList<>();
        eachPart((r, done) -> {
            SweepPoint p = r.run(backend, step -> progress.trained(r.dim(), done.applyAsLong(step)));
            points.add(p);
            progress.measured(p);
        });
        SweepResult result = SweepResult.of(plan, points);
        result.write(dir);
        return result;
    }

    /**
     * The highest dimension where neither sampling nor the attack found an error (the paper's "about 60"), or null
     * when every dimension erred. Higher dimensions that erred do not hide it, and a clean one above an erring one
     * counts: the figure is read off the measured list as it stands.
     */
    public static Integer highestClean(List<SweepPoint> points) {
        Integer best = null;
        for (SweepPoint p : points) if (p.clean() && (best == null || p.dim() > best)) best = p.dim();
        return best;
    }
}
