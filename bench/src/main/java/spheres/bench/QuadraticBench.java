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
import org.openjdk.jmh.annotations.Warmup;
import spheres.engine.quadratic.QuadraticAnalysis;
import spheres.engine.quadratic.WeightedChiSquare;
import spheres.kernels.Gaussian;

/**
 * The quadratic net's exact analysis, milliseconds per call: {@code analysis} is {@code W1^T W1} (h d^2 / 2
 * multiply-adds) plus Commons Math's symmetric eigen-decomposition (O(d^3)) of a random net with h = 2d;
 * {@code exactTail} is one exact tail of d weighted chi-square(1) terms (the inner error rate of that net).
 * Run: {@code java --add-modules jdk.incubator.vector -jar bench/target/benchmarks.jar QuadraticBench}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector"})
public class QuadraticBench {
    @Param({"100", "500"})
    public int dim;

    private double[] w1;
    private double[] inner;

    @Setup(Level.Trial)
    public void setUp() {
        int h = 2 * dim;
        float[] g = new float[h * dim];
        Gaussian.fill(1, 0, 0, g.length, g, 0);
        w1 = new double[g.length];
        for (int i = 0; i < g.length; i++) w1[i] = g[i] / Math.sqrt(dim);
        QuadraticAnalysis a = analysis();
        inner = new double[dim];
        for (int i = 0; i < dim; i++) inner[i] = a.scale * a.eigenvalues[i] + a.bias;
    }

    @Benchmark
    public QuadraticAnalysis analysis() {
        // w and b put the median alpha near the ideal 4 / (1 + R)^2, so alphas fall on both sides of the range.
        return new QuadraticAnalysis(w1, 2 * dim, dim, 1.0 / 2, -1.0, 1.3);
    }

    @Benchmark
    public double exactTail() {
        return new WeightedChiSquare(inner).logSurvival(0);
    }
}
