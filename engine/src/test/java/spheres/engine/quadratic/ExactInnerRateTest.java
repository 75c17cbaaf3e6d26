package spheres.engine.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.Linear;
import spheres.engine.nn.ModelKind;
import spheres.engine.nn.QuadraticReadout;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.TrainConfig;

class ExactInnerRateTest {
    @Test
    void theEllipseOfKnownRateAndOnlyQuadraticNets() {
        TrainConfig quad = new TrainConfig(ModelKind.QUADRATIC, 2, 1.3f, 1, 1, false, 2, 10, 1e-3f, 0, 0, true, 1);
        try (Backend be = new CpuBackend(1)) {
            // logit = 2 x1^2 + 0.5 x2^2 - 1: on the unit circle wrong where |cos t| > 1/sqrt(3)
            Sequential net = quad.newModel(be);
            be.write(new float[] {(float) Math.sqrt(2), 0, 0, (float) Math.sqrt(0.5)}, ((Linear) net.layers().get(0)).weight.value);
            QuadraticReadout q = (QuadraticReadout) net.layers().get(2);
            be.write(new float[] {1}, q.w.value);
            be.write(new float[] {-1}, q.b.value);
            assertEquals(2 * Math.acos(1 / Math.sqrt(3)) / Math.PI, new ExactInnerRate().innerErrorRate(net, quad).getAsDouble(), 1e-6);

            TrainConfig relu = new TrainConfig(ModelKind.RELU, 2, 1.3f, 4, 1, false, 2, 10, 1e-3f, 0, 0, true, 1);
            assertTrue(new ExactInnerRate().innerErrorRate(relu.newModel(be), relu).isEmpty());
        }
    }
}
