package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The register transpose against its scalar twin: odd leading dimensions, offsets, partial row counts. */
class Transpose16Test {
    @Test
    void matchesTheScalarTwinOnTheElementsItDefines() {
        Random rnd = new Random(7);
        for (int rows : new int[] {1, 3, 10, 15, 16}) {
            for (int ld : new int[] {16, 17, 37, 1000}) {
                for (int outLd : new int[] {rows, 16, 32, 41}) {
                    int off = rnd.nextInt(5), outOff = rnd.nextInt(5);
                    float[] a = new float[off + 15 * ld + 16 + 3];
                    for (int i = 0; i < a.length; i++) a[i] = rnd.nextFloat() - 0.5f;
                    float[] fast = new float[outOff + 15 * outLd + 16 + 1], slow = new float[fast.length];
                    Transpose16.block(a, off, ld, rows, fast, outOff, outLd);
                    Transpose16.blockScalar(a, off, ld, rows, slow, outOff, outLd);
                    for (int i = 0; i < 16; i++)
                        for (int r = 0; r < rows; r++) {
                            int k = outOff + i * outLd + r;
                            assertEquals(a[off + r * ld + i], slow[k]);
                            assertEquals(slow[k], fast[k], "rows " + rows + ", ld " + ld + ", outLd " + outLd + ", i " + i + ", r " + r);
                        }
                }
            }
        }
    }
}
