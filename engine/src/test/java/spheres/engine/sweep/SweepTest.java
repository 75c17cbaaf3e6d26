package spheres.engine.sweep;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static spheres.engine.SplitWork.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;

class SweepTest {
    @TempDir
    Path dir;

    /** Small enough for a fraction of a second per dimension; lr high so that the nets move in 30 steps. */
    private static SweepConfig tiny(long steps) {
        return new SweepConfig("test", List.of(2, 6), 1.3f, 8, 10, 1e-2f, steps, 3000, 10, 30, 0.02f, Streams.DEFAULT_SEED).validate();
    }

    private static final Sweep.Progress QUIET = new Sweep.Progress() {
        public void trained(int dim, long step) {}

        public void measured(SweepPoint p) {}
    };

    private static SweepPoint point(int dim, long inner, long outer, int found) {
        return new SweepPoint(dim, 1, 100, inner, 0, 0, 0, outer, 0, 0, 0, 10, found, found == 0 ? null : 0.1);
    }

    @Test
    void highestCleanIsTheLargestDimensionWithNoErrorFoundEitherWay() {
        assertEquals(20, Sweep.highestClean(List.of(point(2, 0, 0, 0), point(5, 0, 0, 0), point(10, 0, 0, 1), point(20, 0, 0, 0),
                point(50, 1, 0, 0), point(60, 0, 2, 0))));
        assertEquals(5, Sweep.highestClean(List.of(point(5, 0, 0, 0), point(2, 0, 0, 0))), "the order of the list does not matter");
        assertNull(Sweep.highestClean(List.of(point(2, 0, 0, 3), point(5, 4, 0, 0))));
    }

    @Test
    void sampledCountsMatchTheSavedModel() throws Exception {
        try (CpuBackend b = new CpuBackend(1)) {
            List<SweepPoint> points = new Sweep(dir, tiny(30)).run(b, QUIET).points();
            TrainConfig train = tiny(30).train(6);
            Sequential net = train.newModel(b);
            Checkpoint.loadModel(dir.resolve("d-0006/model.safetensors"), net, train.model());
            try (Evaluator ev = new Evaluator(b, net, 6, 1.3f, Streams.DEFAULT_SEED, 1000)) {
                assertEquals(ev.errors(false, 0, 3000), points.get(1).innerErrors());
                assertEquals(ev.errors(true, 0, 3000), points.get(1).outerErrors());
            }
            assertEquals(List.of(2, 6), points.stream().map(SweepPoint::dim).toList());
            for (SweepPoint p : points) {
                assertEquals(10, p.attackStarts());
                assertTrue(p.attackFound() >= 0 && p.attackFound() <= 10);
                assertEquals(p.attackFound() == 0, p.attackMeanDistance() == null);
            }
        }
    }

    /** At sizes that split the work: the same points and the same model bytes on 1, 2 and 3 threads. */
    @Test
    void sameNumbersAndBytesOnAnyThreadCount() throws Exception {
        SweepConfig c = new SweepConfig("test", List.of(DIM), 1.3f, WIDTH, BATCH, 1e-2f, 4, 2000, 64, 30, 0.02f, Streams.DEFAULT_SEED).validate();
        List<SweepPoint> first = null;
        for (int threads : THREADS) {
            List<SweepPoint> points;
            try (CpuBackend b = new CpuBackend(threads)) {
                points = new Sweep(dir.resolve("t" + threads), c).run(b, QUIET).points();
            }
            if (first == null) {
                first = points;
                SweepPoint p = points.get(0);
                // a barely trained net: errors and found errors, so a moved logit or distance would show
                assertTrue(p.innerErrors() + p.outerErrors() > 0 && p.attackFound() > 0, p.toString());
                continue;
            }
            assertEquals(first, points, threads + " threads");
            String model = String.format("d-%04d/model.safetensors", DIM);
            assertArrayEquals(Files.readAllBytes(dir.resolve("t1").resolve(model)), Files.readAllBytes(dir.resolve("t" + threads).resolve(model)),
                    threads + " threads: " + model);
        }
    }

    @Test
    void aRunKilledDuringTrainingContinuesFromItsLastSaveWithTheSameNumbers() throws Exception {
        try (CpuBackend b = new CpuBackend(1)) {
            List<SweepPoint> whole = new Sweep(dir.resolve("whole"), tiny(120)).run(b, QUIET).points();
            Path killed = dir.resolve("killed");
            RuntimeException kill = new RuntimeException("killed");
            RuntimeException e = assertThrows(RuntimeException.class, () -> new Sweep(killed, tiny(120)).run(b, new Sweep.Progress() {
                public void trained(int dim, long done) {
                    if (dim == 6 && done == 120 + 110) throw kill; // d = 2's 120 steps, then d = 6's step 110
                }

                public void measured(SweepPoint p) {}
            }));
            assertEquals(kill, e);
            Path d6 = killed.resolve("d-0006");
            assertTrue(Files.isRegularFile(d6.resolve("optimizer.safetensors")) && Files.isRegularFile(d6.resolve("step-000000100.safetensors")));
            assertFalse(Files.exists(d6.resolve("model.safetensors")));
            Sweep again = new Sweep(killed, tiny(120));
            assertEquals(20, again.remainingSteps(), "d = 2 finished; d = 6 saved at step 100");
            List<Long> steps = new ArrayList<>();
            List<SweepPoint> resumed = again.run(b, new Sweep.Progress() {
                public void trained(int dim, long done) {
                    steps.add(done);
                }

                public void measured(SweepPoint p) {}
            }).points();
            assertEquals(whole, resumed);
            // counted over the call: 1 to 20 as d = 6 goes from its save at 100 to 120, not from step 0
            assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), steps, "training went on from the save");
            try (var files = Files.list(d6)) {
                assertEquals(List.of("model.safetensors", "point.json"), files.map(f -> f.getFileName().toString()).sorted().toList());
            }
        }
    }

    @Test
    void aFolderOfAnotherConfigurationIsRefusedNotMixedIn() throws Exception {
        try (CpuBackend b = new CpuBackend(1)) {
            new Sweep(dir, tiny(30)).run(b, QUIET).points();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Sweep(dir, tiny(31)).run(b, QUIET));
            assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
        }
    }
}
