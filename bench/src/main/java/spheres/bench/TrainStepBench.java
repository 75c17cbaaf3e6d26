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
import spheres.engine.nn.ModelKind;
import spheres.engine.profile.GemmTuning;
import spheres.engine.profile.Workload;
import spheres.engine.profile.Workloads;

/**
 * One training step of the paper's networks at batch 50, d 500, sampling included: steps per second.
 *
 * <p>Floor (ReLU+BN): ~450 MFLOP per step plus Adam over 1.5 M parameters (~24 MB of state traffic).
 * Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar TrainStepBench -p threads=1}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class TrainStepBench {
    @Param({"relu", "quadratic"})
    public String model;

    @Param({"1", "2"})
    public int threads;

    private Backend backend;
    private Workload step;

    @Setup(Level.Trial)
    public void setUp() {
        GemmTuning.apply(false, System.err::println); // this machine's sgemm plans, as the CLI runs them
        backend = new CpuBackend(threads);
        step = Workloads.trainStep(backend, ModelKind.parse(model)); // the same workload as spheres bench
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        step.close();
        backend.close();
    }

    @Benchmark
    public void step() {
        step.run();
    }
}
