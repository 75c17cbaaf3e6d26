package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The register transposes against their scalar twins: odd leading dimensions and offsets, padded outputs. */
class TransposeTest {
    @Test
    void block16MatchesItsScalarTwin() {
        check(16);
    }

    @Test
    void block8MatchesItsScalarTwin() {
        check(8);
    }

    private static void check(int size) {
        Random rnd = new Random(7);
        for (int blocks : new int[] {1, 3})
        for (int ld : new int[] {size * blocks, size * blocks + 1, 37 * blocks, 1000}) {
            for (int outLd : new int[] {size, size + 3, 41}) {
                int off = rnd.nextInt(5), outOff = rnd.nextInt(5), w = size * blocks;
                float[] a = new float[off + (size - 1) * ld + w + 3];
                for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() - 0.5f;
                float[] fast = new float[outOff + (w - 1) * outLd + size + 2], slow = new float[fast.length];
                Arrays.fill(fast, Float.NaN);
                Arrays.fill(slow, Float.NaN);
                if (size == 16) {
                    Transpose.block16(a, off, ld, fast, outOff, outLd, blocks);
                    Transpose.block16Scalar(a, off, ld, slow, outOff, outLd, blocks);
                } else {
                    Transpose.block8(a, off, ld, fast, outOff, outLd, blocks);
                    Transpose.block8Scalar(a, off, ld, slow, outOff, outLd, blocks);
                }
                for (int i = 0; i < w; i++)
                    for (int r = 0; r < size; r++) assertEquals(a[off + r * ld + i], slow[outOff + i * outLd + r]);
                // The same bits everywhere, the NaN sentinels around the block included: nothing written past it.
                for (int k = 0; k < fast.length; k++)
                    assertEquals(Float.floatToRawIntBits(slow[k]), Float.floatToRawIntBits(fast[k]),
                            size + "x" + size + " x " + blocks + ", ld " + ld + ", outLd " + outLd + ", at " + k);
            }
        }
    }
}
