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
@Command(name = "plot")
final class PlotCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN", descriptionKey = "RUN")
    Path run;

    @Option(names = "--only", split = ",", paramLabel = "KIND")
    List<String> only;

    @Option(names = "--format", defaultValue = "png", paramLabel = "FORMAT")
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
        if (r.count() == 0 && r.broken().size() == 1) throw r.broken().get(0);
        for (FormatException e : r.broken()) System.err.println("spheres: " + e.getMessage());
        if (r.count() == 0 && r.broken().isEmpty())
            throw new IllegalArgumentException(run + ": holds no saved figure data" + (only != null ? " of the kinds " + only : "")
                    + " (looked for " + Figures.SOURCES + ")");
        output.summary().printf(Locale.ROOT, "%d figures redrawn in %.1f s%s%n", r.count(), (System.nanoTime() - start) / 1e9,
                r.broken().isEmpty() ? "" : "; " + r.broken().size() + " not, their data broken (above)");
        return r.broken().isEmpty() ? ExitCodes.OK : ExitCodes.BAD_INPUT;
    }
}
