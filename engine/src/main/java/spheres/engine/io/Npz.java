package spheres.engine.io;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * NumPy's {@code .npz}: a zip archive of {@code <name>.npy} entries ({@code np.savez}, {@code np.savez_compressed}).
 * Reads stored and deflated entries; writes stored ones, as {@code np.savez} does, with a fixed timestamp so the
 * same arrays give the same bytes.
 */
public final class Npz {
    /** The zip format's earliest date: no wall clock in the output. */
    private static final LocalDateTime EPOCH = LocalDateTime.of(1980, 1, 1, 0, 0);

    private final String source;
    private final Map<String, HostArray> arrays;

    /** Arrays by name (without {@code .npy}), in the order they will be written. The map is copied. */
    public Npz(Map<String, HostArray> arrays) {
        this("npz", arrays);
        for (String name : arrays.keySet())
            if (name.isEmpty()) throw new IllegalArgumentException("array name must be non-empty");
    }

    private Npz(String source, Map<String, HostArray> arrays) {
        this.source = source;
        this.arrays = Collections.unmodifiableMap(new LinkedHashMap<>(arrays));
    }

    /** The arrays by name, in archive order. */
    public Map<String, HostArray> arrays() {
        return arrays;
    }

    /** The array named {@code name}, or e.g. {@code data.npz: no array named 'y'; found: x, labels}. */
    public HostArray array(String name) throws FormatException {
        HostArray a = arrays.get(name);
        if (a == null)
            throw new FormatException(source + ": no array named '" + name + "'; found: " + String.join(", ", arrays.keySet()));
        return a;
    }

    /** {@link #array(String)} checked with {@link HostArray#expect}; -1 in {@code shape} matches any size. */
    public HostArray array(String name, DType dtype, long... shape) throws FormatException {
        return array(name).expect(source + ": array '" + name + "'", dtype, shape);
    }

    public static Npz read(Path file) throws IOException {
        String src = file.toString();
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw new FormatException(src + ": not a zip archive (an .npz is one): " + e.getMessage());
        }
        try (zip) {
            Map<String, HostArray> arrays = new LinkedHashMap<>();
            for (Enumeration<? extends ZipEntry> it = zip.entries(); it.hasMoreElements(); ) {
                ZipEntry e = it.nextElement();
                if (e.isDirectory()) continue;
                String where = src + ": entry '" + e.getName() + "'";
                if (!e.getName().endsWith(".npy"))
                    throw new FormatException(where + " is not an array; accepted: <name>.npy entries");
                try (InputStream in = new BufferedInputStream(zip.getInputStream(e), 1 << 16)) {
                    arrays.put(e.getName().substring(0, e.getName().length() - 4), Npy.read(where, in, e.getSize()));
                } catch (ZipException | EOFException x) {
                    throw new FormatException(where + " is corrupt: " + x.getMessage());
                }
            }
            return new Npz(src, arrays);
        }
    }

    /** Writes atomically (see {@link AtomicFiles}), entries stored (uncompressed). */
    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            ZipOutputStream zip = new ZipOutputStream(out);
            for (Map.Entry<String, HostArray> a : arrays.entrySet()) {
                // A stored entry needs its size and CRC up front: one pass to measure, one to write.
                Measure m = new Measure();
                Npy.write(m, a.getValue());
                ZipEntry e = new ZipEntry(a.getKey() + ".npy");
                e.setMethod(ZipEntry.STORED);
                e.setSize(m.size);
                e.setCompressedSize(m.size);
                e.setCrc(m.crc.getValue());
                e.setTimeLocal(EPOCH);
                zip.putNextEntry(e);
                Npy.write(zip, a.getValue());
                zip.closeEntry();
            }
            zip.finish();
        });
    }

    /** Counts bytes and their CRC-32, writes nothing. */
    private static final class Measure extends OutputStream {
        final CRC32 crc = new CRC32();
        long size;

        @Override
        public void write(int b) {
            crc.update(b);
            size++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            crc.update(b, off, len);
            size += len;
        }
    }

    @Override
    public String toString() {
        return source + ": " + arrays;
    }
}
