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
import spheres.engine.tradeoff.Tradeoff;
import spheres.engine.tradeoff.TradeoffConfig;
import spheres.engine.tradeoff.TradeoffPoint;
import spheres.engine.tradeoff.TradeoffResult;
import spheres.engine.tradeoff.TradeoffRun;
import spheres.figures.Figures;
import spheres.figures.Format;

/** The paper's trade-off figure: error rate against distance to the nearest error, for three models (spec section 7). */
@Command(name = "tradeoff", description = "Trains the ReLU net with and without batch norm and the quadratic net at several training-set sizes and "
        + "measures each at log-spaced checkpoints: mu(E) by sampling the inner sphere, d(E) by the nearest-error "
        + "attack. Writes tradeoff.csv and figures/tradeoff.png (with the optimal curve); resumable. Presets: quick "
        + "(default; a few minutes on two cores) and paper (the paper's scale: hours on a CPU). Each flag overrides "
        + "its preset's value, shown as (quick / paper).",
        footer = {"", "Examples:",
                "  ./spheres tradeoff                           # quick preset, runs/tradeoff-quick",
                "  ./spheres tradeoff --resume --out runs/tradeoff-quick",
                "  ./spheres tradeoff --models quadratic --train-sizes 1000,online --steps 2000",
                "  ./spheres tradeoff --preset paper --out runs/tradeoff-paper"})
final class TradeoffCommand extends ResultCommand {
    @Mixin
    PresetRunOptions run;

    @Option(names = "--models", split = ",", paramLabel = "M", description = "Among relu-bn, relu (2 hidden layers, no batch norm), quadratic (default: all three).")
    List<String> models;

    @Option(names = "--train-sizes", split = ",", paramLabel = "N", description = "Training-set sizes, 'online' (or 0) for a fresh batch every step (100,1000,10000,online / 1e3,1e4,1e5,1e6,online).")
    List<String> trainSizes;

    @Option(names = "--dim", description = "Input dimension d (50 / 500).")
    Integer dim;

    @Option(names = "--width", description = "ReLU nets: hidden width (100 / 1000).")
    Integer width;

    @Option(names = "--hidden", description = "Quadratic net: hidden units h (100 / 1000).")
    Integer hidden;

    @Option(names = "--batch", description = "Batch size (50 / 50).")
    Integer batch;

    @Option(names = "--lr", description = "Adam learning rate (1e-3 / 1e-4).")
    Float lr;

    @Option(names = "--steps", description = "Training steps per run, the last checkpoint (4000 / 1000000).")
    Long steps;

    @Option(names = "--checkpoints", description = "Measured checkpoints per run, log-spaced (8 / 12).")
    Integer checkpoints;

    @Option(names = "--first-checkpoint", paramLabel = "STEP", description = "The first measured step (25 / 100).")
    Long firstCheckpoint;

    @Option(names = {"-n", "--samples"}, paramLabel = "N", description = "Inner-sphere samples per checkpoint for mu(E) (100000 / 10000000).")
    Long evalSamples;

    /** The earlier name of --samples, kept for scripts. */
    @Option(names = "--eval-samples", hidden = true)
    void evalSamples(long n) {
        evalSamples = n;
    }

    @Option(names = "--min-errors", paramLabel = "K", description = "Errors needed to call a sampled mu measurable (10 / 10).")
    Long minErrors;

    @Option(names = "--attack-starts", paramLabel = "N", description = "Random inner points the nearest-error attack starts from (100 / 1000).")
    Integer attackStarts;

    @Override
    public Integer call() throws IOException {
        TradeoffConfig.Overrides given = new TradeoffConfig.Overrides(models, trainSizes, dim, width, hidden, batch, lr, steps, checkpoints,
                firstCheckpoint, evalSamples, minErrors, attackStarts, run.seed());
        boolean resume = run.resuming(given.any());
        Tradeoff tradeoff = resume ? Tradeoff.resume(run.dir()) : null;
        TradeoffConfig config = resume ? null : given.applyTo(TradeoffConfig.preset(run.preset));
        try (Backend backend = runtime.open()) { // a bad --device or --threads is refused before the folder is made
            Path dir = run.folder();
            if (!resume) tradeoff = Tradeoff.start(dir, config, environment(backend));
            long start = System.nanoTime();
            TradeoffResult result;
            try (Progress bar = output.bar("tradeoff", tradeoff.remainingSteps(), "steps")) {
                result = tradeoff.run(backend, new Tradeoff.Progress() {
                    public void trained(TradeoffRun r, long step) {
                        bar.stepIn(r, step, false); // the first call of a run reports where it resumed
                    }

                    public void measured(TradeoffRun r, TradeoffPoint p) {
                        bar.message(r.dir().getFileName() + " step " + p.step() + ": mu " + p.muText());
                    }
                });
            }
            output.result(result);
            PrintStream say = output.summary();
            say.print(result.table());
            Figures.draw(dir, Figures.Kind.TRADEOFF, Format.PNG);
            say.printf(Locale.ROOT, "%d points in %.1f s; written %s: tradeoff.csv, figures/tradeoff.png%n", result.rows().size(),
                    (System.nanoTime() - start) / 1e9, dir);
        }
        return ExitCodes.OK;
    }
}
