package spheres.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.sweep.Sweep;
import spheres.engine.sweep.SweepConfig;
import spheres.engine.sweep.SweepPoint;
import spheres.engine.sweep.SweepResult;
import spheres.figures.Figures;
import spheres.figures.Format;

/** The dimension sweep: the highest input dimension where the trained net makes no error found (spec section 5 item 4). */
@Command(name = "sweep", description = "Trains the same ReLU net (2 hidden layers, batch norm, online data) at each input dimension d, then "
        + "samples both spheres and runs the nearest-error attack from points of both; reports the highest d where "
        + "neither finds an error (the paper: about 60). Writes d-<d>/model.safetensors, sweep.csv, sweep.json and "
        + "figures/sweep.png; resumable per d. Presets: quick (default; widths 200, Adam 3e-4, 20000 steps, 200000 "
        + "samples per sphere, 100 attack starts of 1000 steps of 0.005: a few minutes on two cores) and paper "
        + "(widths 1000, Adam 1e-4, 1000000 steps, 10000000 samples per sphere, 1000 starts of 5000 steps of 0.002: "
        + "days on a CPU). Each flag overrides its preset's value, shown as (quick / paper).",
        footer = {"", "Examples:",
                "  ./spheres sweep                              # quick preset, runs/sweep-quick",
                "  ./spheres sweep --resume --out runs/sweep-quick",
                "  ./spheres sweep --dims 2,10,50,100 --steps 1000 --out runs/sweep-small",
                "  ./spheres sweep --preset paper --out runs/sweep-paper"})
final class SweepCommand extends ResultCommand {
    @Mixin
    PresetRunOptions run;

    @Option(names = "--dims", split = ",", paramLabel = "D", description = "Input dimensions (default: 2,5,10,20,30,40,50,60,70,80,100,200,500).")
    List<Integer> dims;

    @Option(names = "--width", description = "Hidden width of both layers (200 / 1000).")
    Integer width;

    @Option(names = "--batch", description = "Batch size (50 / 50).")
    Integer batch;

    @Option(names = "--lr", description = "Adam learning rate (3e-4 / 1e-4).")
    Float lr;

    @Option(names = "--steps", description = "Training steps per dimension (20000 / 1000000).")
    Long steps;

    @Option(names = {"-n", "--samples"}, paramLabel = "N", description = "Uniform samples per sphere and dimension (200000 / 10000000).")
    Long samples;

    @Option(names = "--attack-starts", paramLabel = "N", description = "Attack starts per dimension, half on each sphere; 0: no attack (100 / 1000).")
    Integer attackStarts;

    @Option(names = "--max-iter", paramLabel = "N", description = "Attack steps per start at most (1000 / 5000).")
    Integer attackIters;

    @Option(names = "--step", paramLabel = "L", description = "L2 length of each attack step (0.005 / 0.002).")
    Float attackStep;

    /** The earlier names of --max-iter and --step, kept for scripts. */
    @Option(names = "--attack-iters", hidden = true)
    void attackIters(int n) {
        attackIters = n;
    }

    @Option(names = "--attack-step", hidden = true)
    void attackStep(float l) {
        attackStep = l;
    }

    @Override
    public Integer call() throws IOException {
        SweepConfig.Overrides given = new SweepConfig.Overrides(dims, width, batch, lr, steps, samples, attackStarts, attackIters,
                attackStep, run.seed());
        boolean resume = run.resuming(given.any());
        Sweep sweep = resume ? Sweep.resume(run.dir()) : null;
        SweepConfig config = resume ? null : given.applyTo(SweepConfig.preset(run.preset));
        try (Backend backend = runtime.open()) { // a bad --device or --threads is refused before the folder is made
            Path dir = run.folder();
            if (!resume) sweep = Sweep.start(dir, config, environment(backend));
            long start = System.nanoTime();
            SweepResult result;
            try (Progress bar = output.bar("sweep", sweep.remainingSteps(), "steps")) {
                result = sweep.run(backend, new Sweep.Progress() {
                    public void trained(int dim, long step) {
                        bar.stepIn(dim, step, true);
                        bar.message("d " + dim);
                    }

                    public void measured(SweepPoint p) {
                        bar.message(String.format(Locale.ROOT, "d %d: %d+%d sampled errors, attack %d/%d", p.dim(),
                                p.innerErrors(), p.outerErrors(), p.attackFound(), p.attackStarts()));
                    }
                });
            }
            output.result(result);
            PrintStream say = output.summary();
            say.print(result.table());
            Figures.draw(dir, Figures.Kind.SWEEP, Format.PNG);
            say.printf(Locale.ROOT, "highest d without errors: %s (paper: about %d); %d dimensions in %.1f s; written %s: sweep.csv, "
                    + "sweep.json, figures/sweep.png%n", result.highestClean() == null ? "none" : result.highestClean(),
                    SweepResult.PAPER_HIGHEST_CLEAN, result.points().size(), (System.nanoTime() - start) / 1e9, dir);
        }
        return ExitCodes.OK;
    }
}
