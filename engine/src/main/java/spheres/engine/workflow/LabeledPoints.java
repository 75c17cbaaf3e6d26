package spheres.engine.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import spheres.engine.io.FormatException;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npz;
import spheres.engine.io.SafeTensors;

/**
 * Points with 0/1 labels from a user's file: a training set for {@code train --data} or a test set for
 * {@code eval --data}. The file holds {@code x} [N, d] float32 and {@code y} [N] (or [N, 1]) as tensors of a
 * {@code .safetensors} file or arrays of an {@code .npz}; labels may be float, integer or bool, and must be 0 or 1
 * (0 = the inner sphere, 1 = the outer).
 *
 * @param x row-major [n, dim]
 * @param y n labels, 0f or 1f
 */
public record LabeledPoints(float[] x, float[] y, int n, int dim, String source) {

    public LabeledPoints {
        if (x.length != (long) n * dim || y.length != n)
            throw new IllegalArgumentException(source + ": x holds " + x.length + " floats and y " + y.length + "; expected " + n + " x " + dim + " and " + n);
    }

    public static LabeledPoints read(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
        HostArray x, y;
        if (name.endsWith(".safetensors")) {
            SafeTensors st = SafeTensors.read(file);
            x = st.tensor("x");
            y = st.tensor("y");
        } else if (name.endsWith(".npz")) {
            Npz npz = Npz.read(file);
            x = npz.array("x");
            y = npz.array("y");
        } else {
            throw new IllegalArgumentException(file + ": accepted: a .safetensors or .npz file with x [N, d] and y [N]");
        }
        String subject = file + ": x";
        x = x.expect(subject, spheres.engine.io.DType.F32, -1, -1);
        int n = (int) x.shape()[0], dim = (int) x.shape()[1];
        if (n < 1 || dim < 2) throw new FormatException(subject + " has shape " + Arrays.toString(x.shape()) + "; expected at least 1 point of dimension >= 2");
        boolean column = y.rank() == 2 && y.shape()[1] == 1;
        if (!(y.rank() == 1 || column) || y.shape()[0] != n)
            throw new FormatException(file + ": y has shape " + Arrays.toString(y.shape()) + "; expected [" + n + "] to match x");
        float[] xs = x.finitePoints(file.toString());
        return new LabeledPoints(xs, labels(file, y), n, dim, file.toString());
    }

    private static float[] labels(Path file, HostArray y) throws FormatException {
        float[] out = new float[y.size()];
        for (int i = 0; i < out.length; i++) {
            double v = switch (y.dtype()) {
                case F32 -> y.floats()[i];
                case F64 -> y.doubles()[i];
                case I64 -> y.longs()[i];
                case U8 -> y.bytes()[i] & 0xff;
                case BOOL -> y.booleans()[i] ? 1 : 0;
            };
            if (v != 0 && v != 1) throw new FormatException(file + ": y[" + i + "] is " + v + "; labels must be 0 (inner) or 1 (outer)");
            out[i] = (float) v;
        }
        return out;
    }

    /** Copies row {@code row} into {@code xOut} at row {@code at}, and its label into {@code yOut[at]}. */
    void copyRow(int row, float[] xOut, float[] yOut, int at) {
        System.arraycopy(x, row * dim, xOut, at * dim, dim);
        yOut[at] = y[row];
    }

    /** A checksum of the points and labels, so a resumed run can tell that its file was not changed. */
    public long checksum() {
        CRC32 crc = new CRC32();
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * 4096);
        for (float[] a : new float[][] {x, y}) {
            for (int i = 0; i < a.length; ) {
                b.clear();
                while (b.hasRemaining() && i < a.length) b.putFloat(a[i++]);
                b.flip();
                crc.update(b);
            }
        }
        return crc.getValue();
    }
}
