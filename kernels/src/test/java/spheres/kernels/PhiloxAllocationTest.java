package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * Once compiled, the SIMD fills allocate nothing: a vector loop that outgrows C2's inlining budget boxes its vectors
 * instead (see {@link Gaussian#fillSimd}), and only this test notices. Reported as skipped when SIMD is switched off.
 */
class PhiloxAllocationTest {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void simdFillsAllocateNothingOnceCompiled() {
        assumeTrue(Simd.ENABLED, "SIMD is switched off (spheres.simd=false): the fills run their scalar twins, which have no vectors to box");
        float[] f = new float[4096];
        int[] w = new int[4096];
        assertEquals(0, steadyBytesPerCall(k -> Gaussian.fillSimd(1, 2, 4096L * k, 4096, f, 0)), "Gaussian");
        assertEquals(0, steadyBytesPerCall(k -> Gaussian.fillSimd(1, 2, 4096L * k + 3, 4090, f, 5)), "Gaussian, ragged");
        assertEquals(0, steadyBytesPerCall(k -> Uniform.fillSimd(1, 2, 4096L * k + 1, 4093, f, 1)), "Uniform");
        assertEquals(0, steadyBytesPerCall(k -> Philox.fillSimd(1, 2, 4096L * k + 2, 4093, w, 0)), "Philox");
    }

    /** Calls {@code fill} in windows of 100 until one allocates nothing (or 15 s pass); bytes per call of the last. */
    private static long steadyBytesPerCall(java.util.function.IntConsumer fill) {
        long id = Thread.currentThread().getId(), deadline = System.nanoTime() + 15_000_000_000L, perCall;
        int k = 0;
        do {
            long before = THREADS.getThreadAllocatedBytes(id);
            for (int i = 0; i < 100; i++) fill.accept(k++);
            perCall = (THREADS.getThreadAllocatedBytes(id) - before) / 100;
        } while (perCall > 0 && System.nanoTime() < deadline);
        return perCall;
    }
}
