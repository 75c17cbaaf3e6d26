package spheres.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.DeviceComparison;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;

/**
 * OpenCL against the CPU backend: the sampled data are the same bits (Gaussians, uniforms, the spheres points and
 * labels, their norms), and a short training run from the same seed ends within a stated tolerance.
 */
class CpuAgreementTest {
    private Backend cl, cpu;

    @BeforeEach
    void open() {
        cl = OpenClTesting.backend();
        cpu = new CpuBackend(2);
    }

    @AfterEach
    void shut() {
        if (cl != null) cl.close(); // null where OpenClTesting skipped the test
        if (cpu != null) cpu.close();
    }

    private static int[] bits(float[] a) {
        int[] b = new int[a.length];
        for (int i = 0; i < a.length; i++) b[i] = Float.floatToRawIntBits(a[i]);
        return b;
    }

    private void sameBits(Tensor a, Tensor b, String what) {
        assertArrayEquals(bits(cpu.download(a)), bits(cl.download(b)), what);
    }

    @Test
    void gaussiansAndUniformsAreTheCpuBits() {
        for (long first : new long[] {0, 3, 1L << 33}) { // aligned, mid-block, past 2^32 (the counter's high word)
            Tensor a = cpu.allocate(7, 149), b = cl.allocate(7, 149);
            cpu.gaussian(Streams.DEFAULT_SEED, 5, first, a);
            cl.gaussian(Streams.DEFAULT_SEED, 5, first, b);
            sameBits(a, b, "gaussians from " + first);
            cpu.uniform(-1L, 1L << 40, first, a);
            cl.uniform(-1L, 1L << 40, first, b);
            sameBits(a, b, "uniforms from " + first);
        }
    }

    @ParameterizedTest(name = "d={0} pOuter={1}")
    @CsvSource({"500,0.5", "37,0.3", "3,1", "64,0"})
    void spheresDataAndNormsAreTheCpuBits(int d, double pOuter) {
        int n = 203;
        Tensor xa = cpu.allocate(n, d), ya = cpu.allocate(n, 1), xb = cl.allocate(n, d), yb = cl.allocate(n, 1);
        cpu.sampleSpheres(Streams.DEFAULT_SEED, Streams.TRAIN_ONLINE, 1001, 1f, 1.3f, pOuter, xa, ya);
        cl.sampleSpheres(Streams.DEFAULT_SEED, Streams.TRAIN_ONLINE, 1001, 1f, 1.3f, pOuter, xb, yb);
        sameBits(xa, xb, "points");
        sameBits(ya, yb, "labels");
        long[] index = new long[n];
        for (int i = 0; i < n; i++) index[i] = (i * 7919L) % 100_003;
        cpu.sampleSpheres(3, Streams.TRAIN_SET, index, 1f, 1.3f, pOuter, xa, ya);
        cl.sampleSpheres(3, Streams.TRAIN_SET, index, 1f, 1.3f, pOuter, xb, yb);
        sameBits(xa, xb, "points by index");
        sameBits(ya, yb, "labels by index");
        Tensor na = cpu.allocate(n, 1), nb = cl.allocate(n, 1);
        cpu.rowNorms(xa, na);
        cl.rowNorms(xb, nb);
        sameBits(na, nb, "row norms");
    }

    /**
     * 30 Adam steps at lr 1e-3 (weights move by about 0.03): every tensor within 1e-5 of its largest entry, and the
     * logits of a probe batch too (see DeviceComparison for the biases that batch norm cancels). The gemm rounds
     * differently on the device (fma, another order); on PoCL the drift is about 3e-7 after 30 steps.
     */
    @ParameterizedTest(name = "{0} bn={1} trainSize={2}")
    @CsvSource({"relu,true,0", "relu,false,200", "quadratic,false,0"})
    void shortTrainingRunEndsNearTheCpuWeights(String model, boolean batchNorm, long trainSize) {
        TrainConfig config = new TrainConfig(ModelKind.parse(model), 20, 1.3f, 48, 2, batchNorm, 40, 25, 1e-3f, 30, trainSize, true,
                Streams.DEFAULT_SEED);
        DeviceComparison.Result r = DeviceComparison.train(cpu, cl, config, 30);
        assertTrue(r.weights() <= 1e-5, "after 30 steps " + r.worstTensor() + " differs by " + r.weights() + " (relative)");
        assertTrue(r.logits() <= 1e-5, "after 30 steps the probe logits differ by " + r.logits() + " (relative)");
        assertTrue(Math.abs(r.referenceLoss() - r.deviceLoss()) <= 1e-5 * Math.abs(r.referenceLoss()),
                "losses " + r.referenceLoss() + " and " + r.deviceLoss());
    }
}
