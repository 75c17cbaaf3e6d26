package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every command's help: printed whole (the root list shows each command's full summary, ending with a full stop, and
 * each command ends with its examples), with nothing on stderr (picocli warns there about an unescaped % in a
 * description), every option described from its own key in {@code Options.properties}, and {@code -V} names a version.
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
            if (name.equals("help")) continue; // picocli's own
            assertTrue(out.toString().startsWith("Usage: spheres " + name), name + ": " + out);
            List<String> lines = out.toString().lines().toList();
            int examples = lines.indexOf("Examples:");
            assertTrue(examples > 0 && lines.get(examples + 1).startsWith("  ./spheres "), name + ": no examples at the end: " + out);
        }
        out.setLength(0);
        assertEquals(0, CliRun.run(err, out, "-V"));
        assertTrue(out.toString().matches("spheres \\S+.*, git \\S+, on JDK \\S+\\R"), out.toString());
    }

    /**
     * A help text is in {@code Options.properties}, and a key missing there leaves it empty without a word from picocli:
     * every option and positional parameter shown must have a description, and a command's own ones must have their
     * command's key (spheres.bench.json), so that a key the mixins share (json) never stands in for one of them.
     */
    @Test
    void everyOptionIsDescribedByItsOwnKey() {
        ResourceBundle bundle = ResourceBundle.getBundle("spheres.cli.Options");
        CommandLine root = new CommandLine(new Main());
        List<CommandSpec> commands = new ArrayList<>(List.of(root.getCommandSpec()));
        for (int i = 0; i < commands.size(); i++) commands.get(i).subcommands().values().forEach(c -> commands.add(c.getCommandSpec()));
        for (CommandSpec command : commands) {
            for (ArgSpec arg : command.args()) {
                if (arg.hidden()) continue;
                String key = arg.descriptionKey() != null && !arg.descriptionKey().isEmpty() ? arg.descriptionKey()
                        : arg instanceof OptionSpec o ? o.longestName().replaceFirst("^-+", "") : arg.paramLabel();
                String name = command.qualifiedName() + " " + key;
                assertTrue(Arrays.stream(arg.description()).anyMatch(line -> !line.isBlank()), name + ": no description in Options.properties");
                // declared by the subcommand's class or a superclass of it (PresetRunCommand's), not a mixin, not Main's
                // --verbose, not picocli's help command
                boolean own = command.parent() != null && command.userObject().getClass().getPackage() == Main.class.getPackage()
                        && arg.userObject() instanceof Member m && m.getDeclaringClass().isAssignableFrom(command.userObject().getClass());
                String qualified = command.qualifiedName(".") + "." + key;
                if (own) assertTrue(bundle.containsKey(qualified) || bundle.containsKey(qualified + ".0"), name + ": no key " + qualified);
            }
        }
    }
}
