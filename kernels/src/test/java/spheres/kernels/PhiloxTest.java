package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PhiloxTest {
    /** Random123 kat_vectors, philox4x32 10: counter (4 words), key (2 words), output (4 words). */
    private static final int[][] KAT = {
        {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
        {-1, -1, -1, -1, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
        {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
    };

    @Test
    void knownAnswers() {
        for (int[] k : KAT) {
            int[] out = new int[5];
            Philox.block(k[0], k[1], k[2], k[3], k[4], k[5], out, 1);
            assertArrayEquals(Arrays.copyOfRange(k, 6, 10), Arrays.copyOfRange(out, 1, 5));
        }
    }

    @Test
    void knownAnswersThroughFill() {
        // KAT 3 as an address: key = seed, counter = (block lo, block hi, stream lo, stream hi).
        int[] k = KAT[2];
        long seed = (k[4] & 0xFFFF_FFFFL) | ((long) k[5] << 32);
        long block = (k[0] & 0xFFFF_FFFFL) | ((long) (k[1] & 0x3FFF_FFFF) << 32); // draw index must fit a long
        long stream = (k[2] & 0xFFFF_FFFFL) | ((long) k[3] << 32);
        int[] want = new int[4];
        Philox.block((int) block, (int) (block >>> 32), k[2], k[3], k[4], k[5], want, 0);
        for (boolean simd : new boolean[] {false, true}) {
            int[] got = new int[4];
            if (simd) Philox.fillSimd(seed, stream, 4 * block, 4, got, 0);
            else Philox.fillScalar(seed, stream, 4 * block, 4, got, 0);
            assertArrayEquals(want, got);
        }
        int[] got = new int[4];
        Philox.fill(0, 0, 0, 4, got, 0);
        assertArrayEquals(Arrays.copyOfRange(KAT[0], 6, 10), got);
    }

    /** Firsts and counts around the SIMD step (4 * N draws), and across the 2^32 wrap of the block counter's low word. */
    static final long[] FIRSTS = {0, 1, 2, 3, 5, 63, 64, 1001, (4L << 32) - 4 * 16 - 3, (4L << 32) - 6, Long.MAX_VALUE / 2 + 7};
    static final int[] COUNTS = {0, 1, 2, 3, 4, 5, 15, 17, 63, 64, 65, 127, 129, 250, 1031};

    @Test
    void simdEqualsScalarBitForBit() {
        for (long seed : new long[] {0, -1, 0x0123_4567_89AB_CDEFL}) {
            for (long stream : new long[] {0, 7, -3}) {
                for (long first : FIRSTS) {
                    for (int n : COUNTS) {
                        for (int off : new int[] {0, 3}) {
                            int[] a = new int[off + n + 5], b = new int[off + n + 5];
                            Arrays.fill(a, 0x5EED);
                            Arrays.fill(b, 0x5EED);
                            Philox.fillScalar(seed, stream, first, n, a, off);
                            Philox.fillSimd(seed, stream, first, n, b, off);
                            assertArrayEquals(a, b, () -> "seed " + seed + " stream " + stream + " first " + first + " n " + n);
                            for (int i = 0; i < off; i++) assertEquals(0x5EED, b[i]);
                            for (int i = off + n; i < b.length; i++) assertEquals(0x5EED, b[i]);
                        }
                    }
                }
            }
        }
    }

    @Test
    void anySliceEqualsTheSameSliceOfABiggerFill() {
        int total = 1000;
        for (boolean simd : new boolean[] {false, true}) {
            int[] all = new int[total];
            fill(simd, 42, 9, 0, total, all, 0);
            for (int first = 0; first < 70; first += 3) {
                for (int n : new int[] {1, 6, 67, 200}) {
                    int[] part = new int[n];
                    fill(simd, 42, 9, first, n, part, 0);
                    assertArrayEquals(Arrays.copyOfRange(all, first, first + n), part);
                }
            }
        }
    }

    @Test
    void counterLayout() {
        long seed = 0x1122_3344_5566_7788L, stream = 0x99AA_BBCC_DDEE_FF00L, draw = (5L << 32) * 4 + 4 * 3 + 2;
        int[] w = new int[4], got = new int[1];
        long b = draw / 4;
        Philox.block((int) b, (int) (b >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), w, 0);
        Philox.fill(seed, stream, draw, 1, got, 0);
        assertEquals(w[2], got[0]);
    }

    @Test
    void singleWordsEqualBlocks() {
        int[] w = new int[4];
        long seed = -5, stream = 1L << 40;
        for (long i : new long[] {0, 1, 2, 3, 4, 123_456_789_011L, Long.MAX_VALUE}) {
            long b = i >>> 2;
            Philox.block((int) b, (int) (b >>> 32), (int) stream, (int) (stream >>> 32), (int) seed, (int) (seed >>> 32), w, 0);
            assertEquals(w[(int) (i & 3)], Philox.word(seed, stream, i));
        }
    }

    @Test
    void deterministicAndStreamsDiffer() {
        int[] a = new int[777], b = new int[777], c = new int[777];
        Philox.fill(3, 1, 11, 777, a, 0);
        Philox.fill(3, 1, 11, 777, b, 0);
        Philox.fill(3, 2, 11, 777, c, 0);
        assertArrayEquals(a, b);
        int same = 0;
        for (int i = 0; i < a.length; i++) if (a[i] == c[i]) same++;
        assertEquals(0, same); // two equal words in 777 would be a 1-in-5-million event
        Philox.fill(4, 1, 11, 777, c, 0);
        assertFalse(Arrays.equals(a, c));
    }

    @Test
    void rejectsBadRanges() {
        int[] out = new int[4];
        assertThrows(IllegalArgumentException.class, () -> Philox.fill(0, 0, -1, 1, out, 0));
        assertThrows(IllegalArgumentException.class, () -> Philox.fill(0, 0, Long.MAX_VALUE - 1, 3, out, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> Philox.fill(0, 0, 0, 4, out, 1));
        assertThrows(IndexOutOfBoundsException.class, () -> Philox.fillScalar(0, 0, 0, 5, out, 0));
        // Both twins check the range themselves; the draws that end exactly at Long.MAX_VALUE are allowed.
        for (boolean simd : new boolean[] {false, true}) {
            assertThrows(IllegalArgumentException.class, () -> fill(simd, 0, 0, -1, 1, out, 0));
            assertThrows(IllegalArgumentException.class, () -> fill(simd, 0, 0, Long.MAX_VALUE - 2, 3, out, 0));
            fill(simd, 0, 0, Long.MAX_VALUE - 3, 3, out, 0);
            assertEquals(Philox.word(0, 0, Long.MAX_VALUE - 1), out[2]);
        }
        float[] f = new float[4];
        assertThrows(IllegalArgumentException.class, () -> Gaussian.fillScalar(0, 0, -1, 2, f, 0));
        assertThrows(IllegalArgumentException.class, () -> Gaussian.fillSimd(0, 0, -1, 2, f, 0));
        assertThrows(IllegalArgumentException.class, () -> Uniform.fill(0, 0, -1, 2, f, 0));
    }

    private static void fill(boolean simd, long seed, long stream, long first, int n, int[] out, int off) {
        if (simd) Philox.fillSimd(seed, stream, first, n, out, off);
        else Philox.fillScalar(seed, stream, first, n, out, off);
    }
}
