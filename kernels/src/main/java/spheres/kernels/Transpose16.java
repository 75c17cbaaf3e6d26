package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A 16 x 16 transpose in registers, for packing the panels of {@link Gemm} whose source runs the other way (B of
 * NT, A of NN): 16 row loads, four rounds of swapping the off-diagonal blocks of 8, 4, 2 and 1 lanes (a permute
 * and a blend each), 16 stores. Pure data movement: the packed panels are the same bits as a gather's.
 *
 * <p>Where it pays depends on the JDK: JDK 25 compiles the permutes and blends to single instructions, and the
 * transpose packs at 0.19 ns an element against 1.0 for 16-lane gathers (measured on Zen 4 under load); JDK 17
 * leaves them on a slow path (10 ns an element). {@link #FAST} says which one this JVM is; the property
 * {@code spheres.gemm.transpose=true|false} overrides it.
 */
public final class Transpose16 {
    private Transpose16() {}

    /** Always 16 lanes, so that the transpose is correct (if slow) on any machine and its test runs everywhere. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    /** The machine's species is 16 floats (AVX-512) and the JVM compiles shuffles well (feature release 25 on). */
    public static final boolean FAST = Simd.ENABLED && Simd.F.length() == 16 && Boolean.parseBoolean(
            System.getProperty("spheres.gemm.transpose", Boolean.toString(Runtime.version().feature() >= 25)));

    private static final VectorShuffle<Float> UP1 = shuffle(1), DOWN1 = shuffle(15);
    private static final VectorMask<Float> HIGH1 = VectorMask.fromLong(F, 0xaaaaL);
    private static final VectorShuffle<Float> UP2 = shuffle(2), DOWN2 = shuffle(14);
    private static final VectorMask<Float> HIGH2 = VectorMask.fromLong(F, 0xccccL);
    private static final VectorShuffle<Float> UP4 = shuffle(4), DOWN4 = shuffle(12);
    private static final VectorMask<Float> HIGH4 = VectorMask.fromLong(F, 0xf0f0L);
    private static final VectorShuffle<Float> UP8 = shuffle(8), DOWN8 = shuffle(8);
    private static final VectorMask<Float> HIGH8 = VectorMask.fromLong(F, 0xff00L);

    private static VectorShuffle<Float> shuffle(int by) {
        return VectorShuffle.fromOp(F, l -> (l + by) % 16);
    }

    /**
     * {@code out[outOff + i * outLd + r] = a[off + r * ld + i]} for {@code r < rows} (1 to 16) and {@code i < 16}. Each
     * output row is stored as 16 lanes, in order of i: lanes from {@code rows} on hold copies of row 0 and land past
     * the row when {@code outLd < 16}, where the next output row (or the caller's slack) overwrites them.
     */
    public static void block(float[] a, int off, int ld, int rows, float[] out, int outOff, int outLd) {
        FloatVector r0 = FloatVector.fromArray(F, a, off);
        FloatVector r1 = rows > 1 ? FloatVector.fromArray(F, a, off + 1 * ld) : r0;
        FloatVector r2 = rows > 2 ? FloatVector.fromArray(F, a, off + 2 * ld) : r0;
        FloatVector r3 = rows > 3 ? FloatVector.fromArray(F, a, off + 3 * ld) : r0;
        FloatVector r4 = rows > 4 ? FloatVector.fromArray(F, a, off + 4 * ld) : r0;
        FloatVector r5 = rows > 5 ? FloatVector.fromArray(F, a, off + 5 * ld) : r0;
        FloatVector r6 = rows > 6 ? FloatVector.fromArray(F, a, off + 6 * ld) : r0;
        FloatVector r7 = rows > 7 ? FloatVector.fromArray(F, a, off + 7 * ld) : r0;
        FloatVector r8 = rows > 8 ? FloatVector.fromArray(F, a, off + 8 * ld) : r0;
        FloatVector r9 = rows > 9 ? FloatVector.fromArray(F, a, off + 9 * ld) : r0;
        FloatVector r10 = rows > 10 ? FloatVector.fromArray(F, a, off + 10 * ld) : r0;
        FloatVector r11 = rows > 11 ? FloatVector.fromArray(F, a, off + 11 * ld) : r0;
        FloatVector r12 = rows > 12 ? FloatVector.fromArray(F, a, off + 12 * ld) : r0;
        FloatVector r13 = rows > 13 ? FloatVector.fromArray(F, a, off + 13 * ld) : r0;
        FloatVector r14 = rows > 14 ? FloatVector.fromArray(F, a, off + 14 * ld) : r0;
        FloatVector r15 = rows > 15 ? FloatVector.fromArray(F, a, off + 15 * ld) : r0;
        // Swap the off-diagonal 8 x 8 blocks of each pair of rows 8 apart.
        { FloatVector x = r0, y = r8; r0 = x.blend(y.rearrange(DOWN8), HIGH8); r8 = x.rearrange(UP8).blend(y, HIGH8); }
        { FloatVector x = r1, y = r9; r1 = x.blend(y.rearrange(DOWN8), HIGH8); r9 = x.rearrange(UP8).blend(y, HIGH8); }
        { FloatVector x = r2, y = r10; r2 = x.blend(y.rearrange(DOWN8), HIGH8); r10 = x.rearrange(UP8).blend(y, HIGH8); }
        { FloatVector x = r3, y = r11; r3 = x.blend(y.rearrange(DOWN8), HIGH8); r11 = x.rearrange(UP8).blend(y, HIGH8); }
        { FloatVector x = r4, y = r12; r4 = x.blend(y.rearrange(DOWN8), HIGH8); r12 = x.rearrange(UP8).blend(y, HIGH8); }
        { FloatVector x = r5, y = r13; r5 = x.blend(y.rearrange(DOWN8), HIGH8); r13 = x.rearrange(UP8).blend(y, HIGH8); }
        { FloatVector x = r6, y = r14; r6 = x.blend(y.rearrange(DOWN8), HIGH8); r14 = x.rearrange(UP8).blend(y, HIGH8); }
        { FloatVector x = r7, y = r15; r7 = x.blend(y.rearrange(DOWN8), HIGH8); r15 = x.rearrange(UP8).blend(y, HIGH8); }
        // Swap the off-diagonal 4 x 4 blocks of each pair of rows 4 apart.
        { FloatVector x = r0, y = r4; r0 = x.blend(y.rearrange(DOWN4), HIGH4); r4 = x.rearrange(UP4).blend(y, HIGH4); }
        { FloatVector x = r1, y = r5; r1 = x.blend(y.rearrange(DOWN4), HIGH4); r5 = x.rearrange(UP4).blend(y, HIGH4); }
        { FloatVector x = r2, y = r6; r2 = x.blend(y.rearrange(DOWN4), HIGH4); r6 = x.rearrange(UP4).blend(y, HIGH4); }
        { FloatVector x = r3, y = r7; r3 = x.blend(y.rearrange(DOWN4), HIGH4); r7 = x.rearrange(UP4).blend(y, HIGH4); }
        { FloatVector x = r8, y = r12; r8 = x.blend(y.rearrange(DOWN4), HIGH4); r12 = x.rearrange(UP4).blend(y, HIGH4); }
        { FloatVector x = r9, y = r13; r9 = x.blend(y.rearrange(DOWN4), HIGH4); r13 = x.rearrange(UP4).blend(y, HIGH4); }
        { FloatVector x = r10, y = r14; r10 = x.blend(y.rearrange(DOWN4), HIGH4); r14 = x.rearrange(UP4).blend(y, HIGH4); }
        { FloatVector x = r11, y = r15; r11 = x.blend(y.rearrange(DOWN4), HIGH4); r15 = x.rearrange(UP4).blend(y, HIGH4); }
        // Swap the off-diagonal 2 x 2 blocks of each pair of rows 2 apart.
        { FloatVector x = r0, y = r2; r0 = x.blend(y.rearrange(DOWN2), HIGH2); r2 = x.rearrange(UP2).blend(y, HIGH2); }
        { FloatVector x = r1, y = r3; r1 = x.blend(y.rearrange(DOWN2), HIGH2); r3 = x.rearrange(UP2).blend(y, HIGH2); }
        { FloatVector x = r4, y = r6; r4 = x.blend(y.rearrange(DOWN2), HIGH2); r6 = x.rearrange(UP2).blend(y, HIGH2); }
        { FloatVector x = r5, y = r7; r5 = x.blend(y.rearrange(DOWN2), HIGH2); r7 = x.rearrange(UP2).blend(y, HIGH2); }
        { FloatVector x = r8, y = r10; r8 = x.blend(y.rearrange(DOWN2), HIGH2); r10 = x.rearrange(UP2).blend(y, HIGH2); }
        { FloatVector x = r9, y = r11; r9 = x.blend(y.rearrange(DOWN2), HIGH2); r11 = x.rearrange(UP2).blend(y, HIGH2); }
        { FloatVector x = r12, y = r14; r12 = x.blend(y.rearrange(DOWN2), HIGH2); r14 = x.rearrange(UP2).blend(y, HIGH2); }
        { FloatVector x = r13, y = r15; r13 = x.blend(y.rearrange(DOWN2), HIGH2); r15 = x.rearrange(UP2).blend(y, HIGH2); }
        // Swap the off-diagonal 1 x 1 blocks of each pair of rows 1 apart.
        { FloatVector x = r0, y = r1; r0 = x.blend(y.rearrange(DOWN1), HIGH1); r1 = x.rearrange(UP1).blend(y, HIGH1); }
        { FloatVector x = r2, y = r3; r2 = x.blend(y.rearrange(DOWN1), HIGH1); r3 = x.rearrange(UP1).blend(y, HIGH1); }
        { FloatVector x = r4, y = r5; r4 = x.blend(y.rearrange(DOWN1), HIGH1); r5 = x.rearrange(UP1).blend(y, HIGH1); }
        { FloatVector x = r6, y = r7; r6 = x.blend(y.rearrange(DOWN1), HIGH1); r7 = x.rearrange(UP1).blend(y, HIGH1); }
        { FloatVector x = r8, y = r9; r8 = x.blend(y.rearrange(DOWN1), HIGH1); r9 = x.rearrange(UP1).blend(y, HIGH1); }
        { FloatVector x = r10, y = r11; r10 = x.blend(y.rearrange(DOWN1), HIGH1); r11 = x.rearrange(UP1).blend(y, HIGH1); }
        { FloatVector x = r12, y = r13; r12 = x.blend(y.rearrange(DOWN1), HIGH1); r13 = x.rearrange(UP1).blend(y, HIGH1); }
        { FloatVector x = r14, y = r15; r14 = x.blend(y.rearrange(DOWN1), HIGH1); r15 = x.rearrange(UP1).blend(y, HIGH1); }
        r0.intoArray(out, outOff + 0 * outLd);
        r1.intoArray(out, outOff + 1 * outLd);
        r2.intoArray(out, outOff + 2 * outLd);
        r3.intoArray(out, outOff + 3 * outLd);
        r4.intoArray(out, outOff + 4 * outLd);
        r5.intoArray(out, outOff + 5 * outLd);
        r6.intoArray(out, outOff + 6 * outLd);
        r7.intoArray(out, outOff + 7 * outLd);
        r8.intoArray(out, outOff + 8 * outLd);
        r9.intoArray(out, outOff + 9 * outLd);
        r10.intoArray(out, outOff + 10 * outLd);
        r11.intoArray(out, outOff + 11 * outLd);
        r12.intoArray(out, outOff + 12 * outLd);
        r13.intoArray(out, outOff + 13 * outLd);
        r14.intoArray(out, outOff + 14 * outLd);
        r15.intoArray(out, outOff + 15 * outLd);
    }

    /** The scalar twin of {@link #block}, for tests: the same elements, without the junk lanes. */
    public static void blockScalar(float[] a, int off, int ld, int rows, float[] out, int outOff, int outLd) {
        for (int i = 0; i < 16; i++)
            for (int r = 0; r < rows; r++) out[outOff + i * outLd + r] = a[off + r * ld + i];
    }
}
