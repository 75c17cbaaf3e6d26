package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;

/**
 * Standard normal draws: draw {@code i} of stream {@code s} under {@code seed} is a pure function of
 * {@code (seed, s, i)} (addressing in {@link Philox}), identical bit for bit in the scalar and SIMD twins, on any JDK.
 *
 * <p>Box-Muller on each Philox block {@code (x0, x1, x2, x3)}: {@code (r(x0) cos t(x1), r(x0) sin t(x1),
 * r(x2) cos t(x3), r(x2) sin t(x3))} with {@code u(x) = ((x >>> 8) | 1) * 2^-24} in (0, 1) (never 0 or 1; the
 * radius is at most 5.8), {@code r = sqrt(-2 ln u)} and {@code t = 2 pi u}. The logarithm and the sine and cosine are
 * our own fma polynomials, not {@code Math} or the Vector API's, so that both twins (and an OpenCL port) round
 * alike; {@code GaussianTest} checks them against {@code Math} on all 2^23 inputs (within 1 ulp for ln, 1.2e-7 for the
 * unit circle).
 *
 * <p>Run: {@code mvn -q -pl kernels test -Dtest='Philox*,Gaussian*'}; bench: {@code GaussianBench}.
 */
public final class Gaussian {
    private Gaussian() {}

    // ln(1 + m) on [sqrt(1/2) - 1, sqrt(2) - 1], and ln 2 split in two (Cephes logf).
    private static final float SQRTHF = 0.707106781186547524f;
    private static final float P0 = 7.0376836292E-2f, P1 = -1.1514610310E-1f, P2 = 1.1676998740E-1f;
    private static final float P3 = -1.2420140846E-1f, P4 = 1.4249322787E-1f, P5 = -1.6668057665E-1f;
    private static final float P6 = 2.0000714765E-1f, P7 = -2.4999993993E-1f, P8 = 3.3333331174E-1f;
    private static final float LN2_LO = -2.12194440e-4f, LN2_HI = 0.693359375f;

    // sin(pi/2 f) = f * S(f^2) and cos(pi/2 f) = C(f^2) for |f| <= 1/2: Taylor terms up to f^9 and f^10.
    private static final double A = Math.PI / 2;
    private static final float S1 = (float) A, S3 = (float) (-A * A * A / 6), S5 = (float) (A * A * A * A * A / 120);
    private static final float S7 = (float) (-A * A * A * A * A * A * A / 5040);
    private static final float S9 = (float) (A * A * A * A * A * A * A * A * A / 362880);
    private static final float C2 = (float) (-A * A / 2), C4 = (float) (A * A * A * A / 24);
    private static final float C6 = (float) (-A * A * A * A * A * A / 720);
    private static final float C8 = (float) (A * A * A * A * A * A * A * A / 40320);
    private static final float C10 = (float) (-A * A * A * A * A * A * A * A * A * A / 3628800);

    /** Standard normal draws {@code first .. first+n-1} of {@code stream} into {@code out[off..off+n-1]}. */
    public static void fill(long seed, long stream, long first, int n, float[] out, int off) {
        if (Simd.ENABLED) fillSimd(seed, stream, first, n, out, off);
        else fillScalar(seed, stream, first, n, out, off);
    }

    public static void fillScalar(long seed, long stream, long first, int n, float[] out, int off) {
        fill(seed, stream, first, n, out, off, false);
    }

    /**
     * Both twins: whole blocks go through {@link Philox#fillBits} into {@code out} and two in-place passes, radii then
     * turns; the at most 3 + 3 draws of partial blocks at the ends go through {@link #draw}.
     *
     * <p>Why passes: C2 stops inlining a compilation at about 18000 IR nodes (NodeCountInliningCutoff, fixed in
     * product JVMs), and each Vector API call costs a few hundred; past it, calls are not inlined and every vector is
     * boxed (about 10 bytes of garbage per draw). So each SIMD loop is a method of its own, written out to more than
     * FreqInlineSize (325 bytes) so that C2 never inlines two of them into one compilation. {@code
     * PhiloxAllocationTest} checks the result.
     */
    public static void fillSimd(long seed, long stream, long first, int n, float[] out, int off) {
        fill(seed, stream, first, n, out, off, true);
    }

    private static void fill(long seed, long stream, long first, int n, float[] out, int off, boolean simd) {
        Philox.checkRange(first, n, off, out.length);
        int head = (int) Math.min(n, (4 - (first & 3)) & 3), body = (n - head) & ~3;
        for (int i = 0; i < head; i++) out[off + i] = draw(seed, stream, first + i);
        Philox.fillBits(seed, stream, first + head, body, out, off + head, simd);
        if (simd) {
            radiiSimd(out, off + head, body);
            turnsSimd(out, off + head, body);
        } else {
            radii(out, off + head, body);
            turns(out, off + head, body);
        }
        for (int i = head + body; i < n; i++) out[off + i] = draw(seed, stream, first + i);
    }

