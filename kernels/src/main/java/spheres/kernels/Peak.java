package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The yardsticks every speed is read against: this core's single-precision FMA peak (independent FMA chains held in
 * registers, so nothing but the FMA ports limits them) and memory bandwidth (STREAM copy and triad). Used by
 * {@code PeakBench} and by {@code spheres bench}.
 */
public final class Peak {
    private Peak() {}

    private static final VectorSpecies<Float> F = Simd.F;

    /** Floating-point operations done by one call of {@link #fma12} with {@code steps} steps. */
    public static double fma12Flops(int steps) {
        return 2.0 * steps * 12 * F.length();
    }

    /**
     * 12 independent chains {@code c = c * x + y} of {@code steps} steps each: enough chains to cover the FMA latency
     * on two ports, few enough for AVX2's 16 registers. {@code x} and {@code y} come from the caller so nothing folds;
     * with {@code x < 1} the chains stay bounded. Returns their sum.
     */
    public static float fma12(float x, float y, int steps) {
        FloatVector vx = FloatVector.broadcast(F, x), vy = FloatVector.broadcast(F, y);
        FloatVector c0 = vy, c1 = vy.add(vy), c2 = c1.add(vy), c3 = c2.add(vy), c4 = c3.add(vy), c5 = c4.add(vy);
        FloatVector c6 = c5.add(vy), c7 = c6.add(vy), c8 = c7.add(vy), c9 = c8.add(vy), c10 = c9.add(vy), c11 = c10.add(vy);
        for (int i = 0; i < steps; i++) {
            c0 = c0.fma(vx, vy); c1 = c1.fma(vx, vy); c2 = c2.fma(vx, vy); c3 = c3.fma(vx, vy);
            c4 = c4.fma(vx, vy); c5 = c5.fma(vx, vy); c6 = c6.fma(vx, vy); c7 = c7.fma(vx, vy);
            c8 = c8.fma(vx, vy); c9 = c9.fma(vx, vy); c10 = c10.fma(vx, vy); c11 = c11.fma(vx, vy);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    /** STREAM copy {@code b[i] = a[i]} over {@code [from, to)}: 8 bytes moved per element. */
    public static void copy(float[] a, float[] b, int from, int to) {
        System.arraycopy(a, from, b, from, to - from);
    }

    /** STREAM triad {@code a[i] = b[i] + s c[i]} over {@code [from, to)}: 12 bytes moved per element (C2 vectorises it). */
    public static void triad(float[] a, float[] b, float[] c, float s, int from, int to) {
        for (int i = from; i < to; i++) a[i] = b[i] + s * c[i];
    }
}
