package spheres.cli;

import java.io.OutputStream;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/**
 * Where a command's words go, as git and gh do it: stdout carries data only, the human summary and the progress bars go
 * to stderr. Every command mixes this in; a command that writes a result mixes in {@link ResultOutput}, which adds
 * {@code --json}.
 */
class Output {
    enum When { auto, always, never }

    static final PrintStream NOWHERE = new PrintStream(OutputStream.nullOutputStream());

    @Option(names = {"-q", "--quiet"}, description = "No summary and no progress on stderr (errors still show).")
    boolean quiet;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "WHEN",
            description = "Progress bars on stderr: auto (only on a terminal), always or never (default: ${DEFAULT-VALUE}).")
    When progress;

    /** The stream of the human summary: stderr, or nowhere with {@code --quiet}. */
    PrintStream summary() {
        return quiet ? NOWHERE : System.err;
    }

    /**
     * A progress bar, drawn on stderr where {@code --progress} and {@code --quiet} allow it (a terminal, by default) and
     * there is something to count.
     */
    Progress bar(String task, long max, String unit, long done) {
        boolean draw = max > 0 && !quiet && (progress == When.always || progress == When.auto && System.console() != null);
        return Progress.of(draw, task, max, unit, done);
    }

    Progress bar(String task, long max, String unit) {
        return bar(task, max, unit, 0);
    }
}
