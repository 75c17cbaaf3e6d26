package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register transposes for packing the panels of {@link Gemm} whose source runs the other way (B of NT, A of NN):
 * {@link #block16} (16 x 16, 512-bit) and {@link #block8} (8 x 8, 256-bit). Each loads the rows, swaps the
 * off-diagonal blocks in rounds (8, 4, 2, 1 lanes; a permute and a blend each) and stores the columns. Pure data
 * movement: the packed panels are the same bits as any other packing. Which one is fastest depends on the machine
 * and the JDK (JDK 17 leaves 512-bit permutes on a slow path; AVX2 has no cheap gathers), so {@link Gemm} lets the
 * tuning choose ({@link Gemm.Pack}).
 */
public final class Transpose {
    private Transpose() {}

    /** Always 16 lanes, so that the transpose is correct (if slow) on any machine and its test runs everywhere. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_512;
    private static final VectorSpecies<Float> H = FloatVector.SPECIES_256;

    private static final VectorShuffle<Float> UP1 = shuffle(1), DOWN1 = shuffle(15);
    private static final VectorMask<Float> HIGH1 = VectorMask.fromLong(F, 0xaaaaL);
    private static final VectorShuffle<Float> UP2 = shuffle(2), DOWN2 = shuffle(14);
    private static final VectorMask<Float> HIGH2 = VectorMask.fromLong(F, 0xccccL);
    private static final VectorShuffle<Float> UP4 = shuffle(4), DOWN4 = shuffle(12);
    private static final VectorMask<Float> HIGH4 = VectorMask.fromLong(F, 0xf0f0L);
    private static final VectorShuffle<Float> UP8 = shuffle(8), DOWN8 = shuffle(8);
    private static final VectorMask<Float> HIGH8 = VectorMask.fromLong(F, 0xff00L);

    private static final VectorShuffle<Float> H_UP1 = VectorShuffle.fromOp(H, l -> (l + 1) % 8), H_DOWN1 = VectorShuffle.fromOp(H, l -> (l + 7) % 8);
    private static final VectorShuffle<Float> H_UP2 = VectorShuffle.fromOp(H, l -> (l + 2) % 8), H_DOWN2 = VectorShuffle.fromOp(H, l -> (l + 6) % 8);
    private static final VectorShuffle<Float> H_UP4 = VectorShuffle.fromOp(H, l -> (l + 4) % 8);
    private static final VectorMask<Float> H_HIGH1 = VectorMask.fromLong(H, 0xaaL), H_HIGH2 = VectorMask.fromLong(H, 0xccL),
            H_HIGH4 = VectorMask.fromLong(H, 0xf0L);

    private static VectorShuffle<Float> shuffle(int by) {
        return VectorShuffle.fromOp(F, l -> (l + by) % 16);
    }

    /**
     * {@code out[outOff + i * outLd + r] = a[off + r * ld + i]} for {@code r < 8, i < 8 * blocks}: a strip of eight
     * rows, eight columns at a time, each column stored as 8 lanes. The loop is in here, not in the caller, so that
     * the JIT keeps the shuffles and masks in registers across blocks (a call per block reloaded them every time).
     */
    public static void block8(float[] a, int off, int ld, float[] out, int outOff, int outLd, int blocks) {
        for (int b = 0; b < blocks; b++, off += 8, outOff += 8 * outLd) {
        FloatVector r0 = FloatVector.fromArray(H, a, off), r1 = FloatVector.fromArray(H, a, off + ld);
        FloatVector r2 = FloatVector.fromArray(H, a, off + 2 * ld), r3 = FloatVector.fromArray(H, a, off + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(H, a, off + 4 * ld), r5 = FloatVector.fromArray(H, a, off + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(H, a, off + 6 * ld), r7 = FloatVector.fromArray(H, a, off + 7 * ld);
        // Swap the off-diagonal 4 x 4 blocks of rows 4 apart, then 2 x 2 of rows 2 apart, then 1 x 1.
        { FloatVector x = r0, y = r4; r0 = x.blend(y.rearrange(H_UP4), H_HIGH4); r4 = x.rearrange(H_UP4).blend(y, H_HIGH4); }
        { FloatVector x = r1, y = r5; r1 = x.blend(y.rearrange(H_UP4), H_HIGH4); r5 = x.rearrange(H_UP4).blend(y, H_HIGH4); }
        { FloatVector x = r2, y = r6; r2 = x.blend(y.rearrange(H_UP4), H_HIGH4); r6 = x.rearrange(H_UP4).blend(y, H_HIGH4); }
        { FloatVector x = r3, y = r7; r3 = x.blend(y.rearrange(H_UP4), H_HIGH4); r7 = x.rearrange(H_UP4).blend(y, H_HIGH4); }
        { FloatVector x = r0, y = r2; r0 = x.blend(y.rearrange(H_DOWN2), H_HIGH2); r2 = x.rearrange(H_UP2).blend(y, H_HIGH2); }
        { FloatVector x = r1, y = r3; r1 = x.blend(y.rearrange(H_DOWN2), H_HIGH2); r3 = x.rearrange(H_UP2).blend(y, H_HIGH2); }
        { FloatVector x = r4, y = r6; r4 = x.blend(y.rearrange(H_DOWN2), H_HIGH2); r6 = x.rearrange(H_UP2).blend(y, H_HIGH2); }
        { FloatVector x = r5, y = r7; r5 = x.blend(y.rearrange(H_DOWN2), H_HIGH2); r7 = x.rearrange(H_UP2).blend(y, H_HIGH2); }
        { FloatVector x = r0, y = r1; r0 = x.blend(y.rearrange(H_DOWN1), H_HIGH1); r1 = x.rearrange(H_UP1).blend(y, H_HIGH1); }
        { FloatVector x = r2, y = r3; r2 = x.blend(y.rearrange(H_DOWN1), H_HIGH1); r3 = x.rearrange(H_UP1).blend(y, H_HIGH1); }
        { FloatVector x = r4, y = r5; r4 = x.blend(y.rearrange(H_DOWN1), H_HIGH1); r5 = x.rearrange(H_UP1).blend(y, H_HIGH1); }
        { FloatVector x = r6, y = r7; r6 = x.blend(y.rearrange(H_DOWN1), H_HIGH1); r7 = x.rearrange(H_UP1).blend(y, H_HIGH1); }
        r0.intoArray(out, outOff); r1.intoArray(out, outOff + outLd);
        r2.intoArray(out, outOff + 2 * outLd); r3.intoArray(out, outOff + 3 * outLd);
        r4.intoArray(out, outOff + 4 * outLd); r5.intoArray(out, outOff + 5 * outLd);
        r6.intoArray(out, outOff + 6 * outLd); r7.intoArray(out, outOff + 7 * outLd);
        }
    }

    /** The scalar twin of {@link #block8}. */
    public static void block8Scalar(float[] a, int off, int ld, float[] out, int outOff, int outLd, int blocks) {
        for (int i = 0; i < 8 * blocks; i++)
            for (int r = 0; r < 8; r++) out[outOff + i * outLd + r] = a[off + r * ld + i];
    }

    /** {@code out[outOff + i * outLd + r] = a[off + r * ld + i]} for {@code r < 16, i < 16 * blocks}; see {@link #block8}. */
    public static void block16(float[] a, int off, int ld, float[] out, int outOff, int outLd, int blocks) {
        for (int b = 0; b < blocks; b++, off += 16, outOff += 16 * outLd) {
        FloatVector r0 = FloatVector.fromArray(F, a, off);
        FloatVector r1 = FloatVector.fromArray(F, a, off + 1 * ld);
        FloatVector r2 = FloatVector.fromArray(F, a, off + 2 * ld);
        FloatVector r3 = FloatVector.fromArray(F, a, off + 3 * ld);
        FloatVector r4 = FloatVector.fromArray(F, a, off + 4 * ld);
        FloatVector r5 = FloatVector.fromArray(F, a, off + 5 * ld);
        FloatVector r6 = FloatVector.fromArray(F, a, off + 6 * ld);
        FloatVector r7 = FloatVector.fromArray(F, a, off + 7 * ld);
        FloatVector r8 = FloatVector.fromArray(F, a, off + 8 * ld);
        FloatVector r9 = FloatVector.fromArray(F, a, off + 9 * ld);
        FloatVector r10 = FloatVector.fromArray(F, a, off + 10 * ld);
        FloatVector r11 = FloatVector.fromArray(F, a, off + 11 * ld);
        FloatVector r12 = FloatVector.fromArray(F, a, off + 12 * ld);
        FloatVector r13 = FloatVector.fromArray(F, a, off + 13 * ld);
        FloatVector r14 = FloatVector.fromArray(F, a, off + 14 * ld);
        FloatVector r15 = FloatVector.fromArray(F, a, off + 15 * ld);
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
        r0.intoArray(out, outOff);
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
    }

    /** The scalar twin of {@link #block16}. */
    public static void block16Scalar(float[] a, int off, int ld, float[] out, int outOff, int outLd, int blocks) {
        for (int i = 0; i < 16 * blocks; i++)
            for (int r = 0; r < 16; r++) out[outOff + i * outLd + r] = a[off + r * ld + i];
    }
}
