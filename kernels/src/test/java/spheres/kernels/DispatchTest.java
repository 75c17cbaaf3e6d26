package spheres.kernels;

import static spheres.kernels.KernelTesting.*;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every kernel's public entry point runs the twin the switch names: the SIMD one's bits with SIMD on, the scalar one's
 * with it off (the kernel tests call the twins directly, so without this an entry point could call neither). Each op
 * runs on fresh copies of the same seeded arrays, an odd shape with sentinel padding; every array is compared after.
 */
class DispatchTest {
    private static final int ROWS = 7, COLS = L + 3, N = ROWS * COLS;

    /** Runs the op by one route on the arrays: 0 the entry point, 1 the scalar twin, 2 the SIMD twin. */
    private interface Op {
        void run(int route, float[][] a);
    }

    /** {@code count} arrays of N values (a running variance must be positive: all are shifted into (0.5, 1.5) if asked). */
    private static float[][] data(int count, boolean positive) {
        SplittableRandom rnd = new SplittableRandom(count * 31L + (positive ? 1 : 0));
        float[][] a = new float[count][];
        for (int i = 0; i < count; i++) a[i] = positive ? uniform(rnd, N, 0.5, 1.5) : vector(rnd, N, 1.0);
        return a;
    }

    private static void check(String name, int count, boolean positive, Op op) {
        float[][] want = data(count, positive), got = data(count, positive);
        op.run(Simd.ENABLED ? 2 : 1, want);
        op.run(0, got);
        for (int i = 0; i < count; i++) assertSameBits(want[i], got[i], name + ", array " + i);
        for (int route = 1; route <= 2; route++) fenced(name + (route == 1 ? " scalar" : " simd"), count, positive, route, op);
    }

    /**
     * Both twins stay inside their windows. The sentinel NaN cannot show a loop that runs one element too far: it
     * reads the sentinel and writes a NaN with its payload back. Here each array's padding holds its own finite
     * values, so any read of it spreads into a write that shows, and any write of it shows.
     */
    private static void fenced(String name, int count, boolean positive, int route, Op op) {
        float[][] a = data(count, positive);
        for (int k = 0; k < count; k++) for (int i = 0; i < a[k].length; i++) if (i < OFF || i >= OFF + N) a[k][i] = fence(k, i);
        op.run(route, a);
        for (int k = 0; k < count; k++)
            for (int i = 0; i < a[k].length; i++)
                if ((i < OFF || i >= OFF + N) && a[k][i] != fence(k, i)) org.junit.jupiter.api.Assertions.fail(name + ": array " + k + " written at " + i);
    }

    private static float fence(int array, int index) {
        return 1000f + 10 * array + index;
    }

    @Test
    void elementwise() {
        check("relu forward", 2, false, (r, a) -> {
            if (r == 0) Relu.forward(N, a[0], OFF, a[1], OFF); else if (r == 1) Relu.forwardScalar(N, a[0], OFF, a[1], OFF); else Relu.forwardSimd(N, a[0], OFF, a[1], OFF);
        });
        check("relu backward", 3, false, (r, a) -> {
            if (r == 0) Relu.backward(N, a[0], OFF, a[1], OFF, a[2], OFF); else if (r == 1) Relu.backwardScalar(N, a[0], OFF, a[1], OFF, a[2], OFF); else Relu.backwardSimd(N, a[0], OFF, a[1], OFF, a[2], OFF);
        });
        check("square forward", 2, false, (r, a) -> {
            if (r == 0) Square.forward(N, a[0], OFF, a[1], OFF); else if (r == 1) Square.forwardScalar(N, a[0], OFF, a[1], OFF); else Square.forwardSimd(N, a[0], OFF, a[1], OFF);
        });
        check("square backward", 3, false, (r, a) -> {
            if (r == 0) Square.backward(N, a[0], OFF, a[1], OFF, a[2], OFF); else if (r == 1) Square.backwardScalar(N, a[0], OFF, a[1], OFF, a[2], OFF); else Square.backwardSimd(N, a[0], OFF, a[1], OFF, a[2], OFF);
        });
        check("axpy", 2, false, (r, a) -> {
            if (r == 0) Axpy.axpy(N, 0.7f, a[0], OFF, a[1], OFF); else if (r == 1) Axpy.axpyScalar(N, 0.7f, a[0], OFF, a[1], OFF); else Axpy.axpySimd(N, 0.7f, a[0], OFF, a[1], OFF);
        });
        check("adam", 4, true, (r, a) -> {
            if (r == 0) Adam.step(N, a[0], OFF, a[1], OFF, a[2], OFF, a[3], OFF, 1e-2f, 0.9f, 0.999f, 1e-8f, 3);
            else if (r == 1) Adam.stepScalar(N, a[0], OFF, a[1], OFF, a[2], OFF, a[3], OFF, 1e-2f, 0.9f, 0.999f, 1e-8f, 3);
            else Adam.stepSimd(N, a[0], OFF, a[1], OFF, a[2], OFF, a[3], OFF, 1e-2f, 0.9f, 0.999f, 1e-8f, 3);
        });
    }

