package spheres.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfileTest {
    @TempDir
    Path dir;

    private Profile example() throws Exception {
        Path file = dir.resolve("example.json");
        try (var in = getClass().getResourceAsStream("example.json")) {
            Files.copy(in, file);
        }
        return Profile.read(file);
    }

    /** A profile saved by an earlier version still reads: the schema is a contract. */
    @Test
    void aSavedExampleReads() throws Exception {
        Profile p = example();
        assertEquals("spheres-bench/1", p.schema());
        assertEquals(2, p.results().size());
        Measurement train = p.results().get(1);
        assertEquals("train step ReLU+BN (batch 50)", train.workload());
        assertEquals(100.0, train.median());
        assertEquals(0.01, train.spread(), 1e-12);
        assertEquals(3.28, p.projections().get(0).totalHours(), 1e-12);
        assertEquals(16, p.machine().simdLanes());

        Path again = dir.resolve("again.json");
        p.write(again);
        assertEquals(p, Profile.read(again), "write then read gives the same profile");
    }

    @Test
    void aPlantedSlowdownOfTwentyPercentIsFlagged() throws Exception {
        Profile before = example();
        Measurement fma = before.results().get(0), train = before.results().get(1);
        Measurement slower = new Measurement(train.workload(), train.device(), 1, train.unit(), 80, 79, 81, 3, 0);
        Measurement same = new Measurement(fma.workload(), fma.device(), 1, fma.unit(), 158, 150, 165, 3, 0);
        Profile after = new Profile(Profile.SCHEMA, "later", before.machine(), true, List.of(same, slower), List.of());
        List<Profile.Change> changes = before.compare(after, 0.05);
        assertEquals(2, changes.size());
        assertEquals("same", changes.get(0).verdict(), "a 1% change within a 10% spread is noise");
        assertEquals("SLOWER", changes.get(1).verdict());
        assertEquals(-0.2, changes.get(1).change(), 1e-12);
        // the same slowdown hidden in a wide spread is not flagged
        Measurement noisy = new Measurement(train.workload(), train.device(), 1, train.unit(), 80, 40, 120, 3, 0);
        assertEquals("same", before.compare(new Profile(Profile.SCHEMA, "x", before.machine(), true, List.of(noisy), List.of()), 0.05).get(0).verdict());
    }

    @Test
    void otherFilesAreRefused() throws Exception {
        Path f = Files.writeString(dir.resolve("x.json"), "{\"schema\": \"other/2\", \"results\": []}");
        String m = assertThrows(Exception.class, () -> Profile.read(f)).getMessage();
        assertTrue(m.contains("schema 'other/2'; expected 'spheres-bench/1'"), m);
        Path g = Files.writeString(dir.resolve("y.json"), "not json");
        m = assertThrows(Exception.class, () -> Profile.read(g)).getMessage();
        assertTrue(m.contains("not a spheres bench profile"), m);
    }

    @Test
    void theProfilerReportsRatesOfTheWorkDone() {
        long[] runs = {0};
        Workload w = new Workload("count", "runs/s", 1, 1, 0, 0, () -> runs[0]++, () -> {});
        Measurement m = new Profiler(0.01, 4, 0.01).measure(w, "cpu", 1);
        assertEquals(4, m.repetitions());
        assertTrue(m.min() > 0 && m.min() <= m.median() && m.median() <= m.max(), m.toString());
        assertTrue(runs[0] > 4);
    }
}
