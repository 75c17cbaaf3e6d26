package spheres.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import spheres.engine.sweep.Sweep;
import spheres.engine.sweep.SweepConfig;
import spheres.engine.sweep.SweepPoint;
import spheres.engine.sweep.SweepResult;
import spheres.figures.Figures;

/** The dimension sweep: the highest input dimension where the trained net makes no error found (spec section 5 item 4). */
@Command(name = "sweep")
final class SweepCommand extends PresetRunCommand {
    @Option(names = "--dims", split = ",", paramLabel = "D")
    List<Integer> dims;

    @Option(names = "--max-iter", paramLabel = "N")
    Integer attackIters;

    @Option(names = "--step", paramLabel = "L")
    Float attackStep;

    @Override
    public Integer call() throws IOException {
        SweepConfig.Overrides given = new SweepConfig.Overrides(dims, width, batch, lr, steps, samples, attackStarts, attackIters,
                attackStep, seed());
        Sweep resumed = resuming(given.any()) ? Sweep.resume(dir()) : null;
        SweepConfig config = resume ? null : given.applyTo(SweepConfig.preset(preset));
        return run(Figures.Kind.SWEEP, (dir, environment) -> resume ? resumed : Sweep.start(dir, config, environment),
                (result, seconds) -> output.summary().printf(Locale.ROOT, "highest d without errors: %s (paper: about %d); %d dimensions "
                        + "in %.1f s; written %s: sweep.csv, sweep.json, figures/sweep.png%n", result.highestClean() == null ? "none"
                        : result.highestClean(), SweepResult.PAPER_HIGHEST_CLEAN, result.points().size(), seconds, dir()),
                bar -> new Sweep.Progress() {
                    public void trained(int dim, long done) {
                        bar.stepTo(done);
                        bar.message("d " + dim);
                    }

                    public void measured(SweepPoint p) {
                        bar.message(String.format(Locale.ROOT, "d %d: %d+%d sampled errors, attack %d/%d", p.dim(),
                                p.innerErrors(), p.outerErrors(), p.attackFound(), p.attackStarts()));
                    }
                });
    }
}
