package spheres.engine.tradeoff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.Trainer;

class TradeoffRunTest {
    @TempDir
    Path dir;

    private final CpuBackend backend = new CpuBackend(2);

    @AfterEach
    void close() {
        backend.close();
    }

    /** Small enough for milliseconds; lr high so that error rates move between checkpoints. */
    private static TradeoffConfig tiny(long steps) {
        return new TradeoffConfig("test", 6, 1.3f, 8, 8, 10, 1e-2f, steps, TradeoffConfig.MODELS, List.of(30L, 0L), 4, 5,
                4000, 5, 7, Streams.DEFAULT_SEED).validate();
    }

    /** A stand-in for the attack that records which steps it was asked about. */
    private static final class FakeAttack implements NearestErrorDistance {
        final List<Integer> calls = new ArrayList<>();

        @Override
        public Estimate estimate(spheres.engine.Backend b, spheres.engine.nn.Sequential m, spheres.engine.workflow.TrainConfig c, long seed, int starts) {
            calls.add(starts);
            return new Estimate(starts, starts - 1, 0.25, 0.01);
        }
    }

    private static final TradeoffRun.Progress QUIET = new TradeoffRun.Progress() {
        public void trained(long step) {}

        public void measured(TradeoffPoint p) {}
    };

    @Test
    void scheduleIsLogSpacedWithBothEnds() {
        long[] s = TradeoffConfig.preset("quick").schedule();
        assertEquals(25, s[0]);
        assertEquals(4000, s[s.length - 1]);
        assertEquals(8, s.length);
        for (int i = 2; i < s.length; i++) {
            double r1 = (double) s[i] / s[i - 1], r0 = (double) s[i - 1] / s[i - 2];
            assertEquals(r0, r1, 0.05 * r0, "constant ratio at " + i);
        }
        long[] paper = TradeoffConfig.preset("paper").validate().schedule();
        assertEquals(12, paper.length);
        assertEquals(100, paper[0]);
        assertEquals(1_000_000, paper[11]);
        assertArrayEquals(new long[] {7}, new TradeoffConfig("t", 4, 1.3f, 4, 4, 2, 1e-3f, 7, TradeoffConfig.MODELS, List.of(0L), 1, 7,
                10, 1, 1, 1).validate().schedule());
    }

    @Test
    void measuresEachScheduledStepOnTheWeightsOfThatStep() throws Exception {
        TradeoffConfig plan = tiny(60);
        FakeAttack attack = new FakeAttack();
        TradeoffRun run = new TradeoffRun(dir, "relu-bn", 30, plan);
        List<TradeoffPoint> pts = run.run(backend, attack, null, QUIET);
        long[] schedule = plan.schedule();
        assertEquals(schedule.length, pts.size());
        for (int i = 0; i < pts.size(); i++) {
            TradeoffPoint p = pts.get(i);
            assertEquals(schedule[i], p.step());
            assertEquals(p.errors() >= plan.minErrors(), p.measurable());
            assertNull(p.muExact());
            assertTrue(p.muLow() <= p.mu() && p.mu() <= p.muHigh());
            assertEquals(p.measurable() ? (Object) 0.25 : null, p.distance(), "the attack only where mu can be placed");
            assertTrue(Files.isRegularFile(run.dir().resolve(spheres.engine.workflow.TrainingRun.stepFile(p.step()))), "weights of step " + p.step() + " kept");
        }
        try (var files = Files.list(run.dir())) {
            assertEquals(schedule.length, files.filter(f -> f.getFileName().toString().startsWith("step-")).count(),
                    "the intermediate save (step 50) deleted once a later one stands");
        }
        assertEquals(pts.stream().filter(TradeoffPoint::measurable).count(), attack.calls.size());
        assertTrue(attack.calls.stream().allMatch(n -> n == plan.attackStarts()));

        // The same count from a plain Trainer stopped at a scheduled step: the point belongs to those weights.
        TradeoffPoint mid = pts.get(1);
        try (Trainer t = new Trainer(backend, run.train())) {
            while (t.steps() < mid.step()) t.step();
            try (Evaluator ev = new Evaluator(backend, t.model(), plan.dim(), plan.radius(), plan.seed(), 1000)) {
                assertEquals(mid.errors(), ev.errors(false, 0, plan.evalSamples()));
            }
        }
    }

