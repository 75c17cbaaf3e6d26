package spheres.bench;

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
import org.openjdk.jmh.annotations.Warmup;
import spheres.engine.theory.CapBound;

/**
 * One point of the optimal curve, {@code CapBound.distance(mu)}: the cap threshold (a Brent solve over the regularized
 * incomplete beta) and the 64 x 16-node Gauss-Legendre integral, in microseconds. {@code spheres bound} computes
 * about 120 such points per dimension. Float64, scalar code: the floor is the ~1000 exp/log/sin of the integrand
 * and the beta continued fraction (whose length grows like sqrt(d)).
 * Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar CapBoundBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class CapBoundBench {
    @Param({"500", "10000"})
    public int dim;

    @Param({"1e-2", "1e-30"})
    public double mu;

    private CapBound bound;

    @Setup
    public void setUp() {
        bound = new CapBound(dim);
    }

    @Benchmark
    public double distance() {
        return bound.distance(mu);
    }

    @Benchmark
    public double threshold() {
        return bound.threshold(mu);
    }
}
