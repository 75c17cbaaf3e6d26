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
import spheres.engine.Backends;
import spheres.engine.Tensor;
import spheres.opencl.OpenClBackend;

/**
 * The OpenCL sgemm on the paper's shapes (as {@link GemmBench}) and 4096^3, one call then a wait for the queue per
 * operation; the {@code gflop} counter is GFLOP/s (2 m n k per call). Setup prints the device and the tile sizes
 * ({@code -Dspheres.opencl.tiles=TSM,TSN,TSK,WPTM,WPTN} in {@code -jvmArgsAppend} tries others).
 *
 * <pre>
 * mvn -q -pl bench -am package -DskipTests
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar OpenClGemmBench
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar OpenClGemmBench -p device=opencl:1 -p shape=NN-4096x4096x4096
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OpenClGemmBench {
    @Param({"NT-50x500x1000", "NT-50x1000x1000", "TN-1000x50x1000", "TN-1000x50x500", "NN-50x1000x500",
            "NN-1000x1000x1000", "NN-4096x4096x4096"})
    public String shape;

    /** {@code opencl} (the first GPU, else device 0) or {@code opencl:N}. */
    @Param({"opencl"})
    public String device;

    private boolean transA, transB;
    private int m, n, k;
    private OpenClBackend backend;
    private Tensor ta, tb, tc;

    @Setup
    public void setup() {
        String[] parts = shape.split("-"), dims = parts[1].split("x");
        transA = parts[0].charAt(0) == 'T';
        transB = parts[0].charAt(1) == 'T';
        m = Integer.parseInt(dims[0]);
        k = Integer.parseInt(dims[1]);
        n = Integer.parseInt(dims[2]);
        backend = (OpenClBackend) Backends.open(device, 1);
        System.out.println("# device: " + backend.name() + ", gemm tiles " + backend.tiles());
        SplittableRandom rnd = new SplittableRandom(42);
        ta = transA ? backend.upload(GemmBench.random(rnd, m * k), k, m) : backend.upload(GemmBench.random(rnd, m * k), m, k);
        tb = transB ? backend.upload(GemmBench.random(rnd, k * n), n, k) : backend.upload(GemmBench.random(rnd, k * n), k, n);
        tc = backend.allocate(m, n);
        backend.finish();
    }

    @TearDown
    public void tearDown() {
        backend.close();
    }

    @Benchmark
    public Tensor gemm(Flops flops) {
        backend.gemm(transA, transB, 1f, ta, tb, 0f, tc);
        backend.finish();
        flops.gflop += 2e-9 * m * n * k;
        return tc;
    }
}
