package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.ModelKind;

/** The comparison against itself: the same backend twice drifts by nothing, and the line says so. */
class DeviceComparisonTest {
    @Test
    void theCpuAgainstItselfDiffersByNothing() {
        TrainConfig config = new TrainConfig(ModelKind.RELU, 8, 1.3f, 16, 2, true, 16, 10, 1e-3f, 2, 0, true, Streams.DEFAULT_SEED).validate();
        try (CpuBackend a = new CpuBackend(2); CpuBackend b = new CpuBackend(2)) {
            DeviceComparison.Result r = DeviceComparison.train(a, b, config, 2);
            assertEquals(0, r.weights());
            assertEquals(0, r.logits());
            assertEquals(r.referenceLoss(), r.deviceLoss());
            assertTrue(r.text().matches("after 2 steps, weights differ by at most 0\\.00e\\+00 \\(relative, layer \\d+ \\S+ .*\\), logits by "
                    + "0\\.00e\\+00; loss \\d\\.\\d{6} \\(cpu \\d\\.\\d{6}\\); \\d+\\.\\d s"), r.text());
        }
    }
}
