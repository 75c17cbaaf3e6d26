package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command's help: printed whole (the root list shows each command's full summary, ending with a full stop), with
 * nothing on stderr (picocli warns there about an unescaped % in a description), and {@code -V} names a version.
 */
class HelpTest {
    @Test
    void everyHelpIsWholeAndQuiet() {
        StringBuilder err = new StringBuilder(), out = new StringBuilder();
        assertEquals(0, CliRun.run(err, out, "--help"));
        assertEquals("", err.toString(), "root --help wrote to stderr");
        // The root list: a command's summary starts on its name's line and goes on over indented lines.
        List<String> summaries = new ArrayList<>();
        boolean inList = false;
        for (String line : out.toString().lines().toList()) {
            if (line.equals("Commands:")) inList = true;
            else if (inList && line.isBlank()) break;
            else if (inList && line.matches("  \\S.*")) summaries.add(line.strip());
            else if (inList) summaries.set(summaries.size() - 1, summaries.get(summaries.size() - 1) + " " + line.strip());
        }
        List<String> names = new ArrayList<>(new CommandLine(new Main()).getSubcommands().keySet());
        assertEquals(names.size(), summaries.size(), out.toString());
        for (String s : summaries) assertTrue(s.endsWith("."), "summary cut short: " + s);
        for (String name : names) {
            err.setLength(0);
            out.setLength(0);
            assertEquals(0, CliRun.run(err, out, name, "--help"), name);
            assertEquals("", err.toString(), name + " --help wrote to stderr");
            if (!name.equals("help")) assertTrue(out.toString().startsWith("Usage: spheres " + name), name + ": " + out); // picocli's own
        }
        out.setLength(0);
        assertEquals(0, CliRun.run(err, out, "-V"));
        assertTrue(out.toString().matches("spheres \\S+.*, git \\S+, on JDK \\S+\\R"), out.toString());
    }
}