    @Test
    void anInterruptedRunResumesToTheSamePointsAndAFinishedOneIsNotRedone() throws Exception {
        TradeoffConfig plan = tiny(60);
        for (String model : List.of("relu-bn", "quadratic")) { // the two checkpoint layouts
            List<TradeoffPoint> whole = new TradeoffRun(dir.resolve("whole"), model, 0, plan).run(backend, null, null, QUIET);

            Path cut = dir.resolve("cut");
            TradeoffRun.Progress stopAfterTwo = new TradeoffRun.Progress() {
                int n;

                public void trained(long step) {}

                public void measured(TradeoffPoint p) {
                    if (++n == 2) throw new IllegalStateException("stop");
                }
            };
            assertThrows(IllegalStateException.class, () -> new TradeoffRun(cut, model, 0, plan).run(backend, null, null, stopAfterTwo));
            assertEquals(2, new TradeoffRun(cut, model, 0, plan).points().size());
            // Stopped again between scheduled steps (5, 11, 26, 60): 52 comes after the intermediate save at 50.
            assertEquals(50, TradeoffRun.SAVE_EVERY_MIN);
            TradeoffRun.Progress stopAt52 = new TradeoffRun.Progress() {
                public void trained(long step) {
                    if (step == 52) throw new IllegalStateException("stop");
                }

                public void measured(TradeoffPoint p) {}
            };
            assertThrows(IllegalStateException.class, () -> new TradeoffRun(cut, model, 0, plan).run(backend, null, null, stopAt52));
            assertEquals(whole, new TradeoffRun(cut, model, 0, plan).run(backend, null, null, QUIET), model);

            FakeAttack attack = new FakeAttack();
            List<Long> trainedTo = new ArrayList<>();
            TradeoffRun.Progress watch = new TradeoffRun.Progress() {
                public void trained(long step) {
                    trainedTo.add(step);
                }

                public void measured(TradeoffPoint p) {
                    throw new AssertionError("measured again: step " + p.step());
                }
            };
            assertEquals(whole, new TradeoffRun(cut, model, 0, plan).run(backend, attack, null, watch));
            assertEquals(List.of(60L), trainedTo, "restored at the last step, no step trained");
            assertTrue(attack.calls.isEmpty());
        }
    }

    /** What a bar shows: steps run over all the runs, from 1 to remainingSteps(), whether fresh or resumed after a kill. */
    @Test
    void theTradeoffCountsItsStepsOverAllItsRuns() throws Exception {
        RuntimeException kill = new RuntimeException("killed");
        for (boolean resumed : new boolean[] {false, true}) {
            Tradeoff t = new Tradeoff(dir, tiny(60));
            long remaining = t.remainingSteps();
            assertEquals(resumed ? 6 * 60 - 60 - 50 : 6 * 60, remaining, "six runs; resumed: one done and the next saved at 50");
            List<Long> done = new ArrayList<>();
            Runnable run = () -> {
                try {
                    t.run(backend, new Tradeoff.Progress() {
                        public void trained(TradeoffRun r, long d) {
                            done.add(d);
                            if (!resumed && d == 60 + 52) throw kill;
                        }

                        public void measured(TradeoffRun r, TradeoffPoint p) {}
                    });
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            };
            if (resumed) run.run();
            else assertEquals(kill, assertThrows(RuntimeException.class, run::run));
            for (int i = 1; i < done.size(); i++) assertTrue(done.get(i) >= done.get(i - 1), "went back at " + i + ": " + done);
            assertEquals(resumed ? remaining : 60 + 52, done.get(done.size() - 1));
        }
    }

    @Test
    void refusesToResumeARunOfAnotherConfiguration() throws Exception {
        new TradeoffRun(dir, "quadratic", 30, tiny(20)).run(backend, null, null, QUIET);
        TradeoffConfig other = new TradeoffConfig("test", 6, 1.3f, 8, 9, 10, 1e-2f, 40, TradeoffConfig.MODELS, List.of(30L), 4, 5,
                4000, 5, 7, Streams.DEFAULT_SEED);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TradeoffRun(dir, "quadratic", 30, other).run(backend, null, null, QUIET));
        assertTrue(e.getMessage().contains("another configuration"), e.getMessage());
    }

    @Test
    void refusesBadSettingsWithTheFlagName() {
        TradeoffConfig q = TradeoffConfig.preset("quick");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TradeoffConfig(q.preset(), q.dim(), q.radius(),
                q.width(), q.hidden(), q.batch(), q.lr(), q.steps(), List.of("cnn"), q.trainSizes(), q.checkpoints(), q.firstCheckpoint(),
                q.evalSamples(), q.minErrors(), q.attackStarts(), q.seed()).validate());
        assertTrue(e.getMessage().startsWith("--models cnn"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TradeoffConfig.preset("huge"));
    }
}
