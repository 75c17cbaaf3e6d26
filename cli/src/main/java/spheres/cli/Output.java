package spheres.cli;

import java.io.Console;
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

    @Option(names = {"-q", "--quiet"})
    boolean quiet;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "WHEN")
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
        boolean draw = max > 0 && !quiet && (progress == When.always || progress == When.auto && terminal());
        return Progress.of(draw, task, max, unit, done);
    }

    /**
     * Whether we talk to a terminal: a console (JDK 17: stdin and stdout are terminals), and from JDK 22 on, where a
     * console exists when redirected too, its {@code isTerminal()} (called by name: the bytecode is for 17).
     */
    private static boolean terminal() {
        Console c = System.console();
        if (c == null) return false;
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(c);
        } catch (ReflectiveOperationException e) {
            return true; // before JDK 22 a console is a terminal
        }
    }

    Progress bar(String task, long max, String unit) {
        return bar(task, max, unit, 0);
    }
}
