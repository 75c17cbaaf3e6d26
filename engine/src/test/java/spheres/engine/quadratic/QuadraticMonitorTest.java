package spheres.engine.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;

/**
 * A quadratic run's log row: the training loss over the points it trains on (the first of the online stream, or the
 * fixed set, never more of it than there is), the test loss, and the alphas' worst case, each from its own source.
 */
class QuadraticMonitorTest {
    private static TrainConfig config(long trainSize) {
        return new TrainConfig(ModelKind.QUADRATIC, 8, 1.3f, 16, 1, false, 16, 20, 1e-2f, 0, trainSize, true, 4);
    }

    @Test
    void eachFigureComesFromItsOwnSource() {
        for (long trainSize : new long[] {0, 30}) {
            try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, config(trainSize))) {
                for (int i = 0; i < 5; i++) t.step();
                QuadraticMonitor.Row row;
                try (QuadraticMonitor m = new QuadraticMonitor(be, t.model(), t.config(), 100)) {
                    row = m.measure();
                }
                long trainStream = trainSize == 0 ? Streams.TRAIN_ONLINE : Streams.TRAIN_SET, n = trainSize == 0 ? 100 : 30;
                QuadraticAnalysis a = QuadraticAnalysis.of(QuadraticNet.of(t.model()), 1.3);
                // chunks of the monitor's size: the loss is summed chunk by chunk
                try (Evaluator ev = new Evaluator(be, t.model(), 8, 1.3f, 4, (int) n)) {
                    assertEquals(ev.meanLoss(trainStream, 0, n), row.trainLoss(), "train size " + trainSize);
                    assertEquals(ev.meanLoss(Streams.TEST, 0, n), row.testLoss(), "train size " + trainSize);
                    assertNotEquals(row.trainLoss(), row.testLoss(), "two different sets of points");
                }
                assertEquals(a.worstCaseLoss(), row.worstCaseLoss());
                assertEquals(a.outOfRange(), row.alphasOutOfRange());
            }
        }
    }

    @Test
    void oneSampleIsEnoughNoneIsRefused() {
        try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, config(0))) {
            new QuadraticMonitor(be, t.model(), t.config(), 1).close();
            assertThrows(IllegalArgumentException.class, () -> new QuadraticMonitor(be, t.model(), t.config(), 0));
        }
    }
}
