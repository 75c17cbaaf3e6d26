package spheres.kernels;

import jdk.incubator.vector.FloatVector;
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
        Philox.fillBits(seed, stream, first, n, out, off, false);
        units(out, off, n);
    }

    /** Philox bits straight into {@code out}, then converted in place. */
    public static void fillSimd(long seed, long stream, long first, int n, float[] out, int off) {
        Philox.fillBits(seed, stream, first, n, out, off, true);
        int i = 0;
        for (; i <= n - Philox.N; i += Philox.N) unit(FloatVector.fromArray(Simd.F, out, off + i)).intoArray(out, off + i);
        units(out, off + i, n - i);
    }

    /** Draw {@code i} of {@code stream} alone. */
    public static float draw(long seed, long stream, long i) {
        return (Philox.word(seed, stream, i) >>> 8) * 0x1p-24f;
    }

    /** Words (as float bits) to uniforms, in place. */
    private static void units(float[] out, int off, int n) {
        for (int i = 0; i < n; i++) out[off + i] = (Float.floatToRawIntBits(out[off + i]) >>> 8) * 0x1p-24f;
    }

    private static FloatVector unit(FloatVector bits) {
        return ((FloatVector) bits.reinterpretAsInts().lanewise(VectorOperators.LSHR, 8).convert(VectorOperators.I2F, 0)).mul(0x1p-24f);
    }
}