    /** Draw {@code i} of {@code stream} alone (two block functions). */
    public static float draw(long seed, long stream, long i) {
        float r = radius(Philox.word(seed, stream, i & ~1L));
        int angle = Philox.word(seed, stream, i | 1);
        return r * ((i & 1) == 0 ? cosTurn(angle) : sinTurn(angle));
    }

    /** Pass 1 over words in draw order (as float bits, n even): each radius word {@code x_2p} becomes {@code r(x_2p)}. */
    static void radii(float[] out, int off, int n) {
        for (int i = 0; i < n; i += 2) out[off + i] = radius(Float.floatToRawIntBits(out[off + i]));
    }

    /** Pass 2: each {@code (r, x)} becomes {@code (r cos t(x), r sin t(x))}. */
    static void turns(float[] out, int off, int n) {
        for (int i = 0; i < n; i += 2) {
            float r = out[off + i];
            int angle = Float.floatToRawIntBits(out[off + i + 1]);
            out[off + i] = r * cosTurn(angle);
            out[off + i + 1] = r * sinTurn(angle);
        }
    }

    // ---- scalar math; the SIMD passes further down repeat it operation for operation ----

    /** {@code ln(j * 2^-24)} for odd {@code j} in [1, 2^24). */
    static float lnOpen(int j) {
        int bits = Float.floatToRawIntBits((float) j); // exact
        float e = (float) ((bits >>> 23) - 150);        // j * 2^-24 = m * 2^e, m in [1/2, 1)
        float m = Float.intBitsToFloat((bits & 0x007F_FFFF) | 0x3F00_0000);
        if (m < SQRTHF) {
            e -= 1f;
            m = m + m - 1f;
        } else {
            m = m - 1f;
        }
        float z = m * m;
        float y = P0;
        y = Math.fma(y, m, P1);
        y = Math.fma(y, m, P2);
        y = Math.fma(y, m, P3);
        y = Math.fma(y, m, P4);
        y = Math.fma(y, m, P5);
        y = Math.fma(y, m, P6);
        y = Math.fma(y, m, P7);
        y = Math.fma(y, m, P8);
        y = y * m * z;
        y = Math.fma(e, LN2_LO, y);
        y = Math.fma(z, -0.5f, y);
        return Math.fma(e, LN2_HI, m + y);
    }

    /** The Box-Muller radius {@code sqrt(-2 ln u(x))}. */
    static float radius(int x) {
        return (float) Math.sqrt(-2f * lnOpen((x >>> 8) | 1)); // correctly rounded, as the vector sqrt
    }

    /** {@code cos(2 pi u(x))}. */
    static float cosTurn(int x) {
        int j = (x >>> 8) | 1, q = (j + (1 << 21)) >>> 22; // 2 pi u = q pi/2 + f pi/2, |f| <= 1/2, exactly
        float f = (j - (q << 22)) * 0x1p-22f, w = f * f;
        int bits = Float.floatToRawIntBits((q & 1) != 0 ? f * sinPoly(w) : cosPoly(w));
        return Float.intBitsToFloat(bits ^ (((q + 1) & 2) << 30));
    }

    /** {@code sin(2 pi u(x)) = cos(2 pi (u(x) - 1/4))}: x - 2^30 moves u back a quarter turn, f is unchanged. */
    static float sinTurn(int x) {
        return cosTurn(x - QUARTER);
    }

    private static final int QUARTER = 1 << 30;

    private static float sinPoly(float w) {
        float p = S9;
        p = Math.fma(p, w, S7);
        p = Math.fma(p, w, S5);
        p = Math.fma(p, w, S3);
        return Math.fma(p, w, S1);
    }

    private static float cosPoly(float w) {
        float p = C10;
        p = Math.fma(p, w, C8);
        p = Math.fma(p, w, C6);
        p = Math.fma(p, w, C4);
        p = Math.fma(p, w, C2);
        return Math.fma(p, w, 1f);
    }

    // ---- SIMD passes over Philox words in draw order (x0, x1, x2, x3, ...), as float bits; n a multiple of 2N ----

    private static final int N = Philox.N;
    private static final VectorShuffle<Integer> EVENS = VectorShuffle.fromOp(Philox.I, l -> 2 * l % N);
    private static final VectorShuffle<Integer> HALF_LO = VectorShuffle.fromOp(Philox.I, l -> l / 2);
    private static final VectorShuffle<Integer> HALF_HI = VectorShuffle.fromOp(Philox.I, l -> N / 2 + l / 2);
    private static final VectorShuffle<Integer> EVEN = VectorShuffle.fromOp(Philox.I, l -> l & ~1);
    private static final VectorShuffle<Integer> ODD = VectorShuffle.fromOp(Philox.I, l -> l | 1);
    private static final VectorMask<Integer> UPPER = Philox.I.indexInRange(-N / 2, N / 2);
    private static final VectorMask<Integer> EVEN_LANES = VectorMask.fromLong(Philox.I, 0x5555_5555_5555_5555L);
    private static final VectorMask<Integer> ODD_LANES = EVEN_LANES.not();

