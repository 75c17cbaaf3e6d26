package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The {@code spheres} launcher rebuilds the CLI when a source it is built from changed: its list of modules must be
 * every module of the build but those the CLI does not include (spark, bench), or an edit to a new module would run
 * a stale jar.
 */
class LauncherTest {
    @Test
    void theLauncherWatchesEveryModuleTheCliIsBuiltFrom() throws Exception {
        String launcher = Files.readString(Path.of("../spheres"));
        Matcher watched = Pattern.compile("\"\\$root\"/\\{([a-z,]+)\\}/src/main").matcher(launcher);
        assertTrue(watched.find(), "the launcher's staleness check lists its modules as \"$root\"/{a,b}/src/main");
        Set<String> modules = new TreeSet<>();
        Matcher m = Pattern.compile("<module>([a-z]+)</module>").matcher(Files.readString(Path.of("../pom.xml")));
        while (m.find()) modules.add(m.group(1));
        modules.removeAll(Set.of("spark", "bench"));
        assertEquals(modules, new TreeSet<>(Set.of(watched.group(1).split(","))));
    }
}
