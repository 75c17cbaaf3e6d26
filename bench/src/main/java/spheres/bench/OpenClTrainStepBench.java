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
import spheres.engine.Backends;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;
import spheres.opencl.OpenClBackend;

/**
 * One training step of the paper's networks at batch 50, d 500, on OpenCL: steps per second, to set beside
 * {@link TrainStepBench} (the same step on the CPU backend). A step samples its batch on the device and waits once,
 * for the loss. Setup prints the device.
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

    private OpenClBackend backend;
    private Trainer trainer;

    @Setup(Level.Trial)
    public void setUp() {
        backend = (OpenClBackend) Backends.open(device, 1);
        System.out.println("# device: " + backend.name());
        trainer = new Trainer(backend, new TrainConfig(model, 500, 1.3f, 1000, 2, true, 1000, 50, 1e-4f,
                Long.MAX_VALUE, 0, true, Streams.DEFAULT_SEED));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        trainer.close();
        backend.close();
    }

    @Benchmark
    public double step() {
        return trainer.step().loss();
    }
}
