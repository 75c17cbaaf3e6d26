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
import spheres.engine.Backends;
import spheres.engine.nn.ModelKind;
import spheres.engine.profile.Workload;
import spheres.engine.profile.Workloads;

/**
 * One training step of the paper's networks at batch 50, d 500, on OpenCL: steps per second, and GFLOP/s as the
 * {@code gflop} counter. The same workload as {@link TrainStepBench} on the CPU backend and as {@code spheres bench}.
 * A step samples its batch on the device and waits once, for the loss. Setup prints the device.
 *
 * <p>Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar OpenClTrainStepBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class OpenClTrainStepBench {
    @Param({"relu", "quadratic"})
    public String model;

    /** {@code opencl} (the first GPU, else device 0) or {@code opencl:N}. */
    @Param({"opencl"})
    public String device;

    private Backend backend;
    private Workload step;

    @Setup(Level.Trial)
    public void setUp() {
        backend = Backends.open(device, 1);
        System.out.println("# device: " + backend.name());
        step = Workloads.trainStep(backend, ModelKind.parse(model));
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
