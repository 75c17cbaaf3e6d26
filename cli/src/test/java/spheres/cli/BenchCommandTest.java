package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.profile.Profile;

class BenchCommandTest {
    @TempDir
    Path dir;

    @Test
    void profilesSavesAndCompares() throws Exception {
        Path a = dir.resolve("a.json");
        StringBuilder err = new StringBuilder(), out = new StringBuilder();
        assertEquals(0, CliRun.run(err, out, "bench", "--quick", "--threads", "1", "--only", "gaussian,peak", "--json", a.toString()), err.toString());
        Profile p = Profile.read(a);
        assertEquals("FMA peak", p.results().get(0).workload());
        assertTrue(p.results().get(p.results().size() - 1).median() > 0);
        assertTrue(out.toString().contains("Gaussian draws"), out.toString());
        // The FMA yardstick beside the same chains in C (gcc is on CI's machines), read as a ratio.
        String c = out.toString().lines().filter(l -> l.startsWith("FMA peak (C, ")).findFirst().orElse("");
        if (c.isEmpty()) {
            assertEquals(2, p.results().size());
            assertTrue(out.toString().contains("C yardsticks: no C yardsticks"), out.toString());
        } else {
            assertEquals(3, p.results().size());
            assertEquals(p.results().get(1).workload(), c.substring(0, c.indexOf(')') + 1));
            assertTrue(c.contains("Java/C ") && p.results().get(1).median() > 0, c);
        }

        out.setLength(0);
        assertEquals(0, CliRun.run(err, out, "bench", "--quick", "--threads", "1", "--only", "gaussian", "--compare", a.toString()), err.toString());
        assertTrue(out.toString().contains("workloads slower beyond the spread"), out.toString());

        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "bench", "--threads", "0"));
        assertTrue(err.toString().strip().equals("spheres: --threads 0: must be >= 1"), err.toString());
        err.setLength(0);
        assertEquals(3, CliRun.run(err, null, "bench", "--json", a.toString()));
        assertTrue(err.toString().contains("pass --force"), err.toString());
    }
}
