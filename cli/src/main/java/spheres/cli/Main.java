package spheres.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import spheres.engine.DeviceUnavailableException;
import spheres.engine.io.FormatException;

/**
 * The {@code spheres} command: one subcommand per class, its help text in {@code Options.properties}. Errors are one
 * line on stderr and a named exit code ({@link ExitCodes}); {@code --verbose} adds the stack trace.
 */
// scope INHERIT: every subcommand gets --help and --version without repeating them.
@Command(name = "spheres", mixinStandardHelpOptions = true, versionProvider = Version.class, scope = CommandLine.ScopeType.INHERIT,
        resourceBundle = "spheres.cli.Options",
        subcommands = {InfoCommand.class, DevicesCommand.class, TrainCommand.class, EvalCommand.class, PredictCommand.class, AttackCommand.class,
                NormsCommand.class, SlicesCommand.class, QuadraticCommand.class, BoundCommand.class, TradeoffCommand.class, SweepCommand.class,
                ReproduceCommand.class, PlotCommand.class, BenchCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {
    /** Every subcommand inherits it, its value set here wherever it is given; the exception handler reads it. */
    @Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT)
    boolean verbose;

    /**
     * Earlier names of options, per command, kept for scripts: renamed to today's before parsing, so that commands declare
     * and help lists only today's; "" drops the name, its value staying as the positional ({@code quadratic --run X}).
     */
    static final Map<String, Map<String, String>> EARLIER = Map.of("attack", Map.of("--eps-step", "--step"), "norms",
            Map.of("--eps-step", "--step"), "sweep", Map.of("--attack-iters", "--max-iter", "--attack-step", "--step"),
            "tradeoff", Map.of("--eval-samples", "--samples"), "quadratic", Map.of("--run", ""));

    /** Held here: a logger nobody references may be collected, handler and all. */
    private static final Logger NOTES = Logger.getLogger("spheres");

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        showEngineNotes();
        Main main = new Main();
        CommandLine cl = new CommandLine(main);
        // The footers' examples and presets are written for 120 columns; a narrower terminal wraps them.
        cl.setUsageHelpWidth(120);
        cl.setUsageHelpAutoWidth(true);
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> report(e, cmd.getErr(), main.verbose));
        cl.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        try {
            return cl.execute(todays(args));
        } catch (Error e) { // picocli hands on Errors: they reach here, past the handler
            if (Arrays.asList(args).contains("--verbose")) e.printStackTrace();
            System.err.println("spheres: " + (e instanceof OutOfMemoryError ? "out of memory (the Java heap may grow to "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MiB): give the JVM more (SPHERES_JAVA_OPTS=-Xmx8g ./spheres ...) "
                    + "or ask for less (a smaller --batch, --width or -n)" : e + " (--verbose for the stack trace)"));
            return ExitCodes.FAILURE;
        }
    }

    /** {@code args} with {@link #EARLIER} names as today's (before a {@code --}, after which all is positional). */
    static String[] todays(String... args) {
        Map<String, String> renames = Arrays.stream(args).filter(a -> !a.startsWith("-")).findFirst().map(EARLIER::get).orElse(Map.of());
        List<String> now = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i], name = a.split("=", 2)[0], today = now.contains("--") ? null : renames.get(name);
            // a --run without a value after it stays, for picocli to refuse as before
            if (today == null || today.isEmpty() && name.equals(a) && (i + 1 == args.length || args[i + 1].startsWith("-"))) now.add(a);
            else if (!today.isEmpty()) now.add(today + a.substring(name.length()));
            else if (!name.equals(a)) now.add(a.substring(name.length() + 1)); // --run=X
        }
        return now.toArray(String[]::new);
    }

    /**
     * A command's exception as one line on {@code err} and its exit code: bad input, a missing device, a run that stopped
     * itself (e.g. a loss that became NaN) and an I/O failure in their own words; anything else, a bug, by its class.
     */
    private static int report(Exception e, PrintWriter err, boolean verbose) {
        if (verbose) e.printStackTrace(err);
        int code = e instanceof DeviceUnavailableException ? ExitCodes.NO_DEVICE
                : e instanceof IllegalArgumentException || e instanceof FormatException ? ExitCodes.BAD_INPUT : ExitCodes.FAILURE;
        String line = code != ExitCodes.FAILURE || e instanceof IllegalStateException ? e.getMessage()
                : e instanceof IOException io ? describe(io) : e + (verbose ? "" : " (--verbose for the stack trace)");
        err.println("spheres: " + line);
        return code;
    }

    /** An I/O failure in one line: the file and what happened, in words rather than an exception's class name. */
    static String describe(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException f) return f.getFile() + ": no such file or folder; check the path";
        if (e instanceof java.nio.file.AccessDeniedException f) return f.getFile() + ": permission denied; check its permissions";
        if (e instanceof java.nio.file.FileSystemException f)
            return f.getFile() + (f.getOtherFile() != null ? " -> " + f.getOtherFile() : "") + ": " + (f.getReason() != null ? f.getReason() : "failed");
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /**
     * The engine's notes (the {@code spheres} logger: a float64 file read as float32) as one line each on stderr, the
     * stderr of the moment (tests swap it), instead of java.util.logging's two-line records.
     */
    private static void showEngineNotes() {
        NOTES.setUseParentHandlers(false);
        for (Handler h : NOTES.getHandlers()) NOTES.removeHandler(h);
        NOTES.addHandler(new Handler() {
            @Override
            public void publish(LogRecord r) {
                if (isLoggable(r)) System.err.println("spheres: " + r.getMessage());
            }

            @Override
            public void flush() {
                System.err.flush();
            }

            @Override
            public void close() {}
        });
    }
}
