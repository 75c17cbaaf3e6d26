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
            // the rate shown is work / s / scale in the unit: a wrong scale or work would print a wrong GFLOP/s
            assertEquals(w.flops(), w.work());
            assertEquals(1e9, w.scale());
            assertEquals("GFLOP/s", w.unit());
            assertEquals(0, w.bytes(), "no memory floor claimed for a gemm");
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
            // weights, 2001 biases and two batch norms' gamma and beta (their running statistics are not trained)
            assertEquals(28.0 * (weights + 2001 + 2 * 2000), w.bytes(), "28 bytes per parameter");
            assertEquals(1, w.work());
            assertEquals("steps/s", w.unit());
            w.run();
        }
        try (Backend be = new CpuBackend(1); Workload w = Workloads.trainStep(be, spheres.engine.nn.ModelKind.QUADRATIC)) {
            assertEquals(6.0 * 50 * 500 * 1000, w.flops(), "the quadratic net's one Linear layer");
            assertEquals(28.0 * (500 * 1000 + 2), w.bytes(), "W1, w and b");
            w.run();
        }
    }

    @Test
    void theAttackStepCountsForwardAndInputGradient() {
        try (Backend be = new CpuBackend(1); Workload w = Workloads.attackStep(be, 4)) {
            assertEquals(4.0 * 4 * (500L * 1000 + 1000L * 1000 + 1000), w.flops());
            assertEquals(1, w.work());
            assertEquals("attack step ReLU+BN (batch 4)", w.name());
            w.run();
        }
    }

    @Test
    void theEvaluationCountsSamplesAndTheirForwardFlops() {
        try (Backend be = new CpuBackend(1); Workload w = Workloads.evaluation(be)) {
            assertEquals(10_000, w.work(), "samples per run");
            assertEquals("samples/s", w.unit());
            assertEquals(2.0 * 10_000 * (500L * 1000 + 1000L * 1000 + 1000), w.flops());
        }
    }

    @Test
    void yardsticksRunOnEveryThread() {
        try (WorkerPool pool = new WorkerPool(2); Workload peak = Workloads.fmaPeak(pool); Workload g = Workloads.gaussians(pool)) {
            assertEquals(2 * spheres.kernels.Peak.fma12Flops(Workloads.FMA_STEPS), peak.flops());
            assertEquals(peak.flops(), peak.work());
            peak.run();
            assertEquals(2 * 65536.0, g.work());
            g.run();
        }
    }
}
