package spheres.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
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
@Command(name = "tradeoff")
final class TradeoffCommand extends PresetRunCommand {
    @Option(names = "--models", split = ",", paramLabel = "M")
    List<String> models;

    @Option(names = "--train-sizes", split = ",", paramLabel = "N")
    List<String> trainSizes;

    @Option(names = "--dim")
    Integer dim;

    @Option(names = "--width")
    Integer width;

    @Option(names = "--hidden")
    Integer hidden;

    @Option(names = "--batch")
    Integer batch;

    @Option(names = "--lr")
    Float lr;

    @Option(names = "--steps")
    Long steps;

    @Option(names = "--checkpoints")
    Integer checkpoints;

    @Option(names = "--first-checkpoint", paramLabel = "STEP")
    Long firstCheckpoint;

    @Option(names = {"-n", "--samples"}, paramLabel = "N")
    Long evalSamples;

    /** The earlier name of --samples, kept for scripts. */
    @Option(names = "--eval-samples", hidden = true)
    void evalSamples(long n) {
        evalSamples = n;
    }

    @Option(names = "--min-errors", paramLabel = "K")
    Long minErrors;

    @Option(names = "--attack-starts", paramLabel = "N")
    Integer attackStarts;

    @Override
    public Integer call() throws IOException {
        TradeoffConfig.Overrides given = new TradeoffConfig.Overrides(models, trainSizes, dim, width, hidden, batch, lr, steps, checkpoints,
                firstCheckpoint, evalSamples, minErrors, attackStarts, seed());
        Tradeoff tradeoff = resuming(given.any()) ? Tradeoff.resume(dir()) : null;
        TradeoffConfig config = resume ? null : given.applyTo(TradeoffConfig.preset(preset));
        try (Backend backend = runtime.open()) { // a bad --device or --threads is refused before the folder is made
            Path dir = folder();
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
