package spheres.engine;

/**
 * A row-major float32 matrix that lives on one {@link Backend}'s device. Vectors are {@code 1 x n} (a row, e.g. a
 * bias) or {@code n x 1} (a column, e.g. logits). The data is reached only through the backend that made it.
 */
public abstract class Tensor implements AutoCloseable {
    public final int rows;
    public final int cols;

    protected Tensor(int rows, int cols) {
        if (rows < 0 || cols < 0) throw new IllegalArgumentException("shape [" + rows + ", " + cols + "]: dimensions must be >= 0");
        if ((long) rows * cols > Integer.MAX_VALUE - 16)
            throw new IllegalArgumentException("shape [" + rows + ", " + cols + "]: more than 2^31 elements");
        this.rows = rows;
        this.cols = cols;
    }

    public final int size() {
        return rows * cols;
    }

    public final boolean sameShape(Tensor o) {
        return rows == o.rows && cols == o.cols;
    }

    /** The shape as {@code [rows, cols]}, the form every error message uses. */
    public final String shape() {
        return "[" + rows + ", " + cols + "]";
    }

    /** Open {@link Backend#freeze} scopes that hold this tensor: while there are any, no op may write it. */
    int frozen;

    /** Whether a {@link Backend#freeze} scope holds it now (a backend may keep work derived from its values). */
    public final boolean isFrozen() {
        return frozen > 0;
    }

    public abstract Backend backend();

    /** Frees device memory where the backend holds any; the tensor must not be used after. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return backend().name() + " tensor " + shape();
    }
}
