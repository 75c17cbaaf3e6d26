package spheres.cli;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import spheres.engine.tradeoff.Tradeoff;
import spheres.engine.tradeoff.TradeoffConfig;
import spheres.engine.tradeoff.TradeoffPoint;
import spheres.engine.tradeoff.TradeoffRun;
import spheres.figures.Figures;

/** The paper's trade-off figure: error rate against distance to the nearest error, for three models (spec section 7). */
@Command(name = "tradeoff")
final class TradeoffCommand extends PresetRunCommand {
    @Option(names = "--models", split = ",", paramLabel = "M")
    List<String> models;

    @Option(names = "--train-sizes", split = ",", paramLabel = "N")
    List<String> trainSizes;

    @Option(names = "--dim")
    Integer dim;

    @Option(names = "--hidden")
    Integer hidden;

    @Option(names = "--checkpoints")
    Integer checkpoints;

    @Option(names = "--first-checkpoint", paramLabel = "STEP")
    Long firstCheckpoint;

    @Option(names = "--min-errors", paramLabel = "K")
    Long minErrors;

    @Override
    public Integer call() throws IOException {
        TradeoffConfig.Overrides given = new TradeoffConfig.Overrides(models, trainSizes, dim, width, hidden, batch, lr, steps, checkpoints,
                firstCheckpoint, samples, minErrors, attackStarts, seed());
        Tradeoff resumed = resuming(given.any()) ? Tradeoff.resume(dir()) : null;
        TradeoffConfig config = resume ? null : given.applyTo(TradeoffConfig.preset(preset));
        return run(Figures.Kind.TRADEOFF, (dir, environment) -> resume ? resumed : Tradeoff.start(dir, config, environment),
                (result, seconds) -> output.summary().printf(Locale.ROOT, "%d points in %.1f s; written %s: tradeoff.csv, "
                        + "figures/tradeoff.png%n", result.rows().size(), seconds, dir()),
                bar -> new Tradeoff.Progress() {
                    public void trained(TradeoffRun r, long done) {
                        bar.stepTo(done);
                    }

                    public void measured(TradeoffRun r, TradeoffPoint p) {
                        bar.message(r.dir().getFileName() + " step " + p.step() + ": mu " + p.muText());
                    }
                });
    }
}
