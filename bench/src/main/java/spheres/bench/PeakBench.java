package spheres.bench;

import java.util.concurrent.TimeUnit;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import spheres.kernels.Peak;
import spheres.kernels.Simd;

/**
 * This core's single-precision FMA peak: independent {@code FloatVector.fma} chains on the preferred species, held in
 * registers (12 chains fit AVX2's 16 registers, 24 fit AVX-512's 32). {@code gflop} reads as GFLOP/s, the yardstick
 * for every other benchmark. Run with {@code -t 2} for both cores.
 *
 * <pre>
 * java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar PeakBench
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class PeakBench {
    private static final VectorSpecies<Float> F = Simd.F;
    /** FMA steps per chain per call: long enough to hide the call, short enough to keep timing fine-grained. */
    private static final int STEPS = 10_000;

    /** Multiplier and addend read from fields so that the JIT cannot fold the chains; c*x + y stays bounded. */
    public float x = 0.999f, y = 1e-3f;


    /** The chains of {@link Peak#fma12}, the same code {@code spheres bench} measures. */
    @Benchmark
    public float fma12(Flops flops) {
        flops.gflop += 1e-9 * Peak.fma12Flops(STEPS);
        return Peak.fma12(x, y, STEPS);
    }

    @Benchmark
    public float fma24(Flops flops) {
        FloatVector vx = FloatVector.broadcast(F, x), vy = FloatVector.broadcast(F, y);
        FloatVector c0 = vy, c1 = vy.add(vy), c2 = c1.add(vy), c3 = c2.add(vy), c4 = c3.add(vy), c5 = c4.add(vy);
        FloatVector c6 = c5.add(vy), c7 = c6.add(vy), c8 = c7.add(vy), c9 = c8.add(vy), c10 = c9.add(vy), c11 = c10.add(vy);
        FloatVector d0 = c0.neg(), d1 = c1.neg(), d2 = c2.neg(), d3 = c3.neg(), d4 = c4.neg(), d5 = c5.neg();
        FloatVector d6 = c6.neg(), d7 = c7.neg(), d8 = c8.neg(), d9 = c9.neg(), d10 = c10.neg(), d11 = c11.neg();
        for (int i = 0; i < STEPS; i++) {
            c0 = c0.fma(vx, vy); c1 = c1.fma(vx, vy); c2 = c2.fma(vx, vy); c3 = c3.fma(vx, vy);
            c4 = c4.fma(vx, vy); c5 = c5.fma(vx, vy); c6 = c6.fma(vx, vy); c7 = c7.fma(vx, vy);
            c8 = c8.fma(vx, vy); c9 = c9.fma(vx, vy); c10 = c10.fma(vx, vy); c11 = c11.fma(vx, vy);
            d0 = d0.fma(vx, vy); d1 = d1.fma(vx, vy); d2 = d2.fma(vx, vy); d3 = d3.fma(vx, vy);
            d4 = d4.fma(vx, vy); d5 = d5.fma(vx, vy); d6 = d6.fma(vx, vy); d7 = d7.fma(vx, vy);
            d8 = d8.fma(vx, vy); d9 = d9.fma(vx, vy); d10 = d10.fma(vx, vy); d11 = d11.fma(vx, vy);
        }
        flops.gflop += 2e-9 * STEPS * 24 * F.length();
        FloatVector s = c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .add(d0).add(d1).add(d2).add(d3).add(d4).add(d5).add(d6).add(d7).add(d8).add(d9).add(d10).add(d11);
        return s.reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    }
}
