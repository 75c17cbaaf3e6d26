package spheres.engine.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;

/**
 * PyTorch's BatchNorm1d by its numbers: a fresh layer is gamma 1, beta 0, running mean 0 and variance 1, so evaluation
 * divides by sqrt(1 + 1e-5); one training batch moves the running statistics by momentum 0.1 towards the batch mean
 * and the unbiased batch variance; a training batch needs two rows.
 */
class BatchNorm1dTest {
    private static final float[] X = {1f, -2f, 3f, 0.5f, 4f, 1f}; // 3 rows x 2 features

    @Test
    void aFreshLayerAndOneTrainingBatch() {
        try (Backend be = new CpuBackend(1); Tensor x = be.allocate(3, 2)) {
            BatchNorm1d bn = new BatchNorm1d(be, 2);
            be.write(X, x);
            float[] eval = be.download(bn.forward(x, false));
            for (int i = 0; i < X.length; i++) assertEquals(X[i] / Math.sqrt(1 + 1e-5), eval[i], 1e-6, "eval " + i);
            assertEquals(0, bn.batchesTracked);

            float[] y = be.download(bn.forward(x, true));
            assertEquals(1, bn.batchesTracked);
            float[] mean = be.download(bn.runningMean.value), var = be.download(bn.runningVar.value);
            for (int c = 0; c < 2; c++) {
                double m = (X[c] + X[2 + c] + X[4 + c]) / 3.0, ss = 0;
                for (int r = 0; r < 3; r++) ss += (X[2 * r + c] - m) * (X[2 * r + c] - m);
                assertEquals(0.1 * m, mean[c], 1e-6, "running mean " + c);
                assertEquals(0.9 + 0.1 * ss / 2, var[c], 1e-6, "running var " + c + " (unbiased)");
                for (int r = 0; r < 3; r++)
                    assertEquals((X[2 * r + c] - m) / Math.sqrt(ss / 3 + 1e-5), y[2 * r + c], 1e-5, "train output " + r + "," + c);
            }
        }
    }

    @Test
    void trainingNeedsTwoRows() {
        try (Backend be = new CpuBackend(1); Tensor one = be.allocate(1, 2); Tensor two = be.allocate(2, 2)) {
            BatchNorm1d bn = new BatchNorm1d(be, 2);
            assertThrows(IllegalArgumentException.class, () -> bn.forward(one, true));
            bn.forward(one, false);
            be.write(new float[] {1f, 2f, 3f, 5f}, two);
            float[] y = be.download(bn.forward(two, true));
            assertEquals(-1f, y[0], 1e-3);
            assertEquals(1f, y[3], 1e-3);
            assertEquals("BatchNorm1d(2, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)", bn.describe());
        }
    }
}
