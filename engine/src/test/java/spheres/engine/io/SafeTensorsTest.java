package spheres.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expected bytes are built here from the format's description: u64 LE header length N, N bytes of compact JSON
 * padded with spaces to a multiple of 8 (what the reference Rust writer does), then the tensors' bytes.
 */
class SafeTensorsTest {
    @TempDir
    Path dir;

    static byte[] file(String json, byte[]... data) {
        int n = (json.length() + 7) / 8 * 8;
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 8; i++) b.write((int) ((long) n >>> (8 * i)));
        b.writeBytes((json + " ".repeat(n - json.length())).getBytes(StandardCharsets.UTF_8));
        for (byte[] d : data) b.writeBytes(d);
        return b.toByteArray();
    }

    private Path write(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    // ---- the writer against the published format

    @Test
    void writesTheReferenceBytes() throws IOException {
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("0.weight", HostArray.of(new float[] {1, -2}, 1, 2));
        t.put("1.num_batches_tracked", HostArray.of(new long[] {7}));
        t.put("2.bias", HostArray.of(new double[] {0.5}, 1));
        Path p = dir.resolve("model.safetensors");
        new SafeTensors(t, Map.of("format", "pt")).write(p);

        byte[] w = NpyTest.bytes(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0); // 1f, -2f
        byte[] n = NpyTest.bytes(7, 0, 0, 0, 0, 0, 0, 0); // 7L
        byte[] b = NpyTest.bytes(0, 0, 0, 0, 0, 0, 0xe0, 0x3f); // 0.5
        String json = "{\"__metadata__\":{\"format\":\"pt\",\"crc32c:0.weight\":\"" + crc(w) + "\","
                + "\"crc32c:1.num_batches_tracked\":\"" + crc(n) + "\",\"crc32c:2.bias\":\"" + crc(b) + "\"},"
                + "\"0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},"
                + "\"1.num_batches_tracked\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"2.bias\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[16,24]}}";
        byte[] expected = file(json, w, n, b);
        byte[] actual = Files.readAllBytes(p);
        assertEquals(0, (actual.length - 8 - 24) % 8, "header padded to a multiple of 8");
        assertArrayEquals(expected, actual);
    }

    /** CRC32C of the bytes as 8 hex digits; the JDK's CRC32C, checked here against the published test vector. */
    static String crc(byte[] data) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update("123456789".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertEquals(0xe3069283L, c.getValue());
        c.reset();
        c.update(data);
        return String.format("%08x", c.getValue());
    }

    @Test
    void writesTheChecksumEvenWithoutMetadata() throws IOException {
        Path p = dir.resolve("m.safetensors");
        new SafeTensors(Map.of("a", HostArray.of(new float[0], 0)), Map.of()).write(p);
        assertArrayEquals(file("{\"__metadata__\":{\"crc32c:a\":\"" + crc(new byte[0]) + "\"},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0,0]}}"), Files.readAllBytes(p));
        assertTrue(SafeTensors.read(p).metadata().isEmpty(), "the checksums are the format's, not the caller's metadata");
    }

    @Test
    void aFlippedBitIsRefusedNamingTheTensor() throws IOException {
        Path p = dir.resolve("flip.safetensors");
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("w", HostArray.of(new float[] {1, 2, 3, 4}, 2, 2));
        t.put("b", HostArray.of(new float[] {5, 6}, 2));
        new SafeTensors(t, Map.of("k", "v")).write(p);
        assertEquals(Map.of("k", "v"), SafeTensors.read(p).metadata());
        byte[] bytes = Files.readAllBytes(p);
        bytes[bytes.length - 1] ^= 0x40; // the exponent of b's last float
        Files.write(p, bytes);
        FormatException e = assertThrows(FormatException.class, () -> SafeTensors.read(p));
        assertEquals(p + ": tensor 'b' does not match its checksum (crc32c " + crc(NpyTest.bytes(0, 0, 0xa0, 0x40, 0, 0, 0xc0, 0x40))
                + "): the file is damaged; use another copy or an earlier checkpoint", e.getMessage());
    }

    @Test
    void aFileWithoutChecksumsStillReads() throws IOException {
        Path p = dir.resolve("torch.safetensors"); // as safetensors.torch.save_file writes it: no checksums
        Files.write(p, file("{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", NpyTest.bytes(0, 0, 0x80, 0x3f)));
        assertArrayEquals(new float[] {1f}, SafeTensors.read(p).tensor("x").floats());
    }

    // ---- round trips

    @Test
    void roundTripsDtypesRanksAndOrder() throws IOException {
        float[] big = new float[70_007];
        for (int i = 0; i < big.length; i++) big[i] = i * 0.25f;
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("z.last.in.name.order", HostArray.of(new float[] {3}));
        t.put("a.weight", HostArray.of(big, 7, 10_000 + 1).expect("t", DType.F32, 7, 10_001));
        t.put("bn.num_batches_tracked", HostArray.of(new long[] {Long.MAX_VALUE}));
        t.put("one", HostArray.of(new double[] {-0.0}, 1));
        t.put("cube", HostArray.of(new double[8], 2, 2, 2));
        t.put("empty", HostArray.of(new float[0], 0, 5));
        t.put("bytes", HostArray.of(new byte[] {1, 2, 3}, 3));
        t.put("mask", HostArray.of(new boolean[] {true, false}, 2));
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("step", "100");
        meta.put("note", "ünïcode \"quoted\"");
        Path p = dir.resolve("r.safetensors");
        new SafeTensors(t, meta).write(p);
        SafeTensors back = SafeTensors.read(p);
        assertEquals(t, back.tensors());
        assertEquals(List.copyOf(t.keySet()), List.copyOf(back.tensors().keySet()));
        assertEquals(meta, back.metadata());
    }

    @Test
    void readsTensorsInDataOrderWhateverTheHeaderOrder() throws IOException {
        Path p = write("o.safetensors", file("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]},"
                + "\"a\":{\"data_offsets\":[0,4],\"shape\":[1],\"dtype\":\"F32\"}}",
                NpyTest.bytes(0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0x40)));
        SafeTensors s = SafeTensors.read(p);
        assertEquals(List.of("a", "b"), List.copyOf(s.tensors().keySet()));
        assertEquals(HostArray.of(new float[] {2}, 1), s.tensor("b"));
    }

    @Test
    void readsAnEmptyTensorThatSharesAnOffset() throws IOException {
        Path p = write("e.safetensors", file("{\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"e\":{\"dtype\":\"F64\",\"shape\":[2,0],\"data_offsets\":[0,0]}}", new byte[4]));
        SafeTensors s = SafeTensors.read(p);
        assertEquals(List.of("e", "b"), List.copyOf(s.tensors().keySet()));
        assertEquals(HostArray.of(new double[0], 2, 0), s.tensor("e", DType.F64, 2, 0));
    }

    @Test
    void lookupsNameWhatIsMissingOrWrong() throws IOException {
        Path p = dir.resolve("model.safetensors");
        Map<String, HostArray> t = new LinkedHashMap<>();
        t.put("0.weight", HostArray.of(new float[6], 2, 3));
        t.put("0.bias", HostArray.of(new float[2], 2));
        new SafeTensors(t, Map.of()).write(p);
        SafeTensors s = SafeTensors.read(p);
        assertEquals(p + ": no tensor named '1.weight'; found: 0.weight, 0.bias",
                assertThrows(FormatException.class, () -> s.tensor("1.weight")).getMessage());
        assertEquals(p + ": tensor '0.weight' has shape [2, 3]; expected [3, 2]",
                assertThrows(FormatException.class, () -> s.tensor("0.weight", DType.F32, 3, 2)).getMessage());
    }

    // ---- refusals, one line each

    private String refusal(byte[] content) throws IOException {
        Path p = write("model.safetensors", content);
        String m = assertThrows(FormatException.class, () -> SafeTensors.read(p)).getMessage();
        assertEquals(-1, m.indexOf('\n'), m);
        return m.substring(dir.toString().length() + 1);
    }

    private static final String ONE = "{\"0.weight\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";

    @Test
    void refusesAHeaderLengthLargerThanTheFile() throws IOException {
        byte[] b = file(ONE, new byte[8]);
        b[2] = 1; // N += 65536
        assertEquals("model.safetensors: header length " + (65536 + (ONE.length() + 7) / 8 * 8) + " is larger than the file (" + b.length
                + " bytes); not a safetensors file, or truncated", refusal(b));
        assertEquals("model.safetensors: not a safetensors file: 3 bytes, too short for the 8-byte header length",
                refusal(new byte[] {1, 2, 3}));
        byte[] text = "PK\u0003\u0004 this is a zip".getBytes(StandardCharsets.ISO_8859_1);
        long n = java.nio.ByteBuffer.wrap(text).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong(); // ASCII: positive
        assertEquals("model.safetensors: header length " + n + " is larger than the file (" + text.length + " bytes); "
                + "not a safetensors file, or truncated", refusal(text));
    }

    @Test
    void refusesTruncatedOrPaddedData() throws IOException {
        assertEquals("model.safetensors: truncated or padded: header says 8 bytes of tensor data, file holds 4",
                refusal(file(ONE, new byte[4])));
        assertEquals("model.safetensors: truncated or padded: header says 8 bytes of tensor data, file holds 12",
                refusal(file(ONE, new byte[12])));
    }

    @Test
    void refusesOtherDtypes() throws IOException {
        assertEquals("model.safetensors: tensor '0.weight' has dtype F16; accepted: F32, F64, I64, U8, BOOL",
                refusal(file(ONE.replace("F32", "F16"), new byte[8])));
    }

    @Test
    void refusesAShapeThatDisagreesWithTheOffsets() throws IOException {
        assertEquals("model.safetensors: tensor '0.weight' has data_offsets [0, 8] (8 bytes); shape [3] of F32 needs 12 bytes",
                refusal(file(ONE.replace("[2]", "[3]"), new byte[8])));
        assertEquals("model.safetensors: tensor 'b' has data_offsets [12, 16]; expected to begin at 8 (tensors must be back to back from 0)",
                refusal(file("{\"a\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[12,16]}}", new byte[16])));
        assertEquals("model.safetensors: tensor '0.weight' has shape [2,-1]; accepted: an array of integers >= 0",
                refusal(file(ONE.replace("[2]", "[2,-1]"), new byte[8])));
    }

    @Test
    void refusesMalformedHeaders() throws IOException {
        String m = refusal(file("{\"a\":", new byte[0]));
        assertEquals("model.safetensors: header is not valid JSON: ", m.substring(0, m.indexOf("JSON: ") + 6));
        m = refusal(file(ONE.replace("}}", "},\"0.weight\":{}}"), new byte[8]));
        assertEquals("model.safetensors: header is not valid JSON: Duplicate field '0.weight'", m.substring(0, m.indexOf("'0.weight'") + 10));
        assertEquals("model.safetensors: header is ARRAY; accepted: a JSON object", refusal(file("[]")));
        assertEquals("model.safetensors: __metadata__ value for 'step' is 3; accepted: strings",
                refusal(file("{\"__metadata__\":{\"step\":3}}")));
        assertEquals("model.safetensors: tensor 'a' has data_offsets [0]; accepted: an array of 2 integers >= 0",
                refusal(file("{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[0]}}")));
    }

    @Test
    void refusesReservedNames() {
        assertThrows(IllegalArgumentException.class,
                () -> new SafeTensors(Map.of("__metadata__", HostArray.of(new float[] {1})), Map.of()));
    }
}