    @Test
    void rowsAndColumns() {
        // Per-row outputs at the end of their arrays' windows, so that a write past the last row hits the fence.
        int end = OFF + N - ROWS;
        check("bias add", 2, false, (r, a) -> {
            if (r == 0) Bias.addRows(ROWS, COLS, a[0], OFF, COLS, a[1], OFF); else if (r == 1) Bias.addRowsScalar(ROWS, COLS, a[0], OFF, COLS, a[1], OFF); else Bias.addRowsSimd(ROWS, COLS, a[0], OFF, COLS, a[1], OFF);
        });
        check("column sums", 2, false, (r, a) -> {
            if (r == 0) Bias.columnSums(ROWS, COLS, a[0], OFF, COLS, 0.5f, a[1], OFF); else if (r == 1) Bias.columnSumsScalar(ROWS, COLS, a[0], OFF, COLS, 0.5f, a[1], OFF); else Bias.columnSumsSimd(ROWS, COLS, a[0], OFF, COLS, 0.5f, a[1], OFF);
        });
        check("row sums", 2, false, (r, a) -> {
            if (r == 0) Bias.rowSums(ROWS, COLS, a[0], OFF, COLS, a[1], end); else if (r == 1) Bias.rowSumsScalar(ROWS, COLS, a[0], OFF, COLS, a[1], end); else Bias.rowSumsSimd(ROWS, COLS, a[0], OFF, COLS, a[1], end);
        });
        check("row norms", 2, false, (r, a) -> {
            if (r == 0) RowNorms.norms(ROWS, COLS, a[0], OFF, COLS, a[1], end); else if (r == 1) RowNorms.normsScalar(ROWS, COLS, a[0], OFF, COLS, a[1], end); else RowNorms.normsSimd(ROWS, COLS, a[0], OFF, COLS, a[1], end);
        });
        check("rescale rows", 2, true, (r, a) -> {
            if (r == 0) RowNorms.rescale(ROWS, COLS, a[0], OFF, COLS, a[1], OFF); else if (r == 1) RowNorms.rescaleScalar(ROWS, COLS, a[0], OFF, COLS, a[1], OFF); else RowNorms.rescaleSimd(ROWS, COLS, a[0], OFF, COLS, a[1], OFF);
        });
        check("quadratic readout", 3, false, (r, a) -> {
            if (r == 0) QuadReadout.forward(ROWS, COLS, a[0], OFF, COLS, 0.3f, -1f, a[1], end, a[2], end);
            else if (r == 1) QuadReadout.forwardScalar(ROWS, COLS, a[0], OFF, COLS, 0.3f, -1f, a[1], end, a[2], end);
            else QuadReadout.forwardSimd(ROWS, COLS, a[0], OFF, COLS, 0.3f, -1f, a[1], end, a[2], end);
        });
        check("quadratic readout input gradient", 2, false, (r, a) -> {
            if (r == 0) QuadReadout.inputGradient(ROWS, COLS, a[0], OFF, 0.3f, a[1], OFF, COLS);
            else if (r == 1) QuadReadout.inputGradientScalar(ROWS, COLS, a[0], OFF, 0.3f, a[1], OFF, COLS);
            else QuadReadout.inputGradientSimd(ROWS, COLS, a[0], OFF, 0.3f, a[1], OFF, COLS);
        });
    }

