package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Uniform draws in [0, 1): {@code (x >>> 8) * 2^-24} of the Philox word {@code x} of {@code (seed, stream, i)}
 * (addressing in {@link Philox}), exact in float, identical in both twins. A Bernoulli(p) label is
 * {@code u < p}. Draw {@code i} reads the same bits as {@link Gaussian} draw {@code i} of the same stream: use
 * another stream.
 */
public final class Uniform {
    private Uniform() {}

    /** Uniform draws {@code first .. first+n-1} of {@code stream} into {@code out[off..off+n-1]}. */
    public static void fill(long seed, long stream, long first, int n, float[] out, int off) {
        if (Simd.ENABLED) fillSimd(seed, stream, first, n, out, off);
        else fillScalar(seed, stream, first, n, out, off);
    }

    public static void fillScalar(long seed, long stream, long first, int n, float[] out, int off) {
        Philox.checkRange(first, n, off, out.length);
        int[] w = new int[4];
        for (long i = first, end = first + n; i < end; ) {
            long b = i >>> 2;
            Philox.block((int) b, (int) (b >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), w, 0);
            for (int l = (int) (i & 3); l < 4 && i < end; l++, i++) out[off + (int) (i - first)] = (w[l] >>> 8) * 0x1p-24f;
        }
    }

    public static void fillSimd(long seed, long stream, long first, int n, float[] out, int off) {
        Philox.checkRange(first, n, off, out.length);
        int k0 = (int) seed, k1 = (int) (seed >>> 32), N = Philox.N;
        IntVector s0 = IntVector.broadcast(Philox.I, (int) stream), s1 = IntVector.broadcast(Philox.I, (int) (stream >>> 32));
        long end = first + n;
        for (long b = first >>> 2; 4 * b < end; b += N) {
            IntVector x0 = Philox.counterLo(b), x1 = Philox.counterHi(b), x2 = s0, x3 = s1;
            int r0 = k0, r1 = k1;
            for (int r = 0; r < Philox.ROUNDS; r++) { // Philox.block, N blocks at once (as in Philox.fillSimd)
                IntVector h0 = Philox.mulhi(x0, Philox.M0), h1 = Philox.mulhi(x2, Philox.M1);
                IntVector n0 = h1.lanewise(VectorOperators.XOR, x1).lanewise(VectorOperators.XOR, r0);
                IntVector n2 = h0.lanewise(VectorOperators.XOR, x3).lanewise(VectorOperators.XOR, r1);
                x3 = x0.mul(Philox.M0);
                x1 = x2.mul(Philox.M1);
                x0 = n0;
                x2 = n2;
                r0 += Philox.W0;
                r1 += Philox.W1;
            }
            IntVector a = Philox.zipLo(x0, x1), a2 = Philox.zipHi(x0, x1);
            IntVector c = Philox.zipLo(x2, x3), c2 = Philox.zipHi(x2, x3);
            int rel = (int) (4 * b - first); // in [-3, n)
            Philox.store(unit(Philox.zipLo64(a, c)), out, off, rel, n);
            Philox.store(unit(Philox.zipHi64(a, c)), out, off, rel + N, n);
            Philox.store(unit(Philox.zipLo64(a2, c2)), out, off, rel + 2 * N, n);
            Philox.store(unit(Philox.zipHi64(a2, c2)), out, off, rel + 3 * N, n);
        }
    }

    /** The bits of {@code (x >>> 8) * 2^-24}, lane by lane. */
    private static IntVector unit(IntVector x) {
        FloatVector u = (FloatVector) x.lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0);
        return u.mul(0x1p-24f).reinterpretAsInts();
    }
}
