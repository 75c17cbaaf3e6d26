package spheres.engine.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * An n-dimensional array in host memory, C order: a {@link DType}, a shape of any rank ({@code []} is a scalar) and
 * a flat Java array of the matching type ({@code float[]} for F32, {@code double[]} F64, {@code long[]} I64,
 * {@code byte[]} U8, {@code boolean[]} BOOL). The data array is shared, not copied: weights can be large.
 */
public final class HostArray {
    /** The most elements one Java array can hold on the JVMs we run on. */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;
    private static final int CHUNK = 1 << 16;
    private static final System.Logger NOTES = System.getLogger("spheres");

    private final DType dtype;
    private final long[] shape;
    private final Object data;

    private HostArray(DType dtype, long[] shape, Object data, int length) {
        this.dtype = dtype;
        this.shape = shape.clone();
        this.data = data;
        long n = product(this.shape);
        if (n < 0) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": dimensions must be >= 0");
        if (n != length)
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values; data has " + length);
    }

    public static HostArray of(float[] data, long... shape) {
        return new HostArray(DType.F32, shape, data, data.length);
    }

    public static HostArray of(double[] data, long... shape) {
        return new HostArray(DType.F64, shape, data, data.length);
    }

    public static HostArray of(long[] data, long... shape) {
        return new HostArray(DType.I64, shape, data, data.length);
    }

    public static HostArray of(byte[] data, long... shape) {
        return new HostArray(DType.U8, shape, data, data.length);
    }

    public static HostArray of(boolean[] data, long... shape) {
        return new HostArray(DType.BOOL, shape, data, data.length);
    }

    /** A zero-filled array, what readers fill. */
    static HostArray zeros(DType dtype, long[] shape) {
        int n = Math.toIntExact(product(shape));
        Object data = switch (dtype) {
            case F32 -> new float[n];
            case F64 -> new double[n];
            case I64 -> new long[n];
            case U8 -> new byte[n];
            case BOOL -> new boolean[n];
        };
        return new HostArray(dtype, shape, data, n);
    }

    public DType dtype() {
        return dtype;
    }

    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The number of elements: the product of the shape, 1 for a scalar. */
    public int size() {
        return (int) product(shape);
    }

    public float[] floats() {
        return (float[]) dataOf(DType.F32);
    }

    public double[] doubles() {
        return (double[]) dataOf(DType.F64);
    }

    public long[] longs() {
        return (long[]) dataOf(DType.I64);
    }

    public byte[] bytes() {
        return (byte[]) dataOf(DType.U8);
    }

    public boolean[] booleans() {
        return (boolean[]) dataOf(DType.BOOL);
    }

    private Object dataOf(DType wanted) {
        if (dtype != wanted) throw new IllegalStateException("array has dtype " + dtype + ", not " + wanted);
        return data;
    }

    /**
     * Checks what a caller needs from an array read from a file; a dimension of -1 in {@code shape} matches any
     * size. Throws e.g. {@code model.safetensors: tensor '0.weight' has shape [500, 100]; expected [1000, 500]}
     * where {@code subject} is {@code model.safetensors: tensor '0.weight'}. Float64 where float32 is expected (what
     * numpy writes by default) is converted, with a note to the {@code spheres} logger; the caller uses the returned array.
     */
    public HostArray expect(String subject, DType dtype, long... shape) throws FormatException {
        if (this.dtype == DType.F64 && dtype == DType.F32) {
            double[] d = doubles();
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) f[i] = (float) d[i];
            NOTES.log(System.Logger.Level.INFO, subject + ": float64, read as float32");
            return of(f, this.shape).expect(subject, dtype, shape);
        }
        if (this.dtype != dtype) throw new FormatException(subject + " has dtype " + this.dtype + "; expected " + dtype);
        boolean ok = shape.length == this.shape.length;
        for (int i = 0; ok && i < shape.length; i++) ok = shape[i] == -1 || shape[i] == this.shape[i];
        if (!ok) {
            StringBuilder want = new StringBuilder("[");
            for (int i = 0; i < shape.length; i++) want.append(i > 0 ? ", " : "").append(shape[i] == -1 ? "?" : shape[i]);
            throw new FormatException(subject + " has shape " + Arrays.toString(this.shape) + "; expected " + want + "]");
        }
        return this;
    }

    /**
     * Points read from a file, refused in one line when one is NaN or infinite (every command that reads points:
     * a point no sphere holds gives no meaningful logit or error). Returns the floats of this F32 [n, d] array.
     */
    public float[] finitePoints(String subject) throws FormatException {
        float[] v = floats();
        int d = rank() == 2 ? (int) shape[1] : 1, i = firstNonFinite(v);
        if (i >= 0) throw new FormatException(subject + ": x[" + i / d + "][" + i % d + "] is " + v[i] + "; points must be finite");
        return v;
    }

    /** The index of the first NaN or infinite value, or -1 when all are finite. */
    public static int firstNonFinite(float[] v) {
        for (int i = 0; i < v.length; i++) if (!Float.isFinite(v[i])) return i;
        return -1;
    }

    /** CRC32C of the data as written to disk (little-endian), for the checksums that safetensors files carry. */
    int crc32c() {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        try {
            writeData(new java.util.zip.CheckedOutputStream(OutputStream.nullOutputStream(), crc));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a null stream does not fail
        }
        return (int) crc.getValue();
    }

    /** The data's size on disk. */
    long byteSize() {
        return (long) size() * dtype.byteSize();
    }

    /** Writes the data, little-endian, in chunks (no second copy of a large array). */
    void writeData(OutputStream out) throws IOException {
        byte[] buf = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int n = size();
        int per = CHUNK / dtype.byteSize();
        for (int i = 0; i < n; i += per) {
            int k = Math.min(per, n - i);
            switch (dtype) {
                case F32 -> bb.asFloatBuffer().put((float[]) data, i, k);
                case F64 -> bb.asDoubleBuffer().put((double[]) data, i, k);
                case I64 -> bb.asLongBuffer().put((long[]) data, i, k);
                case U8 -> System.arraycopy((byte[]) data, i, buf, 0, k);
                case BOOL -> {
                    boolean[] b = (boolean[]) data;
                    for (int j = 0; j < k; j++) buf[j] = (byte) (b[i + j] ? 1 : 0);
                }
            }
            out.write(buf, 0, k * dtype.byteSize());
        }
    }

    /** Fills the data from {@code in}, little-endian; returns the bytes read, fewer than {@link #byteSize()} only at an early end. */
    long readData(InputStream in) throws IOException {
        byte[] buf = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(buf).order(ByteOrder.LITTLE_ENDIAN);
        int n = size();
        int per = CHUNK / dtype.byteSize();
        long got = 0;
        for (int i = 0; i < n; i += per) {
            int k = Math.min(per, n - i);
            int want = k * dtype.byteSize();
            int r = in.readNBytes(buf, 0, want);
            got += r;
            if (r < want) return got;
            switch (dtype) {
                case F32 -> bb.asFloatBuffer().get((float[]) data, i, k);
                case F64 -> bb.asDoubleBuffer().get((double[]) data, i, k);
                case I64 -> bb.asLongBuffer().get((long[]) data, i, k);
                case U8 -> System.arraycopy(buf, 0, (byte[]) data, i, k);
                case BOOL -> {
                    boolean[] b = (boolean[]) data;
                    for (int j = 0; j < k; j++) b[i + j] = buf[j] != 0;
                }
            }
        }
        return got;
    }

    /** The product of the dimensions; -1 when one is negative or the product overflows a long. */
    static long product(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) return -1;
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException e) {
                return -1;
            }
        }
        return n;
    }

    /**
     * The element count of a shape read from a file, checked to fit one Java array; {@code subject} as in
     * {@link #expect}.
     */
    static int checkedSize(String subject, long[] shape) throws FormatException {
        for (long d : shape)
            if (d < 0) throw new FormatException(subject + " has shape " + Arrays.toString(shape) + "; dimensions must be >= 0");
        long n = product(shape);
        if (n < 0 || n > MAX_ELEMENTS)
            throw new FormatException(subject + " has shape " + Arrays.toString(shape) + ": more than " + MAX_ELEMENTS
                    + " elements; accepted: what fits one Java array");
        return (int) n;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof HostArray a) || a.dtype != dtype || !Arrays.equals(a.shape, shape)) return false;
        return switch (dtype) {
            case F32 -> Arrays.equals((float[]) data, (float[]) a.data);
            case F64 -> Arrays.equals((double[]) data, (double[]) a.data);
            case I64 -> Arrays.equals((long[]) data, (long[]) a.data);
            case U8 -> Arrays.equals((byte[]) data, (byte[]) a.data);
            case BOOL -> Arrays.equals((boolean[]) data, (boolean[]) a.data);
        };
    }

    @Override
    public int hashCode() {
        return Objects.hash(dtype, Arrays.hashCode(shape), size());
    }

    /** E.g. {@code F32[2, 3]}. */
    @Override
    public String toString() {
        return dtype + Arrays.toString(shape);
    }
}
