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
@Command(name = "bound", description = "The optimal mean distance d_opt(mu) from a uniform point of the unit sphere to an error set of measure "
        + "mu: a spherical cap, by isoperimetry. Exact integral, Gaussian approximation (z Phi(z) + phi(z)) / "
        + "sqrt(d), cap threshold a(mu). Writes bound.csv, bound.json, config.json and figures/bound.png.",
        footer = {"", "Examples:",
                "  ./spheres bound                        # d = 500, mu from 0.5 to 1e-30",
                "  ./spheres bound --dim 100,500,10000 --out runs/bound-dims",
                "  ./spheres bound --mu 0.5,1e-2,1e-10 --force"})
final class BoundCommand implements Callable<Integer> {
    @Option(names = "--dim", split = ",", defaultValue = "500", paramLabel = "D",
            description = "Dimension(s) d of the space, 2 .. 100000, comma-separated (default: ${DEFAULT-VALUE}).")
    int[] dims;

    @Option(names = "--mu", split = ",", paramLabel = "MU",
            description = "Error measures to tabulate, comma-separated, in [1e-300, 1); replaces the grid.")
    double[] mus;

    @Option(names = "--mu-max", paramLabel = "MU", defaultValue = "0.5", description = "Grid: largest mu (default: ${DEFAULT-VALUE}).")
    double muMax;

    @Option(names = "--mu-min", paramLabel = "MU", defaultValue = "1e-30", description = "Grid: smallest mu (default: ${DEFAULT-VALUE}).")
    double muMin;

    @Option(names = "--per-decade", paramLabel = "N", defaultValue = "4", description = "Grid: points per decade of mu (default: ${DEFAULT-VALUE}).")
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
