package spheres.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HostArrayTest {
    @Test
    void shapeMustMatchTheData() {
        var e = assertThrows(IllegalArgumentException.class, () -> HostArray.of(new float[5], 2, 3));
        assertEquals("shape [2, 3] holds 6 values; data has 5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HostArray.of(new float[0], -1));
        assertEquals(1, HostArray.of(new long[] {7}).size()); // a scalar: shape []
        assertEquals(0, HostArray.of(new double[0], 4, 0).size());
    }

    @Test
    void accessorsCheckTheDtype() {
        HostArray a = HostArray.of(new double[] {1, 2}, 2);
        assertArrayEquals(new double[] {1, 2}, a.doubles());
        var e = assertThrows(IllegalStateException.class, a::floats);
        assertEquals("array has dtype F64, not F32", e.getMessage());
    }

    @Test
    void expectNamesWhatWasFoundAndWhatIsWanted() throws FormatException {
        HostArray a = HostArray.of(new float[6], 2, 3);
        assertSame(a, a.expect("w.npy", DType.F32, -1, 3));
        assertEquals("w.npy has dtype F32; expected F64",
                assertThrows(FormatException.class, () -> a.expect("w.npy", DType.F64, 2, 3)).getMessage());
        assertEquals("w.npy has shape [2, 3]; expected [?, 4]",
                assertThrows(FormatException.class, () -> a.expect("w.npy", DType.F32, -1, 4)).getMessage());
        assertEquals("w.npy has shape [2, 3]; expected [6]",
                assertThrows(FormatException.class, () -> a.expect("w.npy", DType.F32, 6)).getMessage());
    }

    @Test
    void equalityIsByValue() {
        assertEquals(HostArray.of(new float[] {1, 2}, 2), HostArray.of(new float[] {1, 2}, 2));
        assertNotEquals(HostArray.of(new float[] {1, 2}, 2), HostArray.of(new float[] {1, 2}, 1, 2));
        assertNotEquals(HostArray.of(new float[] {1, 2}, 2), HostArray.of(new double[] {1, 2}, 2));
        assertEquals("F32[1, 2]", HostArray.of(new float[] {1, 2}, 1, 2).toString());
    }
}
