package spheres.engine.io;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * NumPy's {@code .npy} file (numpy/doc/neps/nep-0001-npy-format): the magic {@code \x93NUMPY}, a version, a header
 * length, a Python dict literal {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3,), }} padded with spaces
 * and a final newline so the data starts at a multiple of 64, then the raw data in C order.
 *
 * <p>We write version 1.0 byte for byte as numpy does (including the spare spaces numpy leaves for growing the
 * first axis), and read 1.0, 2.0 and 3.0. Dtypes: {@code <f4 <f8 <i8 |u1 |b1}; Fortran order is refused (there is no
 * strided view here to honour it); trailing bytes after the data are refused, as are missing ones.
 */
public final class Npy {
    static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** The data starts at a multiple of this, as in numpy. */
    private static final int ALIGN = 64;
    /** numpy's spare room after the dict: {@code len(str(8 * 2**64 - 1))}. */
    private static final int GROWTH_AXIS_MAX_DIGITS = 21;
    /** Generous: a header holds a few dozen characters per dimension. */
    private static final long MAX_HEADER = 1 << 20;

    private Npy() {}

    public static HostArray read(Path file) throws IOException {
        long length = Files.size(file);
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            return read(file.toString(), in, length);
        }
    }

    /** Writes atomically (see {@link AtomicFiles}). */
    public static void write(Path file, HostArray array) throws IOException {
        AtomicFiles.write(file, out -> write(out, array));
    }

    static void write(OutputStream out, HostArray array) throws IOException {
        out.write(header(array));
        array.writeData(out);
    }

    /** The header numpy writes for this array: magic, version 1.0 (2.0 past 64 KiB), length, padded dict. */
    static byte[] header(HostArray a) {
        long[] shape = a.shape();
        StringBuilder dict = new StringBuilder("{'descr': '").append(a.dtype().npyDescr())
                .append("', 'fortran_order': False, 'shape': ").append(tuple(shape)).append(", }");
        if (shape.length > 0) dict.append(" ".repeat(GROWTH_AXIS_MAX_DIGITS - Long.toString(shape[0]).length()));
        int hlen = dict.length() + 1; // the newline
        int fieldSize = 2;
        int padlen = ALIGN - (MAGIC.length + 2 + fieldSize + hlen) % ALIGN; // a full 64 when aligned, as numpy
        if (hlen + padlen > 0xffff) { // version 2.0, as numpy, for a header past 64 KiB
            fieldSize = 4;
            padlen = ALIGN - (MAGIC.length + 2 + fieldSize + hlen) % ALIGN;
        }
        int prefix = MAGIC.length + 2 + fieldSize;
        ByteBuffer b = ByteBuffer.allocate(prefix + hlen + padlen).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) (fieldSize == 2 ? 1 : 2)).put((byte) 0);
        if (fieldSize == 2) b.putShort((short) (hlen + padlen));
        else b.putInt(hlen + padlen);
        b.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < padlen; i++) b.put((byte) ' ');
        b.put((byte) '\n');
        return b.array();
    }

    /** A shape as Python writes a tuple: {@code ()}, {@code (3,)}, {@code (2, 3)}. */
    private static String tuple(long[] shape) {
        if (shape.length == 1) return "(" + shape[0] + ",)";
        return Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    /**
     * Reads one array from {@code in}, named {@code src} in messages; {@code length} is the byte count of the whole
     * file when known (it lets us refuse a truncated file before allocating), else -1.
     */
    static HostArray read(String src, InputStream in, long length) throws IOException {
        byte[] pre = in.readNBytes(MAGIC.length + 2);
        if (pre.length < MAGIC.length || !Arrays.equals(pre, 0, MAGIC.length, MAGIC, 0, MAGIC.length))
            throw new FormatException(src + ": not a .npy file: starts with " + hex(pre) + "; expected 93 4e 55 4d 50 59 (\\x93NUMPY)");
        if (pre.length < MAGIC.length + 2) throw new FormatException(src + ": truncated: ends inside the version");
        int major = pre[6] & 0xff, minor = pre[7] & 0xff;
        if (minor != 0 || major < 1 || major > 3)
            throw new FormatException(src + ": .npy format version " + major + "." + minor + "; accepted: 1.0, 2.0, 3.0");
        int fieldSize = major == 1 ? 2 : 4;
        byte[] field = in.readNBytes(fieldSize);
        if (field.length < fieldSize) throw new FormatException(src + ": truncated: ends inside the header length");
        ByteBuffer fb = ByteBuffer.wrap(field).order(ByteOrder.LITTLE_ENDIAN);
        long hlen = fieldSize == 2 ? Short.toUnsignedLong(fb.getShort()) : Integer.toUnsignedLong(fb.getInt());
        long prefix = MAGIC.length + 2 + fieldSize;
        if (length >= 0 && prefix + hlen > length)
            throw new FormatException(src + ": header length " + hlen + " is larger than the file (" + length + " bytes)");
        if (hlen > MAX_HEADER) throw new FormatException(src + ": header length " + hlen + "; accepted: at most " + MAX_HEADER);
        byte[] headerBytes = in.readNBytes((int) hlen);
        if (headerBytes.length < hlen)
            throw new FormatException(src + ": header length " + hlen + " is larger than the file (" + (prefix + headerBytes.length)
                    + " bytes)");
        String header = new String(headerBytes, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);

        Object parsed;
        try {
            parsed = new Literal(header).parseAll();
        } catch (IllegalArgumentException e) {
            throw new FormatException(src + ": header is not a Python dict literal (" + e.getMessage() + "): " + shorten(header));
        }
        if (!(parsed instanceof Map<?, ?> dict))
            throw new FormatException(src + ": header is " + shorten(header) + "; accepted: a dict");
        if (!dict.keySet().equals(java.util.Set.of("descr", "fortran_order", "shape")))
            throw new FormatException(src + ": header has keys " + dict.keySet() + "; accepted: descr, fortran_order, shape");
        Object descr = dict.get("descr");
        DType dtype = descr instanceof String s ? DType.ofNpyDescr(s) : null;
        if (dtype == null)
            throw new FormatException(src + ": dtype " + repr(descr) + (descr instanceof List ? " (structured)" : "") + "; accepted: "
                    + DType.acceptedNpyDescrs());
        Object fortran = dict.get("fortran_order");
        if (!(fortran instanceof Boolean))
            throw new FormatException(src + ": fortran_order is " + repr(fortran) + "; accepted: False");
        if ((Boolean) fortran)
            throw new FormatException(src + ": fortran_order is True (column-major); accepted: False (C order): save "
                    + "np.ascontiguousarray(a) instead");
        long[] shape = shape(src, dict.get("shape"));

        int n = HostArray.checkedSize(src, shape);
        long need = (long) n * dtype.byteSize();
        long offset = prefix + hlen;
        if (length >= 0 && length - offset != need) throw sizeMismatch(src, dtype, n, length - offset);
        HostArray array = HostArray.zeros(dtype, shape);
        long got = array.readData(in);
        if (got < need) throw sizeMismatch(src, dtype, n, got);
        if (in.read() >= 0) throw sizeMismatch(src, dtype, n, need + 1 + in.transferTo(OutputStream.nullOutputStream()));
        return array;
    }

    private static FormatException sizeMismatch(String src, DType dtype, int n, long bytes) {
        long whole = bytes / dtype.byteSize(), rest = bytes % dtype.byteSize();
        return new FormatException(src + ": " + (bytes < (long) n * dtype.byteSize() ? "truncated" : "too long") + ": header says "
                + n + " " + dtype.noun() + ", file holds " + whole + (rest > 0 ? " and " + rest + " bytes" : ""));
    }

    private static long[] shape(String src, Object value) throws FormatException {
        if (value instanceof Tuple t) {
            List<Object> list = t.items();
            long[] shape = new long[list.size()];
            boolean ok = true;
            for (int i = 0; i < shape.length; i++) {
                if (list.get(i) instanceof Long d && d >= 0) shape[i] = d;
                else ok = false;
            }
            if (ok) return shape;
        }
        throw new FormatException(src + ": shape " + repr(value) + "; accepted: a tuple of integers >= 0");
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) s.append(s.length() > 0 ? " " : "").append(String.format("%02x", x & 0xff));
        return b.length == 0 ? "nothing (empty file)" : s.toString();
    }

    private static String shorten(String header) {
        String s = header.strip().replaceAll("\\R", " ");
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }

    /** A value as Python would print it, for messages. */
    private static String repr(Object v) {
        if (v instanceof String s) return "'" + s + "'";
        if (v instanceof Boolean b) return b ? "True" : "False";
        if (v == null) return "None";
        if (v instanceof List<?> l) return l.stream().map(Npy::repr).collect(Collectors.joining(", ", "[", "]"));
        if (v instanceof Tuple t)
            return t.items().size() == 1 ? "(" + repr(t.items().get(0)) + ",)"
                    : t.items().stream().map(Npy::repr).collect(Collectors.joining(", ", "(", ")"));
        if (v instanceof Map<?, ?> m)
            return m.entrySet().stream().map(e -> repr(e.getKey()) + ": " + repr(e.getValue())).collect(Collectors.joining(", ", "{", "}"));
        return v.toString();
    }

    /** A Python tuple, kept apart from a list: numpy writes the shape as one. */
    private record Tuple(List<Object> items) {}

    /**
     * The Python literals a .npy header uses: dicts, tuples ({@link Tuple}), lists, strings, ints
     * ({@link Long}; Python 2's {@code 3L} too), True, False and None.
     */
    private static final class Literal {
        private final String s;
        private int i;

        Literal(String s) {
            this.s = s;
        }

        Object parseAll() {
            Object v = value();
            skip();
            if (i < s.length()) throw error("unexpected '" + s.charAt(i) + "' after the dict");
            return v;
        }

        private Object value() {
            skip();
            if (i >= s.length()) throw error("ends early");
            char c = s.charAt(i);
            switch (c) {
                case '{': {
                    i++;
                    Map<Object, Object> m = new LinkedHashMap<>();
                    while (!next('}')) {
                        Object k = value();
                        if (!next(':')) throw error("expected ':'");
                        if (m.put(k, value()) != null) throw error("key " + repr(k) + " twice");
                        if (!next(',') && !peek('}')) throw error("expected ',' or '}'");
                    }
                    return m;
                }
                case '(':
                case '[': {
                    char close = c == '(' ? ')' : ']';
                    i++;
                    List<Object> l = new ArrayList<>();
                    while (!next(close)) {
                        l.add(value());
                        if (!next(',') && !peek(close)) throw error("expected ',' or '" + close + "'");
                    }
                    return c == '(' ? new Tuple(l) : l;
                }
                case '\'':
                case '"': {
                    int end = s.indexOf(c, i + 1);
                    if (end < 0) throw error("unterminated string");
                    String v = s.substring(i + 1, end);
                    if (v.indexOf('\\') >= 0) throw error("escapes in strings");
                    i = end + 1;
                    return v;
                }
                default:
                    for (String word : new String[] {"True", "False", "None"}) {
                        if (s.startsWith(word, i)) {
                            i += word.length();
                            return word.equals("None") ? null : (Object) word.equals("True");
                        }
                    }
                    int start = i;
                    if (c == '-' || c == '+') i++;
                    while (i < s.length() && Character.isDigit(s.charAt(i))) i++;
                    if (i == start || !Character.isDigit(s.charAt(i - 1))) throw error("unexpected '" + c + "'");
                    long v;
                    try {
                        v = Long.parseLong(s.substring(start, i));
                    } catch (NumberFormatException e) {
                        throw error("integer " + s.substring(start, i) + " out of range");
                    }
                    if (i < s.length() && (s.charAt(i) == 'L' || s.charAt(i) == 'l')) i++;
                    return v;
            }
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) i++;
        }

        private boolean peek(char c) {
            skip();
            return i < s.length() && s.charAt(i) == c;
        }

        private boolean next(char c) {
            if (!peek(c)) {
                if (i >= s.length()) throw error("ends early");
                return false;
            }
            i++;
            return true;
        }

        private IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at character " + i);
        }
    }
}
