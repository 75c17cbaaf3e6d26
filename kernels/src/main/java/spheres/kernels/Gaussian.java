package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

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
        Philox.checkRange(first, n, off, out.length);
        int[] w = new int[4];
        float[] z = new float[4];
        for (long i = first, end = first + n; i < end; ) {
            long b = i >>> 2;
            Philox.block((int) b, (int) (b >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), w, 0);
            float ra = radius(w[0]), rb = radius(w[2]);
            z[0] = ra * cosTurn(w[1]);
            z[1] = ra * sinTurn(w[1]);
            z[2] = rb * cosTurn(w[3]);
            z[3] = rb * sinTurn(w[3]);
            for (int l = (int) (i & 3); l < 4 && i < end; l++, i++) out[off + (int) (i - first)] = z[l];
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
            FloatVector ra = radius(x0), rb = radius(x2);
            IntVector z0 = ra.mul(cosTurn(x1)).reinterpretAsInts(), z1 = ra.mul(sinTurn(x1)).reinterpretAsInts();
            IntVector z2 = rb.mul(cosTurn(x3)).reinterpretAsInts(), z3 = rb.mul(sinTurn(x3)).reinterpretAsInts();
            IntVector a = Philox.zipLo(z0, z1), a2 = Philox.zipHi(z0, z1);
            IntVector c = Philox.zipLo(z2, z3), c2 = Philox.zipHi(z2, z3);
            int rel = (int) (4 * b - first); // in [-3, n)
            Philox.store(Philox.zipLo64(a, c), out, off, rel, n);
            Philox.store(Philox.zipHi64(a, c), out, off, rel + N, n);
            Philox.store(Philox.zipLo64(a2, c2), out, off, rel + 2 * N, n);
            Philox.store(Philox.zipHi64(a2, c2), out, off, rel + 3 * N, n);
        }
    }

    // ---- scalar math; every SIMD helper below repeats its scalar twin operation for operation ----

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

    /** {@code sin(2 pi u(x))}. */
    static float sinTurn(int x) {
        int j = (x >>> 8) | 1, q = (j + (1 << 21)) >>> 22;
        float f = (j - (q << 22)) * 0x1p-22f, w = f * f;
        int bits = Float.floatToRawIntBits((q & 1) != 0 ? cosPoly(w) : f * sinPoly(w));
        return Float.intBitsToFloat(bits ^ ((q & 2) << 30));
    }

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

    // ---- SIMD twins of the scalar math ----

    static FloatVector lnOpen(IntVector j) {
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
        return e.fma(FloatVector.broadcast(Simd.F, LN2_HI), m.add(y));
    }

    static FloatVector radius(IntVector x) {
        return lnOpen(x.lanewise(VectorOperators.LSHR, 8).or(1)).mul(-2f).sqrt();
    }

    static FloatVector cosTurn(IntVector x) {
        IntVector j = x.lanewise(VectorOperators.LSHR, 8).or(1), q = j.add(1 << 21).lanewise(VectorOperators.LSHR, 22);
        FloatVector f = ((FloatVector) j.sub(q.lanewise(VectorOperators.LSHL, 22)).convert(VectorOperators.I2F, 0)).mul(0x1p-22f);
        FloatVector w = f.mul(f);
        IntVector s = f.mul(sinPoly(w)).reinterpretAsInts(), c = cosPoly(w).reinterpretAsInts();
        VectorMask<Integer> odd = q.and(1).compare(VectorOperators.NE, 0);
        return c.blend(s, odd).lanewise(VectorOperators.XOR, q.add(1).and(2).lanewise(VectorOperators.LSHL, 30)).reinterpretAsFloats();
    }

    static FloatVector sinTurn(IntVector x) {
        IntVector j = x.lanewise(VectorOperators.LSHR, 8).or(1), q = j.add(1 << 21).lanewise(VectorOperators.LSHR, 22);
        FloatVector f = ((FloatVector) j.sub(q.lanewise(VectorOperators.LSHL, 22)).convert(VectorOperators.I2F, 0)).mul(0x1p-22f);
        FloatVector w = f.mul(f);
        IntVector s = f.mul(sinPoly(w)).reinterpretAsInts(), c = cosPoly(w).reinterpretAsInts();
        VectorMask<Integer> odd = q.and(1).compare(VectorOperators.NE, 0);
        return s.blend(c, odd).lanewise(VectorOperators.XOR, q.and(2).lanewise(VectorOperators.LSHL, 30)).reinterpretAsFloats();
    }

    private static FloatVector sinPoly(FloatVector w) {
        FloatVector p = FloatVector.broadcast(Simd.F, S9);
        p = fma(p, w, S7);
        p = fma(p, w, S5);
        p = fma(p, w, S3);
        return fma(p, w, S1);
    }

    private static FloatVector cosPoly(FloatVector w) {
        FloatVector p = FloatVector.broadcast(Simd.F, C10);
        p = fma(p, w, C8);
        p = fma(p, w, C6);
        p = fma(p, w, C4);
        p = fma(p, w, C2);
        return fma(p, w, 1f);
    }

    private static FloatVector fma(FloatVector a, FloatVector b, float c) {
        return a.fma(b, FloatVector.broadcast(Simd.F, c));
    }
}
