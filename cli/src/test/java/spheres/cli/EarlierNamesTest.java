package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The earlier option names scripts may still pass ({@link Main#EARLIER}): renamed to today's, and only where they belong. */
class EarlierNamesTest {
    @Test
    void earlierNamesBecomeTodaysInTheirCommandOnly() {
        assertArrayEquals(new String[] {"attack", "run", "--step", "0.1", "--step=0.2"},
                Main.todays("attack", "run", "--eps-step", "0.1", "--eps-step=0.2"));
        assertArrayEquals(new String[] {"--verbose", "sweep", "--max-iter", "5", "--step=0.01"},
                Main.todays("--verbose", "sweep", "--attack-iters", "5", "--attack-step=0.01"));
        assertArrayEquals(new String[] {"quadratic", "runs/q", "-n", "10"}, Main.todays("quadratic", "--run", "runs/q", "-n", "10"));
        assertArrayEquals(new String[] {"quadratic", "runs/q"}, Main.todays("quadratic", "--run=runs/q"));
        // --run with no value after it stays, so picocli refuses it instead of running --fractions
        assertArrayEquals(new String[] {"quadratic", "--run", "--fractions"}, Main.todays("quadratic", "--run", "--fractions"));
        assertArrayEquals(new String[] {"quadratic", "--run"}, Main.todays("quadratic", "--run"));
        // another command's earlier name is left for picocli to refuse; after -- everything is positional
        assertArrayEquals(new String[] {"train", "--eps-step", "1"}, Main.todays("train", "--eps-step", "1"));
        assertArrayEquals(new String[] {"attack", "--", "--eps-step"}, Main.todays("attack", "--", "--eps-step"));
    }

    /** Each earlier name is no longer declared, and its new name (but the positional's "") is an option of its command. */
    @Test
    void theTableNamesTodaysOptions() {
        CommandLine root = new CommandLine(new Main());
        for (Map.Entry<String, Map<String, String>> command : Main.EARLIER.entrySet()) {
            CommandLine.Model.CommandSpec spec = root.getSubcommands().get(command.getKey()).getCommandSpec();
            for (Map.Entry<String, String> rename : command.getValue().entrySet()) {
                assertNull(spec.findOption(rename.getKey()), command.getKey() + " declares " + rename.getKey() + " again");
                if (!rename.getValue().isEmpty())
                    assertNotNull(spec.findOption(rename.getValue()), command.getKey() + " has no " + rename.getValue());
            }
        }
    }
}
