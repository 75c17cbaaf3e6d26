package spheres.kernels;

import java.util.Objects;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC'11; Random123):
 * the counter-based generator behind every random draw of spheres.
 *
 * <p>Addressing, shared by {@link #fill}, {@link Gaussian} and {@link Uniform}: draw {@code i} of stream {@code s}
 * under {@code seed} is word {@code i % 4} of the block with key {@code (seed lo, seed hi)} and counter
 * {@code (b lo, b hi, s lo, s hi)}, {@code b = i / 4}. So a draw is a pure function of {@code (seed, s, i)}, whatever
 * the thread count, chunking or device. The same {@code (seed, s, i)} is the same 32 bits in all three classes:
 * give each use (data, labels, init, ...) its own stream.
 *
 * <p>SIMD: one long lane per block (two words in each of two vectors), so the 32x32 to 64-bit products are plain long
 * multiplies and one 64-bit interleave puts the words in draw order. Gaussian and
 * Uniform let it write the raw bits into their float output, then transform them in place (one small loop each:
 * one big loop body exceeds C2's inlining node budget and then boxes every vector).
 */
public final class Philox {
    private Philox() {}

    static final int M0 = 0xD2511F53, M1 = 0xCD9E8D57; // round multipliers
    static final int W0 = 0x9E3779B9, W1 = 0xBB67AE85; // Weyl key increments
    static final int ROUNDS = 10;
    private static final long LO = 0xFFFF_FFFFL;

    static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, Simd.F.vectorShape());
    static final VectorSpecies<Long> L = VectorSpecies.of(long.class, Simd.F.vectorShape());
    /** Int lanes, and blocks per SIMD step (long lanes): a step yields {@code 4 * NL = 2 * N} words. */
    static final int N = I.length(), NL = L.length();

    /** The block function: counter {@code (c0, c1, c2, c3)}, key {@code (k0, k1)}; writes 4 words at {@code out[off]}. */
    public static void block(int c0, int c1, int c2, int c3, int k0, int k1, int[] out, int off) {
        for (int r = 0; r < ROUNDS; r++) {
            long p0 = (c0 & LO) * (M0 & LO);
            long p1 = (c2 & LO) * (M1 & LO);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        out[off] = c0;
        out[off + 1] = c1;
        out[off + 2] = c2;
        out[off + 3] = c3;
    }

    /** Raw 32-bit words {@code first .. first+n-1} of {@code stream} into {@code out[off..off+n-1]}. */
    public static void fill(long seed, long stream, long first, int n, int[] out, int off) {
        if (Simd.ENABLED) fillSimd(seed, stream, first, n, out, off);
        else fillScalar(seed, stream, first, n, out, off);
    }

    public static void fillScalar(long seed, long stream, long first, int n, int[] out, int off) {
        checkRange(first, n, off, out.length);
        int[] w = new int[4]; // constant indices only: the JIT keeps it in registers
        for (long i = first, end = first + n; i < end; ) {
            long b = i >>> 2;
            block((int) b, (int) (b >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), w, 0);
            for (int l = (int) (i & 3); l < 4 && i < end; l++, i++) out[off + (int) (i - first)] = pick(l, w[0], w[1], w[2], w[3]);
        }
    }

    public static void fillSimd(long seed, long stream, long first, int n, int[] out, int off) {
        checkRange(first, n, off, out.length);
        simd(seed, stream, first, n, out, null, off);
    }

    /** As {@link #fillSimd}, writing each word's bits into a float (a raw bit pattern, for an in-place transform). */
    static void fillBitsSimd(long seed, long stream, long first, int n, float[] out, int off) {
        checkRange(first, n, off, out.length);
        simd(seed, stream, first, n, null, out, off);
    }

    /** Word {@code i} of {@code stream}, alone (one block function). */
    public static int word(long seed, long stream, long i) {
        long b = i >>> 2;
        int c0 = (int) b, c1 = (int) (b >>> 32), c2 = (int) stream, c3 = (int) (stream >>> 32);
        int k0 = (int) seed, k1 = (int) (seed >>> 32);
        for (int r = 0; r < ROUNDS; r++) { // as block()
            long p0 = (c0 & LO) * (M0 & LO);
            long p1 = (c2 & LO) * (M1 & LO);
            int n0 = (int) (p1 >>> 32) ^ c1 ^ k0;
            int n2 = (int) (p0 >>> 32) ^ c3 ^ k1;
            c1 = (int) p1;
            c3 = (int) p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        return pick((int) (i & 3), c0, c1, c2, c3);
    }

    static int pick(int l, int a, int b, int c, int d) {
        return l == 0 ? a : l == 1 ? b : l == 2 ? c : d;
    }

    /**
     * Words {@code first .. first+n-1} into {@code iout}, or as bits into {@code fout}. Each long lane holds one block
     * as two pairs, {@code P = x0 | x1 << 32} and {@code Q = x2 | x3 << 32} (so the counter P is just the block index
     * and Q the stream); a step runs {@code NL} blocks and interleaves P and Q into draw order.
     */
    private static void simd(long seed, long stream, long first, int n, int[] iout, float[] fout, int off) {
        LongVector q0 = LongVector.broadcast(L, stream);
        long end = first + n;
        for (long b = first >>> 2; 4 * b < end; b += NL) {
            LongVector p = LongVector.zero(L).addIndex(1).add(b), q = q0;
            int k0 = (int) seed, k1 = (int) (seed >>> 32);
            for (int r = 0; r < ROUNDS; r++) { // as block(): x0' = hi(M1 x2) ^ x1 ^ k0, x1' = lo(M1 x2), ...
                LongVector m0 = p.and(LO).mul(M0 & LO), m1 = q.and(LO).mul(M1 & LO);
                p = m1.lanewise(VectorOperators.XOR, p).lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, k0 & LO)
                        .or(m1.lanewise(VectorOperators.LSHL, 32));
                q = m0.lanewise(VectorOperators.XOR, q).lanewise(VectorOperators.LSHR, 32).lanewise(VectorOperators.XOR, k1 & LO)
                        .or(m0.lanewise(VectorOperators.LSHL, 32));
                k0 += W0;
                k1 += W1;
            }
            IntVector lo = p.rearrange(ZIP_LO).blend(q.rearrange(ZIP_LO), ODD).reinterpretAsInts();
            IntVector hi = p.rearrange(ZIP_HI).blend(q.rearrange(ZIP_HI), ODD).reinterpretAsInts();
            int rel = (int) (4 * b - first); // in [-3, n)
            if (iout != null) {
                store(lo, iout, off, rel, n);
                store(hi, iout, off, rel + N, n);
            } else {
                store(lo, fout, off, rel, n);
                store(hi, fout, off, rel + N, n);
            }
        }
    }

    private static final VectorShuffle<Long> ZIP_LO = VectorShuffle.fromOp(L, l -> l / 2);
    private static final VectorShuffle<Long> ZIP_HI = VectorShuffle.fromOp(L, l -> NL / 2 + l / 2);
    private static final VectorMask<Long> ODD = VectorMask.fromLong(L, 0xAAAA_AAAA_AAAA_AAAAL);

    /** Stores draws {@code rel .. rel+N-1} of a call that wants draws {@code 0 .. n-1} at {@code out[off]}. */
    private static void store(IntVector v, int[] out, int off, int rel, int n) {
        if (rel >= 0 && rel <= n - N) v.intoArray(out, off + rel);
        else if (rel < n) v.intoArray(out, off + rel, I.indexInRange(rel, n));
    }

    /** As above, for float draws given as their bits. */
    private static void store(IntVector bits, float[] out, int off, int rel, int n) {
        FloatVector v = bits.reinterpretAsFloats();
        if (rel >= 0 && rel <= n - N) v.intoArray(out, off + rel);
        else if (rel < n) v.intoArray(out, off + rel, Simd.F.indexInRange(rel, n));
    }

    static void checkRange(long first, int n, int off, int length) {
        if (first < 0 || n < 0 || first > Long.MAX_VALUE - n)
            throw new IllegalArgumentException("draws " + first + " .. " + first + "+" + n + ": need first >= 0, n >= 0");
        Objects.checkFromIndexSize(off, n, length);
    }
}
