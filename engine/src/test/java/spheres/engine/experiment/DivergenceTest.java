package spheres.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.Divergence;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;
import spheres.engine.workflow.TrainingRun;

/** The divergence rule: a loss above the bound, or accuracy at chance for long, is flagged once, in train.csv and the outcome. */
class DivergenceTest {
    @TempDir
    Path dir;

    @Test
    void aLossAboveTheBoundIsFlaggedAtItsStepOnce() {
        Divergence d = new Divergence();
        assertNull(d.observe(new Trainer.Step(1, 0.69, 0.5)));
        assertNull(d.observe(new Trainer.Step(2, Divergence.LOSS_BOUND, 0.5)), "the bound itself is not above it");
        String v = d.observe(new Trainer.Step(3, 5.9e13, 0.5));
        assertEquals("step 3: the loss is 5.90e+13, above 100.0 (chance is 0.69): the run diverged; a smaller --lr may help", v);
        assertNull(d.observe(new Trainer.Step(4, 1e20, 0.5)), "said once");
        assertEquals(v, d.verdict());
    }

    @Test
    void accuracyAtChanceIsFlaggedAfterLongNotBefore() {
        Divergence d = new Divergence();
        long t = 0;
        for (; t < Divergence.LONG - 1; t++) assertNull(d.observe(new Trainer.Step(t + 1, 0.69, 0.52)), "step " + (t + 1));
        assertEquals("step 5000: the accuracy has been at chance (0.520 <= 0.55) for the last 5000 steps: the run is not learning",
                d.observe(new Trainer.Step(t + 1, 0.69, 0.52)));
        Divergence learning = new Divergence();
        for (t = 0; t < 4 * Divergence.LONG; t++)
            assertNull(learning.observe(new Trainer.Step(t + 1, 0.5, t < Divergence.LONG - Divergence.BLOCK ? 0.5 : 0.9)), "step " + (t + 1));
    }

    private Training.Outcome train(float lr, Path run) throws Exception {
        TrainConfig c = new TrainConfig(ModelKind.RELU, 6, 1.3f, 8, 2, true, 8, 10, lr, 40, 0, true, 3).validate();
        try (Backend be = new CpuBackend(1)) {
            return Training.run(be, new Training.Config(c, run, null, null, 1000, 10, 1, false), null, new Training.Listener() {
                public void started(TrainingRun r, long resumedAt) {}

                public void stepped(Trainer.Step step, double loss, double accuracy) {}
            });
        }
    }

    @Test
    void aHugeLearningRateIsRecordedInTheLogAndTheOutcome() throws Exception {
        Training.Outcome o = train(1e3f, dir.resolve("huge"));
        assertNotNull(o.diverged());
        assertTrue(o.diverged().contains("the run diverged"), o.diverged());
        Csv log = Csv.read(dir.resolve("huge").resolve(Training.LOG));
        assertEquals("1", log.get(log.rows() - 1, "diverged"));
        Training.Outcome fine = train(1e-2f, dir.resolve("fine"));
        assertNull(fine.diverged());
        Csv quiet = Csv.read(dir.resolve("fine").resolve(Training.LOG));
        for (int r = 0; r < quiet.rows(); r++) assertEquals("0", quiet.get(r, "diverged"));
    }

    @Test
    void weightsThatOverflowStopTheRunWithTheVerdict() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> train(1e15f, dir.resolve("overflow")));
        assertTrue(e.getMessage().matches("step 40: the weights hold (Infinity|NaN) .*; no checkpoint had been written yet"
                + " \\(step 2: the loss is .*, above 100.0 \\(chance is 0.69\\): the run diverged; a smaller --lr may help\\)"), e.getMessage());
    }
}
