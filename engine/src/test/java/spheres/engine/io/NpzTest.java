package spheres.engine.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpzTest {
    @TempDir
    Path dir;

    private static Map<String, HostArray> sample() {
        Map<String, HostArray> m = new LinkedHashMap<>();
        m.put("x", HostArray.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3));
        m.put("labels", HostArray.of(new boolean[] {true, false}, 2));
        m.put("step", HostArray.of(new long[] {12}));
        return m;
    }

    private static byte[] npy(HostArray a) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        Npy.write(b, a);
        return b.toByteArray();
    }

    @Test
    void writesStoredNpyEntriesAndReadsThemBack() throws IOException {
        Path p = dir.resolve("data.npz");
        new Npz(sample()).write(p);
        try (ZipFile z = new ZipFile(p.toFile())) {
            List<String> names = new ArrayList<>();
            for (ZipEntry e : java.util.Collections.list(z.entries())) {
                names.add(e.getName());
                assertEquals(ZipEntry.STORED, e.getMethod());
                String key = e.getName().substring(0, e.getName().length() - 4);
                assertArrayEquals(npy(sample().get(key)), z.getInputStream(e).readAllBytes());
            }
            assertEquals(List.of("x.npy", "labels.npy", "step.npy"), names);
        }
        Npz back = Npz.read(p);
        assertEquals(sample(), back.arrays());
        assertEquals(List.of("x", "labels", "step"), List.copyOf(back.arrays().keySet()));
    }

    @Test
    void sameArraysGiveSameBytes() throws IOException {
        Path a = dir.resolve("a.npz"), b = dir.resolve("b.npz");
        new Npz(sample()).write(a);
        new Npz(sample()).write(b);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void readsDeflatedEntriesAsSavezCompressedWrites() throws IOException {
        Path p = dir.resolve("c.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            for (Map.Entry<String, HostArray> e : sample().entrySet()) {
                ZipEntry entry = new ZipEntry(e.getKey() + ".npy");
                entry.setMethod(ZipEntry.DEFLATED);
                z.putNextEntry(entry);
                z.write(npy(e.getValue()));
                z.closeEntry();
            }
        }
        assertEquals(sample(), Npz.read(p).arrays());
    }

    @Test
    void namesTheMissingArrayAndWhatIsThere() throws IOException {
        Path p = dir.resolve("data.npz");
        Map<String, HostArray> m = new LinkedHashMap<>();
        m.put("x", HostArray.of(new float[] {1}, 1));
        m.put("labels", HostArray.of(new long[] {1}, 1));
        new Npz(m).write(p);
        Npz npz = Npz.read(p);
        assertEquals(p + ": no array named 'y'; found: x, labels",
                assertThrows(FormatException.class, () -> npz.array("y")).getMessage());
        assertEquals(p + ": array 'x' has dtype F32; expected F64",
                assertThrows(FormatException.class, () -> npz.array("x", DType.F64, 1)).getMessage());
        assertEquals(HostArray.of(new long[] {1}, 1), npz.array("labels", DType.I64, -1));
    }

    @Test
    void refusesWhatIsNotAnNpz() throws IOException {
        Path notZip = dir.resolve("n.npz");
        Files.write(notZip, new byte[100]);
        String m = assertThrows(FormatException.class, () -> Npz.read(notZip)).getMessage();
        assertEquals(notZip + ": not a zip archive (an .npz is one): ", m.substring(0, m.indexOf("one): ") + 6));

        Path other = dir.resolve("o.npz");
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(other))) {
            z.putNextEntry(new ZipEntry("readme.txt"));
            z.write('x');
        }
        assertEquals(other + ": entry 'readme.txt' is not an array; accepted: <name>.npy entries",
                assertThrows(FormatException.class, () -> Npz.read(other)).getMessage());
    }

    @Test
    void refusesATruncatedEntry() throws IOException {
        Path p = dir.resolve("t.npz");
        byte[] whole = npy(HostArray.of(new float[10], 10));
        try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(p))) {
            z.putNextEntry(new ZipEntry("x.npy"));
            z.write(whole, 0, whole.length - 8);
        }
        assertEquals(p + ": entry 'x.npy': truncated: header says 10 floats, file holds 8",
                assertThrows(FormatException.class, () -> Npz.read(p)).getMessage());
    }
}
