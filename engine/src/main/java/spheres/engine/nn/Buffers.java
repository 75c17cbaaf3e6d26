package spheres.engine.nn;

import spheres.engine.Backend;
import spheres.engine.Tensor;

/** Reuse of a layer's output buffers: a new tensor only when the shape changes (a new batch size). */
final class Buffers {
    private Buffers() {}

    static Tensor ensure(Backend backend, Tensor current, int rows, int cols) {
        if (current != null && current.rows == rows && current.cols == cols) return current;
        if (current != null) current.close();
        return backend.allocate(rows, cols);
    }
}