    @Test
    void batchNorm() {
        // x, gamma, beta, running mean, running var (positive), y, saved mean, saved inverse std
        check("batch norm train", 8, true, (r, a) -> {
            if (r == 0) BatchNorm.forwardTrain(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, a[2], OFF, 0.1f, 1e-5f, a[3], OFF, a[4], OFF, a[5], OFF, COLS, a[6], OFF, a[7], OFF);
            else if (r == 1) BatchNorm.forwardTrainScalar(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, a[2], OFF, 0.1f, 1e-5f, a[3], OFF, a[4], OFF, a[5], OFF, COLS, a[6], OFF, a[7], OFF);
            else BatchNorm.forwardTrainSimd(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, a[2], OFF, 0.1f, 1e-5f, a[3], OFF, a[4], OFF, a[5], OFF, COLS, a[6], OFF, a[7], OFF);
        });
        check("batch norm eval", 6, true, (r, a) -> {
            if (r == 0) BatchNorm.forwardEval(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, a[2], OFF, 1e-5f, a[3], OFF, a[4], OFF, a[5], OFF, COLS);
            else if (r == 1) BatchNorm.forwardEvalScalar(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, a[2], OFF, 1e-5f, a[3], OFF, a[4], OFF, a[5], OFF, COLS);
            else BatchNorm.forwardEvalSimd(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, a[2], OFF, 1e-5f, a[3], OFF, a[4], OFF, a[5], OFF, COLS);
        });
        // x, dy, gamma, saved mean, saved inverse std, dx, dgamma, dbeta
        check("batch norm backward", 8, true, (r, a) -> {
            if (r == 0) BatchNorm.backward(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, COLS, a[2], OFF, a[3], OFF, a[4], OFF, a[5], OFF, COLS, a[6], OFF, a[7], OFF);
            else if (r == 1) BatchNorm.backwardScalar(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, COLS, a[2], OFF, a[3], OFF, a[4], OFF, a[5], OFF, COLS, a[6], OFF, a[7], OFF);
            else BatchNorm.backwardSimd(ROWS, COLS, a[0], OFF, COLS, a[1], OFF, COLS, a[2], OFF, a[3], OFF, a[4], OFF, a[5], OFF, COLS, a[6], OFF, a[7], OFF);
        });
    }

    /** The fused evaluation kernel indexes its per-column vectors from 0: they are passed from OFF on. */
    @Test
    void fusedEvaluation() {
        // x, bias, gamma, beta, running mean, running var (positive), y
        check("bias + batch norm + relu eval", 7, true, (r, a) -> {
            float[][] col = new float[5][];
            for (int i = 0; i < 5; i++) col[i] = java.util.Arrays.copyOfRange(a[i + 1], OFF, OFF + COLS);
            float[] scale = BiasBatchNormRelu.scales(COLS, col[1], col[4], 1e-5f);
            if (r == 0) BiasBatchNormRelu.forwardEval(ROWS, COLS, a[0], OFF, col[0], scale, col[2], col[3], a[6], OFF);
            else if (r == 1) BiasBatchNormRelu.forwardEvalScalar(ROWS, COLS, a[0], OFF, col[0], scale, col[2], col[3], a[6], OFF);
            else BiasBatchNormRelu.forwardEvalSimd(ROWS, COLS, a[0], OFF, col[0], scale, col[2], col[3], a[6], OFF);
        });
        // y, dy, gamma, running var (positive), dx
        check("bias + batch norm + relu eval backward", 5, true, (r, a) -> {
            float[] gamma = java.util.Arrays.copyOfRange(a[2], OFF, OFF + COLS), var = java.util.Arrays.copyOfRange(a[3], OFF, OFF + COLS);
            // half the outputs at zero: relu's mask must cut their gradient
            for (int i = OFF; i < OFF + N; i += 2) a[0][i] = 0f;
            float[] scale = BiasBatchNormRelu.scales(COLS, gamma, var, 1e-5f);
            if (r == 0) BiasBatchNormRelu.backwardEval(ROWS, COLS, a[0], OFF, a[1], OFF, scale, a[4], OFF);
            else if (r == 1) BiasBatchNormRelu.backwardEvalScalar(ROWS, COLS, a[0], OFF, a[1], OFF, scale, a[4], OFF);
            else BiasBatchNormRelu.backwardEvalSimd(ROWS, COLS, a[0], OFF, a[1], OFF, scale, a[4], OFF);
        });
    }
}
