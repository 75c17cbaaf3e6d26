package spheres.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.cpu.WorkerPool;
import spheres.engine.nn.ModelKind;

class WorkloadsTest {
    @Test
    void gemmShapesAreParsedAndCountedAsTwoMnk() {
        try (Backend be = new CpuBackend(1); Workload w = Workloads.gemm(be, "TN-30x7x11")) {
            assertEquals("sgemm TN 30x7x11", w.name());
            assertEquals(2.0 * 30 * 7 * 11, w.flops());
            w.run();
        }
        try (Backend be = new CpuBackend(1)) {
            String m = assertThrows(IllegalArgumentException.class, () -> Workloads.gemm(be, "NX-1x2x3")).getMessage();
            assertTrue(m.contains("expected VARIANT-MxKxN"), m);
        }
    }

    @Test
    void theTrainStepCountsThePapersFlopsAndAdamTraffic() {
        try (Backend be = new CpuBackend(1); Workload w = Workloads.trainStep(be, ModelKind.RELU)) {
            long weights = 500L * 1000 + 1000L * 1000 + 1000;
            assertEquals(6.0 * 50 * weights, w.flops(), "about 450 MFLOP per step");
            assertTrue(w.bytes() > 28.0 * weights && w.bytes() < 28.0 * (weights + 10_000), "28 bytes per parameter: " + w.bytes());
            w.run();
        }
    }

    @Test
    void theAttackStepCountsForwardAndInputGradient() {
        try (Backend be = new CpuBackend(1); Workload w = Workloads.attackStep(be, 4)) {
            assertEquals(4.0 * 4 * (500L * 1000 + 1000L * 1000 + 1000), w.flops());
            w.run();
        }
    }

    @Test
    void yardsticksRunOnEveryThread() {
        try (WorkerPool pool = new WorkerPool(2); Workload peak = Workloads.fmaPeak(pool); Workload g = Workloads.gaussians(pool)) {
            assertEquals(2 * spheres.kernels.Peak.fma12Flops(200_000), peak.flops());
            peak.run();
            assertEquals(2 * 65536.0, g.work());
            g.run();
        }
    }
}
