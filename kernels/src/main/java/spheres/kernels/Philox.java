package spheres.kernels;

import java.util.Objects;
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
 * multiplies and one 64-bit interleave puts the words in draw order. Gaussian and Uniform have the raw bits written
 * into their float output and transform them in place, in loops of their own (see {@link Gaussian#fillSimd} for why).
 * Partial blocks at the ends, and blocks left over after the SIMD steps, go through the scalar block function.
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
        Objects.checkFromIndexSize(off, 4, out.length);
        block(k0 & LO | (long) k1 << 32, c2 & LO | (long) c3 << 32, c0 & LO | (long) c1 << 32, out, null, off, 0);
    }

    /** Word {@code i} of {@code stream}, alone (one block function). */
    public static int word(long seed, long stream, long i) {
        return block(seed, stream, i >>> 2, null, null, 0, (int) (i & 3));
    }

    /**
     * The block function on an address: block {@code b} of {@code stream} under {@code seed}. Writes its 4 words at
     * {@code iout[at]}, or their bits at {@code fout[at]}, if either is given; returns word {@code lane}.
     */
    static int block(long seed, long stream, long b, int[] iout, float[] fout, int at, int lane) {
        int c0 = (int) b, c1 = (int) (b >>> 32), c2 = (int) stream, c3 = (int) (stream >>> 32);
        int k0 = (int) seed, k1 = (int) (seed >>> 32);
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
        if (iout != null) {
            iout[at] = c0;
            iout[at + 1] = c1;
            iout[at + 2] = c2;
            iout[at + 3] = c3;
        } else if (fout != null) {
            fout[at] = Float.intBitsToFloat(c0);
            fout[at + 1] = Float.intBitsToFloat(c1);
            fout[at + 2] = Float.intBitsToFloat(c2);
            fout[at + 3] = Float.intBitsToFloat(c3);
        }
        return lane == 0 ? c0 : lane == 1 ? c1 : lane == 2 ? c2 : c3;
    }

    /** Raw 32-bit words {@code first .. first+n-1} of {@code stream} into {@code out[off..off+n-1]}. */
    public static void fill(long seed, long stream, long first, int n, int[] out, int off) {
        if (Simd.ENABLED) fillSimd(seed, stream, first, n, out, off);
        else fillScalar(seed, stream, first, n, out, off);
    }

    public static void fillScalar(long seed, long stream, long first, int n, int[] out, int off) {
        checkRange(first, n, off, out.length);
        words(seed, stream, first, n, out, null, off, false);
    }

    public static void fillSimd(long seed, long stream, long first, int n, int[] out, int off) {
        checkRange(first, n, off, out.length);
        words(seed, stream, first, n, out, null, off, true);
    }

    /** As {@link #fill}, writing each word's bits into a float (a raw bit pattern, for an in-place transform). */
    static void fillBits(long seed, long stream, long first, int n, float[] out, int off, boolean simd) {
        checkRange(first, n, off, out.length);
        words(seed, stream, first, n, null, out, off, simd);
    }

    /** Partial blocks at the ends word by word, whole blocks by the SIMD steps (then one by one) or one by one. */
    private static void words(long seed, long stream, long first, int n, int[] iout, float[] fout, int off, boolean simd) {
        int i = 0;
        for (; i < n && ((first + i) & 3) != 0; i++) put(word(seed, stream, first + i), iout, fout, off + i);
        int blocks = (n - i) >>> 2;
        if (simd && iout != null) blocksSimd(seed, stream, (first + i) >>> 2, blocks, iout, off + i);
        else if (simd) blocksSimd(seed, stream, (first + i) >>> 2, blocks, fout, off + i);
        else for (int k = 0; k < blocks; k++) block(seed, stream, ((first + i) >>> 2) + k, iout, fout, off + i + 4 * k, 0);
        for (i += 4 * blocks; i < n; i++) put(word(seed, stream, first + i), iout, fout, off + i);
    }

    private static void put(int word, int[] iout, float[] fout, int at) {
        if (iout != null) iout[at] = word;
        else fout[at] = Float.intBitsToFloat(word);
    }

    /*
     * The SIMD steps. Each long lane holds one block as two pairs, P = x0 | x1 << 32 and Q = x2 | x3 << 32 (so the
     * counter P is just the block index and Q the stream); a step runs NL blocks and interleaves P and Q into draw
     * order; each iteration runs two independent steps; blocks left over go one by one. The rounds are written out and the int[] and float[] versions kept apart
     * on purpose: each must stay over FreqInlineSize (325 bytes) so that C2 compiles it alone, within its inlining
     * node budget (see Gaussian.fillSimd); past the budget every vector is boxed.
     */

    /** Blocks {@code b0 .. b0+blocks-1} into {@code out[at ..]}. */
    private static void blocksSimd(long seed, long stream, long b0, int blocks, int[] out, int at) {
        int k = 0;
        for (; k <= blocks - 2 * NL; k += 2 * NL) { // two steps: the multiplies' latency, not their count, limits
            LongVector p = LongVector.zero(L).addIndex(1).add(b0 + k), q = LongVector.broadcast(L, stream);
            LongVector p2 = p.add(NL), q2 = q;
            for (int r = 0, k0 = (int) seed, k1 = (int) (seed >>> 32); r < ROUNDS; r++, k0 += W0, k1 += W1) {
                // (x0, x1) = (hi(M1 x2) ^ x1 ^ k0, lo(M1 x2)) and (x2, x3) = (hi(M0 x0) ^ x3 ^ k1, lo(M0 x0))
                LongVector m1 = q.and(LO).mul(M1 & LO), m0 = p.and(LO).mul(M0 & LO);
                LongVector n1 = q2.and(LO).mul(M1 & LO), n0 = p2.and(LO).mul(M0 & LO);
                p = m1.lanewise(VectorOperators.XOR, p).lanewise(VectorOperators.LSHR, 32)
                        .lanewise(VectorOperators.XOR, k0 & LO).or(m1.lanewise(VectorOperators.LSHL, 32));
                q = m0.lanewise(VectorOperators.XOR, q).lanewise(VectorOperators.LSHR, 32)
                        .lanewise(VectorOperators.XOR, k1 & LO).or(m0.lanewise(VectorOperators.LSHL, 32));
                p2 = n1.lanewise(VectorOperators.XOR, p2).lanewise(VectorOperators.LSHR, 32)
                        .lanewise(VectorOperators.XOR, k0 & LO).or(n1.lanewise(VectorOperators.LSHL, 32));
                q2 = n0.lanewise(VectorOperators.XOR, q2).lanewise(VectorOperators.LSHR, 32)
                        .lanewise(VectorOperators.XOR, k1 & LO).or(n0.lanewise(VectorOperators.LSHL, 32));
            }
            p.rearrange(ZIP_LO).blend(q.rearrange(ZIP_LO), ODD).reinterpretAsInts().intoArray(out, at + 4 * k);
            p.rearrange(ZIP_HI).blend(q.rearrange(ZIP_HI), ODD).reinterpretAsInts().intoArray(out, at + 4 * k + N);
            p2.rearrange(ZIP_LO).blend(q2.rearrange(ZIP_LO), ODD).reinterpretAsInts().intoArray(out, at + 4 * k + 2 * N);
            p2.rearrange(ZIP_HI).blend(q2.rearrange(ZIP_HI), ODD).reinterpretAsInts().intoArray(out, at + 4 * k + 3 * N);
        }
        for (; k < blocks; k++) block(seed, stream, b0 + k, out, null, at + 4 * k, 0);
    }

    /** Blocks {@code b0 .. b0+blocks-1} into {@code out[at ..]}, as float bits. */
    private static void blocksSimd(long seed, long stream, long b0, int blocks, float[] out, int at) {
        int k = 0;
        for (; k <= blocks - 2 * NL; k += 2 * NL) { // two steps: the multiplies' latency, not their count, limits
            LongVector p = LongVector.zero(L).addIndex(1).add(b0 + k), q = LongVector.broadcast(L, stream);
            LongVector p2 = p.add(NL), q2 = q;
            for (int r = 0, k0 = (int) seed, k1 = (int) (seed >>> 32); r < ROUNDS; r++, k0 += W0, k1 += W1) {
                // (x0, x1) = (hi(M1 x2) ^ x1 ^ k0, lo(M1 x2)) and (x2, x3) = (hi(M0 x0) ^ x3 ^ k1, lo(M0 x0))
                LongVector m1 = q.and(LO).mul(M1 & LO), m0 = p.and(LO).mul(M0 & LO);
                LongVector n1 = q2.and(LO).mul(M1 & LO), n0 = p2.and(LO).mul(M0 & LO);
                p = m1.lanewise(VectorOperators.XOR, p).lanewise(VectorOperators.LSHR, 32)
                        .lanewise(VectorOperators.XOR, k0 & LO).or(m1.lanewise(VectorOperators.LSHL, 32));
                q = m0.lanewise(VectorOperators.XOR, q).lanewise(VectorOperators.LSHR, 32)
                        .lanewise(VectorOperators.XOR, k1 & LO).or(m0.lanewise(VectorOperators.LSHL, 32));
                p2 = n1.lanewise(VectorOperators.XOR, p2).lanewise(VectorOperators.LSHR, 32)
                        .lanewise(VectorOperators.XOR, k0 & LO).or(n1.lanewise(VectorOperators.LSHL, 32));
                q2 = n0.lanewise(VectorOperators.XOR, q2).lanewise(VectorOperators.LSHR, 32)
                        .lanewise(VectorOperators.XOR, k1 & LO).or(n0.lanewise(VectorOperators.LSHL, 32));
            }
            p.rearrange(ZIP_LO).blend(q.rearrange(ZIP_LO), ODD).reinterpretAsFloats().intoArray(out, at + 4 * k);
            p.rearrange(ZIP_HI).blend(q.rearrange(ZIP_HI), ODD).reinterpretAsFloats().intoArray(out, at + 4 * k + N);
            p2.rearrange(ZIP_LO).blend(q2.rearrange(ZIP_LO), ODD).reinterpretAsFloats().intoArray(out, at + 4 * k + 2 * N);
            p2.rearrange(ZIP_HI).blend(q2.rearrange(ZIP_HI), ODD).reinterpretAsFloats().intoArray(out, at + 4 * k + 3 * N);
        }
        for (; k < blocks; k++) block(seed, stream, b0 + k, null, out, at + 4 * k, 0);
    }

    private static final VectorShuffle<Long> ZIP_LO = VectorShuffle.fromOp(L, l -> l / 2);
    private static final VectorShuffle<Long> ZIP_HI = VectorShuffle.fromOp(L, l -> NL / 2 + l / 2);
    private static final VectorMask<Long> ODD = VectorMask.fromLong(L, 0xAAAA_AAAA_AAAA_AAAAL);

    static void checkRange(long first, int n, int off, int length) {
        if (first < 0 || n < 0 || first > Long.MAX_VALUE - n)
            throw new IllegalArgumentException("draws first=" + first + ", n=" + n
                    + ": need first >= 0, n >= 0 and first + n <= Long.MAX_VALUE");
        Objects.checkFromIndexSize(off, n, length);
    }
}
