package spheres.bench;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.profile.GemmTuning;
import spheres.kernels.Gemm;

/**
 * Single-precision gemm on the paper's shapes, {@code C = op(A) op(B)} (beta = 0). The {@code gflop} counter is
 * in GFLOP per second (2 m n k flops per call); the primary score is calls per second.
 *
 * <p>{@code shape} is {@code VARIANT-MxKxN}: NT is the forward pass {@code X W^T} (W stored [out, in]), NN the
 * input gradient {@code dY W}, TN the weight gradient {@code dY^T X}. {@code threads = 1} calls the kernel directly;
 * more threads go through {@link CpuBackend}, which splits C into blocks. Both run this machine's tuned plans
 * ({@link GemmTuning}: the cache of {@code spheres bench --tune}, calibrated first if there is none).
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBench -p threads=1
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar GemmBench -p shape=NN-1000x1000x1000 -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GemmBench {
    @Param({"NT-50x500x1000", "NT-50x1000x1000", "TN-1000x50x1000", "TN-1000x50x500", "NN-50x1000x500",
            "NN-1000x1000x1000"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    boolean transA, transB;
    int m, n, k;
    float[] a, b, c;
    Gemm.Workspace ws;
    CpuBackend backend;
    Tensor ta, tb, tc;


    @Setup
    public void setup() {
        GemmTuning.apply(false, System.err::println); // this machine's sgemm plans, as the CLI runs them
        String[] parts = shape.split("-");
        String[] dims = parts[1].split("x");
        transA = parts[0].charAt(0) == 'T';
        transB = parts[0].charAt(1) == 'T';
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        SplittableRandom rnd = new SplittableRandom(42);
        a = random(rnd, m * k);
        b = random(rnd, k * n);
        c = new float[m * n];
        ws = new Gemm.Workspace();
        if (threads > 1) {
            backend = new CpuBackend(threads);
            ta = transA ? backend.upload(a, k, m) : backend.upload(a, m, k);
            tb = transB ? backend.upload(b, n, k) : backend.upload(b, k, n);
            tc = backend.upload(c, m, n);
        }
    }

    @TearDown
    public void tearDown() {
        if (backend != null) backend.close();
    }

    static float[] random(SplittableRandom rnd, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
        return x;
    }

    @Benchmark
    public float[] gemm(Flops flops) {
        if (backend != null) {
            backend.gemm(transA, transB, 1f, ta, tb, 0f, tc);
        } else {
            Gemm.gemm(transA, transB, m, n, k, 1f, a, 0, transA ? m : k, b, 0, transB ? k : n, 0f, c, 0, n, ws);
        }
        flops.gflop += 2e-9 * m * n * k;
        return c;
    }
}
