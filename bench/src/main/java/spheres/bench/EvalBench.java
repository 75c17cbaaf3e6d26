package spheres.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.profile.GemmTuning;
import spheres.engine.profile.Workload;
import spheres.engine.profile.Workloads;

/**
 * Evaluation of the ReLU+BN net (d 500, 2 x 1000) with sampling, in chunks of 10,000: samples per second.
 * Floor: ~3 MFLOP per sample at this machine's FMA peak.
 * Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar EvalBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class EvalBench {
    static final int CHUNK = 10_000;

    @Param({"1", "2"})
    public int threads;

    private Backend backend;
    private Workload chunk;

    @Setup(Level.Trial)
    public void setUp() {
        GemmTuning.apply(false, System.err::println); // this machine's sgemm plans, as the CLI runs them
        backend = new CpuBackend(threads);
        chunk = Workloads.evaluation(backend); // the same workload as spheres bench: chunks of CHUNK samples
        if (chunk.work() != CHUNK) throw new IllegalStateException("evaluation chunk is " + chunk.work() + ", not " + CHUNK);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        chunk.close();
        backend.close();
    }

    @Benchmark
    @OperationsPerInvocation(CHUNK)
    public void evaluateChunk() {
        chunk.run();
    }
}
