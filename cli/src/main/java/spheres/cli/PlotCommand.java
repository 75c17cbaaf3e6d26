package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import spheres.engine.io.FormatException;
import spheres.figures.Figures;
import spheres.figures.Format;

/**
 * Redraws the figures of a run folder from the data its commands saved, without running a model: after a change of
 * style, or on a run copied from another machine. A reproduce run is searched to the depth of its stages' folders.
 */
@Command(name = "plot", description = "Redraw every figure of a run folder (or of every stage of a reproduce run) from its saved data.",
        footer = {"", "Each figure is drawn from the files beside it: slices/*.npy and slices.json,",
                "norms.json, alphas.csv with quadratic.json, train.csv (quadratic net),",
                "fractions.csv, bound.csv, a tradeoff run's points.json, sweep.json. The PNGs go",
                "to each folder's figures/, replacing the earlier ones.", "",
                "Examples:",
                "  ./spheres plot runs/reproduce-quick                # every stage's figures",
                "  ./spheres plot runs/reproduce-quick --only slices  # the slices only",
                "  ./spheres plot runs/relu"})
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", description = "A run folder of any command, or a reproduce run.")
    Path run;

    @Option(names = "--only", split = ",", paramLabel = "KIND", description = "Redraw only these kinds: slices, norms, alphas, losses, "
            + "fractions, bound, tradeoff, sweep (default: all).")
    List<String> only;

    @Option(names = "--format", defaultValue = "png", paramLabel = "FORMAT",
            description = "png, svg or pdf: the charts as vectors for a paper (the slices are pixels: PNG always) (default: ${DEFAULT-VALUE}).")
    String format;

    @Mixin
    Output output;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(run)) throw new IllegalArgumentException(run + ": no such run folder");
        List<Figures.Kind> kinds = (only != null ? only : Figures.Kind.NAMES).stream().map(Figures.Kind::parse).toList();
        Format f = Format.parse(format);
        long start = System.nanoTime();
        Figures.Redrawn r = Figures.redraw(run, kinds, f, figure -> output.summary().println("redrawn " + figure));
        int count = r.count();
        List<FormatException> broken = r.broken();
        if (count == 0 && broken.size() == 1) throw broken.get(0);
        for (FormatException e : broken) System.err.println("spheres: " + e.getMessage());
        if (count == 0 && broken.isEmpty())
            throw new IllegalArgumentException(run + ": holds no saved figure data" + (only != null ? " of the kinds " + only : "")
                    + " (looked for " + Figures.SOURCES + ")");
        output.summary().printf(Locale.ROOT, "%d figures redrawn in %.1f s%s%n", count, (System.nanoTime() - start) / 1e9,
                broken.isEmpty() ? "" : "; " + broken.size() + " not, their data broken (above)");
        return broken.isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
