package spheres.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in process for tests: returns the exit code, appends stderr to {@code err} and stdout to {@code out}. */
final class CliRun {
    private CliRun() {}

    static int run(StringBuilder err, StringBuilder out, String... args) {
        PrintStream oldErr = System.err, oldOut = System.out;
        ByteArrayOutputStream e = new ByteArrayOutputStream(), o = new ByteArrayOutputStream();
        try {
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            return Main.run(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
            err.append(e.toString(StandardCharsets.UTF_8));
            if (out != null) out.append(o.toString(StandardCharsets.UTF_8));
        }
    }
}
