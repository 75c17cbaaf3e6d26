package spheres.engine.attack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.ModelKind;
import spheres.engine.tradeoff.NearestErrorDistance.Estimate;
import spheres.engine.workflow.TrainConfig;

class NearestErrorAttackTest {
    private static TrainConfig quadratic(int d) {
        return new TrainConfig(ModelKind.QUADRATIC, d, 1.3f, 1, 1, false, d, 10, 1e-3f, 0, 0, true, 1);
    }

    @Test
    void everyInnerStartReachesTheErrorCapOfOneLargeAlpha() {
        double[] alpha = new double[8];
        Arrays.fill(alpha, 0.8);
        alpha[3] = 1.6; // inner points near +-u_3 are called outer
        try (Backend be = new CpuBackend(1)) {
            ChosenAlphas net = new ChosenAlphas(be, alpha, 5);
            Estimate e = new NearestErrorAttack().estimate(be, net.net, quadratic(8), 11, 20);
            assertEquals(20, e.starts());
            assertEquals(20, e.found(), "the error caps are reachable along the sphere from anywhere");
            // the caps |z_3| >= sqrt((1 - 0.8) / 0.8) lie at most the chord to them away: well under the diameter
            assertTrue(e.mean() > 0 && e.mean() < 1.2, "mean distance " + e.mean());
            assertTrue(e.standardError() >= 0 && e.standardError() < e.mean(), "standard error " + e.standardError());
        }
    }

    @Test
    void theIdealSphereHasNoErrorToFind() {
        double[] alpha = new double[6];
        Arrays.fill(alpha, 1 / (1.15 * 1.15));
        try (Backend be = new CpuBackend(1)) {
            Estimate e = new NearestErrorAttack().estimate(be, new ChosenAlphas(be, alpha, 5).net, quadratic(6), 11, 10);
            assertEquals(0, e.found());
            assertNull(e.mean());
        }
    }
}