    /** {@link #radii}, the even lanes of two vectors making one. */
    static void radiiSimd(float[] out, int off, int n) {
        int i = 0;
        for (; i <= n - 2 * N; i += 2 * N) {
            IntVector a = FloatVector.fromArray(Simd.F, out, off + i).reinterpretAsInts();
            IntVector b = FloatVector.fromArray(Simd.F, out, off + i + N).reinterpretAsInts();
            IntVector j = a.rearrange(EVENS).blend(b.rearrange(EVENS), UPPER).lanewise(VectorOperators.LSHR, 8).or(1);
            // lnOpen(j), as the scalar twin
            IntVector bits = ((FloatVector) j.convert(VectorOperators.I2F, 0)).reinterpretAsInts();
            FloatVector e = (FloatVector) bits.lanewise(VectorOperators.LSHR, 23).sub(150).convert(VectorOperators.I2F, 0);
            FloatVector m = bits.and(0x007F_FFFF).or(0x3F00_0000).reinterpretAsFloats();
            VectorMask<Float> small = m.lt(SQRTHF);
            e = e.sub(1f, small);
            m = m.sub(1f).blend(m.add(m).sub(1f), small);
            FloatVector z = m.mul(m);
            FloatVector y = FloatVector.broadcast(Simd.F, P0);
            y = fma(y, m, P1);
            y = fma(y, m, P2);
            y = fma(y, m, P3);
            y = fma(y, m, P4);
            y = fma(y, m, P5);
            y = fma(y, m, P6);
            y = fma(y, m, P7);
            y = fma(y, m, P8);
            y = y.mul(m).mul(z);
            y = e.fma(FloatVector.broadcast(Simd.F, LN2_LO), y);
            y = z.fma(FloatVector.broadcast(Simd.F, -0.5f), y);
            FloatVector ln = e.fma(FloatVector.broadcast(Simd.F, LN2_HI), m.add(y));
            // radius(x) = sqrt(-2 ln), back into the even lanes
            IntVector r = ln.mul(-2f).sqrt().reinterpretAsInts();
            a.blend(r.rearrange(HALF_LO), EVEN_LANES).reinterpretAsFloats().intoArray(out, off + i);
            b.blend(r.rearrange(HALF_HI), EVEN_LANES).reinterpretAsFloats().intoArray(out, off + i + N);
        }
        radii(out, off + i, n - i);
    }

    /** {@link #turns}: the sine is the cosine a quarter turn back, so each lane computes one cosine. */
    static void turnsSimd(float[] out, int off, int n) {
        int i = 0;
        for (; i <= n - N; i += N) {
            IntVector v = FloatVector.fromArray(Simd.F, out, off + i).reinterpretAsInts();
            FloatVector r = v.rearrange(EVEN).reinterpretAsFloats();
            // cosTurn(angle), as the scalar twin
            IntVector x = v.rearrange(ODD).sub(QUARTER, ODD_LANES);
            IntVector j = x.lanewise(VectorOperators.LSHR, 8).or(1), q = j.add(1 << 21).lanewise(VectorOperators.LSHR, 22);
            FloatVector f = ((FloatVector) j.sub(q.lanewise(VectorOperators.LSHL, 22)).convert(VectorOperators.I2F, 0)).mul(0x1p-22f);
            FloatVector w = f.mul(f);
            FloatVector sp = FloatVector.broadcast(Simd.F, S9);
            sp = fma(sp, w, S7);
            sp = fma(sp, w, S5);
            sp = fma(sp, w, S3);
            sp = fma(sp, w, S1);
            FloatVector cp = FloatVector.broadcast(Simd.F, C10);
            cp = fma(cp, w, C8);
            cp = fma(cp, w, C6);
            cp = fma(cp, w, C4);
            cp = fma(cp, w, C2);
            cp = fma(cp, w, 1f);
            IntVector sin = f.mul(sp).reinterpretAsInts(), cos = cp.reinterpretAsInts();
            VectorMask<Integer> swap = q.and(1).compare(VectorOperators.NE, 0);
            FloatVector c = cos.blend(sin, swap).lanewise(VectorOperators.XOR, q.add(1).and(2).lanewise(VectorOperators.LSHL, 30))
                    .reinterpretAsFloats();
            r.mul(c).intoArray(out, off + i);
        }
        turns(out, off + i, n - i);
    }

    private static FloatVector fma(FloatVector a, FloatVector b, float c) {
        return a.fma(b, FloatVector.broadcast(Simd.F, c));
    }
}
