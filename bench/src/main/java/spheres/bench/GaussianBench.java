package spheres.bench;

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
import spheres.kernels.Gaussian;
import spheres.kernels.Philox;
import spheres.kernels.Uniform;

/**
 * Philox draws per second, single thread: {@code ops/us} is millions of draws per second (4096 per invocation).
 * Each invocation fills the next 4096 draws of the stream, so nothing is constant-folded and the output array
 * (16 KiB) stays in L1/L2.
 *
 * <p>Run: {@code mvn -q -pl bench -am package -DskipTests && java --add-modules jdk.incubator.vector -jar
 * bench/target/benchmarks.jar GaussianBench -f 1 -wi 3 -i 5 -w 1 -r 1} (add {@code -prof gc} to see allocation).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class GaussianBench {
    private static final int N = 4096;

    @Param({"simd", "scalar"})
    public String impl;

    private final float[] out = new float[N];
    private final int[] words = new int[N];
    private long seed = 2018, first;
    private boolean simd;

    @Setup
    public void setup() {
        simd = impl.equals("simd");
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float[] gaussian() {
        if (simd) Gaussian.fillSimd(seed, 1, first, N, out, 0);
        else Gaussian.fillScalar(seed, 1, first, N, out, 0);
        first += N;
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public float[] uniform() {
        if (simd) Uniform.fillSimd(seed, 2, first, N, out, 0);
        else Uniform.fillScalar(seed, 2, first, N, out, 0);
        first += N;
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public int[] philox() {
        if (simd) Philox.fillSimd(seed, 3, first, N, words, 0);
        else Philox.fillScalar(seed, 3, first, N, words, 0);
        first += N;
        return words;
    }
}
