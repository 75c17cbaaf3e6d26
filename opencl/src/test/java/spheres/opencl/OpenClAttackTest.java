package spheres.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import spheres.engine.Backend;
import spheres.engine.attack.AttackConfig;
import spheres.engine.attack.AttackMode;
import spheres.engine.attack.AttackResult;
import spheres.engine.attack.ManifoldAttack;
import spheres.engine.attack.Starts;
import spheres.engine.nn.Linear;
import spheres.engine.nn.Models;
import spheres.engine.nn.QuadraticReadout;
import spheres.engine.nn.Sequential;

/**
 * The manifold attack on the device, whose settled points, dropped rows and bisection stay there (row copies and
 * selects): the same points for any batch size, and the errors the CPU finds. The net is the quadratic one with
 * axis-aligned alphas (logit = sum alpha_i x_i^2 - 1): alpha_0 = 2 gives inner errors, the rest none.
 */
class OpenClAttackTest {
    private static final int D = 12;
    private static final float R = 1.3f, BOUNDARY = (1 + R) / 2;
    private Backend be;

    @BeforeEach
    void open() {
        be = OpenClTesting.backend();
    }

    @AfterEach
    void shut() {
        if (be != null) be.close();
    }

    private static Sequential net(Backend backend) {
        Sequential net = Models.quadraticNet(backend, D, D, 1);
        float[] w1 = new float[D * D];
        for (int i = 0; i < D; i++) w1[i * D + i] = (float) Math.sqrt(i == 0 ? 2.0 : 0.7 + 0.2 * i / D);
        backend.write(w1, ((Linear) net.layers().get(0)).weight.value);
        QuadraticReadout readout = (QuadraticReadout) net.layers().get(2);
        backend.fill(readout.w.value, 1f);
        backend.fill(readout.b.value, -1f);
        return net;
    }

    private static AttackResult attack(Backend backend, AttackMode mode, int batch) {
        AttackConfig config = mode == AttackMode.WORST ? new AttackConfig(mode, 0.05f, 2000, 0.05f, 0, batch)
                : new AttackConfig(mode, 0.01f, 1000, 1e-3f, 8, batch);
        return new ManifoldAttack(backend, net(backend), D, BOUNDARY, config)
                .run(Starts.spheres(5, 1f, R, 0.5), 24, (done, t, settled) -> {});
    }

    @ParameterizedTest
    @EnumSource(AttackMode.class)
    void sameResultsForAnyBatchSizeAndTheCpusErrors(AttackMode mode) {
        AttackResult whole = attack(be, mode, 1000), small = attack(be, mode, 5);
        assertArrayEquals(whole.iterations, small.iterations, mode + ": iterations");
        assertArrayEquals(whole.points, small.points, mode + ": points");
        assertTrue(whole.foundCount() > 5, mode + ": found " + whole.foundCount());
        try (Backend cpu = new spheres.engine.cpu.CpuBackend(2)) {
            AttackResult onCpu = attack(cpu, mode, 1000);
            assertArrayEquals(onCpu.found, whole.found, mode + ": the errors the CPU finds");
            for (int i = 0; i < whole.n; i++) assertEquals(onCpu.distance[i], whole.distance[i], 1e-3, mode + ": distance of start " + i);
        }
    }
}
