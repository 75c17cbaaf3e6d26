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
     * 12 independent chains {@code c = x * y + c} of {@code steps} steps each: enough chains to cover the FMA latency
     * on two ports, few enough for AVX2's 16 registers. {@code x} and {@code y} come from the caller so nothing folds;
     * the chains grow by {@code x * y} a step, so they stay finite. Returns their sum. The chain is the fma's addend,
     * as in the C loop's {@code vfmadd}: C2 emits only the form that overwrites the addend, so chains through the
     * multiplicand ({@code c = c * x + y}) cost a register copy each (with AVX2's 16 registers, spills too) and
     * read 7-9 % under the C loop (bench/RESULTS.md, eighth session).
     */
    public static float fma12(float x, float y, int steps) {
        FloatVector vx = FloatVector.broadcast(F, x), vy = FloatVector.broadcast(F, y);
        FloatVector c0 = vy, c1 = vy.add(vy), c2 = c1.add(vy), c3 = c2.add(vy), c4 = c3.add(vy), c5 = c4.add(vy);
        FloatVector c6 = c5.add(vy), c7 = c6.add(vy), c8 = c7.add(vy), c9 = c8.add(vy), c10 = c9.add(vy), c11 = c10.add(vy);
        for (int i = 0; i < steps; i++) {
            c0 = vx.fma(vy, c0); c1 = vx.fma(vy, c1); c2 = vx.fma(vy, c2); c3 = vx.fma(vy, c3);
            c4 = vx.fma(vy, c4); c5 = vx.fma(vy, c5); c6 = vx.fma(vy, c6); c7 = vx.fma(vy, c7);
            c8 = vx.fma(vy, c8); c9 = vx.fma(vy, c9); c10 = vx.fma(vy, c10); c11 = vx.fma(vy, c11);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).add(c8).add(c9).add(c10).add(c11)
                .reduceLanes(VectorOperators.ADD);
    }

    /**
     * STREAM copy {@code b[i] = a[i]} over {@code [from, to)}: 8 bytes moved per element. A loop, as STREAM's (C2
     * vectorises it at the hardware's width, as the C loop is compiled): {@code System.arraycopy}'s stub ran 10-20 %
     * under the same loop in C on one thread (bench/RESULTS.md, eighth session).
     */
    public static void copy(float[] a, float[] b, int from, int to) {
        for (int i = from; i < to; i++) b[i] = a[i];
    }

    /** STREAM triad {@code a[i] = b[i] + s c[i]} over {@code [from, to)}: 12 bytes moved per element (C2 vectorises it). */
    public static void triad(float[] a, float[] b, float[] c, float s, int from, int to) {
        for (int i = from; i < to; i++) a[i] = b[i] + s * c[i];
    }
}
