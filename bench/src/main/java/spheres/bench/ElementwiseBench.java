package spheres.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import spheres.kernels.Adam;
import spheres.kernels.Axpy;
import spheres.kernels.BatchNorm;
import spheres.kernels.Relu;

/**
 * Memory-bound kernels of one ReLU-net training step, scalar twin vs SIMD twin, at the paper's sizes: ReLU and
 * batch norm over a 50 x 1000 activation, Adam over the net's 1.5 M parameters; and the attack step's axpy over as
 * many elements.
 *
 * <p>Each invocation counts as the minimum number of bytes the kernel must move (every input read once, every
 * output written once), and the unit is nanoseconds, so the reported "ops/ns" are GB/s. Run:
 * {@code mvn -q -o -pl bench -am package -DskipTests && java -jar bench/target/benchmarks.jar ElementwiseBench}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
@State(Scope.Thread)
public class ElementwiseBench {
    static final int ROWS = 50, COLS = 1000, N = ROWS * COLS;
    /** Parameters of the paper's ReLU net at d = 500: weights and biases of the three Linear layers, two batch norms. */
    static final int PARAMS = (500 * 1000 + 1000) + (1000 * 1000 + 1000) + (1000 + 1) + 2 * 2 * 1000;

    @Param({"scalar", "simd"})
    public String impl;

    float[] x, y, dy, dx, gamma, beta, runMean, runVar, saveMean, saveInvStd, dGamma, dBeta;
    float[] p, g, m, v;
    boolean simd;

    @Setup
    public void setup() {
        simd = impl.equals("simd");
        SplittableRandom rnd = new SplittableRandom(42);
        x = fill(rnd, N);
        dy = fill(rnd, N);
        y = new float[N];
        dx = new float[N];
        gamma = fill(rnd, COLS);
        beta = fill(rnd, COLS);
        runMean = new float[COLS];
        runVar = new float[COLS];
        java.util.Arrays.fill(runVar, 1f);
        saveMean = new float[COLS];
        saveInvStd = new float[COLS];
        dGamma = new float[COLS];
        dBeta = new float[COLS];
        p = fill(rnd, PARAMS);
        g = fill(rnd, PARAMS);
        m = new float[PARAMS];
        v = new float[PARAMS];
        batchNormForward(); // saved statistics for the backward benchmark
    }

    static float[] fill(SplittableRandom rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rnd.nextDouble() * 2 - 1);
        return a;
    }

    /** read x, write y: 8 bytes per element */
    @Benchmark
    @OperationsPerInvocation(8 * N)
    public void reluForward() {
        if (simd) Relu.forwardSimd(N, x, 0, y, 0);
        else Relu.forwardScalar(N, x, 0, y, 0);
    }

    /** read x and dy, write dx: 12 bytes per element */
    @Benchmark
    @OperationsPerInvocation(12 * N)
    public void reluBackward() {
        if (simd) Relu.backwardSimd(N, x, 0, dy, 0, dx, 0);
        else Relu.backwardScalar(N, x, 0, dy, 0, dx, 0);
    }

    /** read x and y, write y: 12 bytes per element */
    @Benchmark
    @OperationsPerInvocation(12 * N)
    public void axpy() {
        if (simd) Axpy.axpySimd(N, 1e-3f, x, 0, y, 0);
        else Axpy.axpyScalar(N, 1e-3f, x, 0, y, 0);
    }

    /** read x, write y (the per-column statistics are negligible): 8 bytes per element */
    @Benchmark
    @OperationsPerInvocation(8 * N)
    public void batchNormForward() {
        if (simd) BatchNorm.forwardTrainSimd(ROWS, COLS, x, 0, COLS, gamma, 0, beta, 0, 0.1f, 1e-5f, runMean, 0, runVar, 0,
                y, 0, COLS, saveMean, 0, saveInvStd, 0);
        else BatchNorm.forwardTrainScalar(ROWS, COLS, x, 0, COLS, gamma, 0, beta, 0, 0.1f, 1e-5f, runMean, 0, runVar, 0,
                y, 0, COLS, saveMean, 0, saveInvStd, 0);
    }

    /** read x and dy, write dx: 12 bytes per element */
    @Benchmark
    @OperationsPerInvocation(12 * N)
    public void batchNormBackward() {
        if (simd) BatchNorm.backwardSimd(ROWS, COLS, x, 0, COLS, dy, 0, COLS, gamma, 0, saveMean, 0, saveInvStd, 0,
                dx, 0, COLS, dGamma, 0, dBeta, 0);
        else BatchNorm.backwardScalar(ROWS, COLS, x, 0, COLS, dy, 0, COLS, gamma, 0, saveMean, 0, saveInvStd, 0,
                dx, 0, COLS, dGamma, 0, dBeta, 0);
    }

    /** read p, g, m, v, write p, m, v: 28 bytes per parameter */
    @Benchmark
    @OperationsPerInvocation(28 * PARAMS)
    public void adamStep() {
        if (simd) Adam.stepSimd(PARAMS, p, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 10);
        else Adam.stepScalar(PARAMS, p, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 10);
    }
}
