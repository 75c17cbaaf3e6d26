package spheres.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The expected bytes are built here from the format's description (NEP 1): {@code \x93NUMPY}, version, header
 * length (u16 LE in 1.0, u32 LE in 2.0 and 3.0), the dict padded with spaces to a total multiple of 64 and ended by
 * a newline, then the data. numpy 1.24 and 2.4 write exactly these bytes for the same arrays (checked with
 * {@code engine/src/test/python/numpy_crosscheck.py}).
 */
class NpyTest {
    @TempDir
    Path dir;

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) b.writeBytes(p);
        return b.toByteArray();
    }

    static byte[] bytes(int... values) {
        byte[] b = new byte[values.length];
        for (int i = 0; i < b.length; i++) b[i] = (byte) values[i];
        return b;
    }

    /** A header of {@code total} bytes: magic, version major.0, length field, dict, spaces, newline. */
    static byte[] header(int major, String dict, int total) {
        int field = major == 1 ? 2 : 4;
        int hlen = total - 8 - field;
        byte[] len = field == 2 ? bytes(hlen & 0xff, hlen >> 8) : bytes(hlen & 0xff, hlen >> 8, 0, 0);
        String padded = dict + " ".repeat(hlen - dict.length() - 1) + "\n";
        return concat(bytes(0x93, 'N', 'U', 'M', 'P', 'Y', major, 0), len,
                padded.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1));
    }

    private Path file(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    private byte[] written(HostArray a) throws IOException {
        Path p = dir.resolve("w.npy");
        Npy.write(p, a);
        return Files.readAllBytes(p);
    }

    // ---- the writer against the published format

    @Test
    void writesFloat32VectorAsNumpyDoes() throws IOException {
        byte[] expected = concat(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", 128),
                bytes(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40, 0x00, 0x00, 0x40, 0x40)); // 1f, 2f, 3f
        assertArrayEquals(expected, written(HostArray.of(new float[] {1, 2, 3}, 3)));
    }

    @Test
    void writesScalarAndMatrixAsNumpyDoes() throws IOException {
        assertArrayEquals(concat(header(1, "{'descr': '<f8', 'fortran_order': False, 'shape': (), }", 128),
                bytes(0, 0, 0, 0, 0, 0, 0xf8, 0x3f)), // 1.5
                written(HostArray.of(new double[] {1.5})));
        assertArrayEquals(concat(header(1, "{'descr': '<i8', 'fortran_order': False, 'shape': (2, 1), }", 128),
                bytes(0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0, 0, 0, 0, 0)), // -1, 2
                written(HostArray.of(new long[] {-1, 2}, 2, 1)));
        assertArrayEquals(concat(header(1, "{'descr': '|b1', 'fortran_order': False, 'shape': (2,), }", 128), bytes(1, 0)),
                written(HostArray.of(new boolean[] {true, false}, 2)));
        assertArrayEquals(concat(header(1, "{'descr': '|u1', 'fortran_order': False, 'shape': (1, 2), }", 128), bytes(255, 7)),
                written(HostArray.of(new byte[] {(byte) 255, 7}, 1, 2)));
    }

    @Test
    void headerKeepsDataAlignedTo64() throws IOException {
        // numpy leaves 21 - len(str(shape[0])) spare spaces after the dict; with them this header needs 192 bytes.
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1), }";
        long[] shape = new long[18];
        Arrays.fill(shape, 1);
        byte[] w = written(HostArray.of(new float[] {0}, shape));
        assertEquals(192, w.length - 4);
        assertArrayEquals(concat(header(1, dict, w.length - 4), bytes(0, 0, 0, 0)), w);
    }

    // ---- round trips

    @Test
    void roundTripsEveryDtypeAndRank() throws IOException {
        Random r = new Random(1);
        float[] big = new float[100_003]; // several chunks and a partial one
        for (int i = 0; i < big.length; i++) big[i] = r.nextFloat() - 0.5f;
        HostArray[] arrays = {
            HostArray.of(new float[] {Float.NaN, -0f, Float.MIN_VALUE, Float.POSITIVE_INFINITY}, 2, 2),
            HostArray.of(new float[] {42}),
            HostArray.of(new float[] {42}, 1),
            HostArray.of(new float[0], 0),
            HostArray.of(new float[0], 3, 0),
            HostArray.of(big, big.length),
            HostArray.of(new double[] {Math.PI, -Double.MAX_VALUE}, 2, 1, 1),
            HostArray.of(new long[] {Long.MIN_VALUE, 0, Long.MAX_VALUE}, 3),
            HostArray.of(new byte[] {0, 1, (byte) 200}, 3),
            HostArray.of(new boolean[] {true, false, true, true}, 2, 2),
        };
        for (HostArray a : arrays) {
            Path p = dir.resolve("a.npy");
            Npy.write(p, a);
            assertEquals(a, Npy.read(p), a.toString());
        }
    }

    // ---- the reader on other writers' headers

    @Test
    void readsVersions2And3AndPython2Headers() throws IOException {
        byte[] data = bytes(0x00, 0x00, 0x80, 0x3f);
        HostArray one = HostArray.of(new float[] {1}, 1);
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (1,), }";
        assertEquals(one, Npy.read(file("v2.npy", concat(header(2, dict, 128), data))));
        assertEquals(one, Npy.read(file("v3.npy", concat(header(3, dict, 128), data))));
        // Python 2 wrote longs as 1L; other writers use double quotes and no trailing comma.
        assertEquals(one, Npy.read(file("py2.npy", concat(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1L,), }", 128), data))));
        assertEquals(one, Npy.read(file("dq.npy", concat(header(1, "{\"shape\": (1,), \"fortran_order\": False, \"descr\": \"<f4\"}", 128), data))));
    }

    // ---- refusals, one line each

    private String refusal(String name, byte[] content) throws IOException {
        Path p = file(name, content);
        String m = assertThrows(FormatException.class, () -> Npy.read(p)).getMessage();
        assertEquals(-1, m.indexOf('\n'), m);
        return m.substring(dir.toString().length() + 1);
    }

    private static byte[] f4(int n, String shape) {
        return concat(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': " + shape + ", }", 128), new byte[4 * n]);
    }

    @Test
    void refusesCorruptMagic() throws IOException {
        byte[] b = f4(1, "(1,)");
        b[1] = 'n';
        assertEquals("x.npy: not a .npy file: starts with 93 6e 55 4d 50 59 01 00; expected 93 4e 55 4d 50 59 (\\x93NUMPY)",
                refusal("x.npy", b));
        assertEquals("e.npy: not a .npy file: starts with nothing (empty file); expected 93 4e 55 4d 50 59 (\\x93NUMPY)",
                refusal("e.npy", new byte[0]));
    }

    @Test
    void refusesUnknownVersions() throws IOException {
        byte[] b = f4(1, "(1,)");
        b[6] = 4;
        assertEquals("x.npy: .npy format version 4.0; accepted: 1.0, 2.0, 3.0", refusal("x.npy", b));
    }

    @Test
    void refusesTruncatedAndOverlongData() throws IOException {
        byte[] full = f4(5000, "(5000,)");
        assertEquals("x.npy: truncated: header says 5000 floats, file holds 4096", refusal("x.npy", Arrays.copyOf(full, 128 + 4 * 4096)));
        assertEquals("x.npy: truncated: header says 5000 floats, file holds 4096 and 3 bytes",
                refusal("x.npy", Arrays.copyOf(full, 128 + 4 * 4096 + 3)));
        assertEquals("x.npy: too long: header says 5000 floats, file holds 5001", refusal("x.npy", Arrays.copyOf(full, full.length + 4)));
    }

    @Test
    void refusesAShapeThatDisagreesWithTheByteCount() throws IOException {
        assertEquals("s.npy: truncated: header says 6 floats, file holds 4", refusal("s.npy",
                concat(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", 128), new byte[16])));
    }

    @Test
    void refusesAHeaderLengthLargerThanTheFile() throws IOException {
        byte[] b = Arrays.copyOf(f4(0, "(0,)"), 40);
        b[8] = (byte) 0xff;
        b[9] = (byte) 0x7f;
        assertEquals("x.npy: header length 32767 is larger than the file (40 bytes)", refusal("x.npy", b));
    }

    @Test
    void refusesOtherDtypes() throws IOException {
        assertEquals("x.npy: dtype '>f4'; accepted: <f4, <f8, <i8, |u1, |b1",
                refusal("x.npy", concat(header(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (1,), }", 128), new byte[4])));
        assertEquals("x.npy: dtype '<f2'; accepted: <f4, <f8, <i8, |u1, |b1",
                refusal("x.npy", concat(header(1, "{'descr': '<f2', 'fortran_order': False, 'shape': (1,), }", 128), new byte[2])));
        assertEquals("x.npy: dtype [('a', '<f4')] (structured); accepted: <f4, <f8, <i8, |u1, |b1",
                refusal("x.npy", concat(header(1, "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }", 128), new byte[4])));
    }

    @Test
    void refusesFortranOrder() throws IOException {
        assertEquals("x.npy: fortran_order is True (column-major); accepted: False (C order): save np.ascontiguousarray(a) instead",
                refusal("x.npy", concat(header(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2), }", 128), new byte[16])));
    }

    @Test
    void refusesMalformedHeaders() throws IOException {
        assertEquals("x.npy: header has keys [descr, shape]; accepted: descr, fortran_order, shape",
                refusal("x.npy", concat(header(1, "{'descr': '<f4', 'shape': (1,), }", 128), new byte[4])));
        assertEquals("x.npy: shape (-1,); accepted: a tuple of integers >= 0",
                refusal("x.npy", concat(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }", 128), new byte[4])));
        String m = refusal("x.npy", concat(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (1,) ", 128), new byte[4]));
        assertEquals("x.npy: header is not a Python dict literal (ends early at character 118): "
                + "{'descr': '<f4', 'fortran_order': False, 'shape': (1,)", m);
        assertEquals("x.npy has shape [4294967296, 4294967296]: more than 2147483639 elements; accepted: what fits one Java array",
                refusal("x.npy", concat(header(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", 128))));
    }
}
