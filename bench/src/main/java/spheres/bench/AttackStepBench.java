package spheres.bench;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
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
 * One manifold-attack iteration ({@link AttackStep}: forward in eval mode, input gradient, normalised step,
 * projection back onto the sphere) for a batch of points on the paper's ReLU+BN net, d 500: steps per second.
 *
 * <p>Floor: forward 2 x batch x (500 x 1000 + 1000 x 1000 + 1000) FLOP and the same again for the input gradient
 * (no weight gradients), ~6.0 GFLOP at batch 1000; the {@code gflop} counter reads as GFLOP/s.
 * Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar AttackStepBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class AttackStepBench {
    @Param({"1", "2"})
    public int threads;

    @Param({"1000"})
    public int batch;

    private Backend backend;
    private Workload step;


    @Setup(Level.Trial)
    public void setUp() {
        GemmTuning.apply(false, System.err::println); // this machine's sgemm plans, as the CLI runs them
        backend = new CpuBackend(threads);
        step = Workloads.attackStep(backend, batch); // the same workload as spheres bench
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
        backend.close();
    }

    @Benchmark
    public void step(Flops flops) {
        step.run();
        flops.gflop += 1e-9 * step.flops();
    }
}
