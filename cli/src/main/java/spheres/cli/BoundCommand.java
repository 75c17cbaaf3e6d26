package spheres.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.experiment.Bound;
import spheres.figures.Figures;
import spheres.figures.Format;

/** The theorem's optimal trade-off between error measure and distance to the nearest error (spec section 7). */
@Command(name = "bound")
final class BoundCommand implements Callable<Integer> {
    @Option(names = "--dim", split = ",", defaultValue = "500", paramLabel = "D")
    int[] dims;

    @Option(names = "--mu", split = ",", paramLabel = "MU")
    double[] mus;

    @Option(names = "--mu-max", paramLabel = "MU", defaultValue = "0.5")
    double muMax;

    @Option(names = "--mu-min", paramLabel = "MU", defaultValue = "1e-30")
    double muMin;

    @Option(names = "--per-decade", paramLabel = "N", defaultValue = "4")
    int perDecade;

    @Mixin
    OutOptions out;

    @Mixin
    ResultOutput output;

    @Override
    public Integer call() throws IOException {
        Bound.Config config = mus != null ? Bound.Config.of(dims, mus) : Bound.Config.grid(dims, muMax, muMin, perDecade);
        Bound.Result result = Bound.run(config); // every value checked before the run folder is touched
        Path run = out.folder(Path.of("runs", "bound"));
        Bound.write(run, config, result);
        Figures.draw(run, Figures.Kind.BOUND, Format.PNG);
        output.result(result.points());
        PrintStream say = output.summary();
        say.print(result.table());
        say.println("written " + run + ": bound.csv, bound.json, config.json, figures/bound.png");
        return ExitCodes.OK;
    }
}
