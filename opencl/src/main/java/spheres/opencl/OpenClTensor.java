package spheres.opencl;

import org.jocl.cl_mem;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/** A tensor in a device buffer of its backend's pool; closing it returns the buffer to the pool. */
final class OpenClTensor extends Tensor {
    private final OpenClBackend backend;
    final cl_mem mem;
    private boolean closed;

    OpenClTensor(OpenClBackend backend, cl_mem mem, int rows, int cols) {
        super(rows, cols);
        this.backend = backend;
        this.mem = mem;
    }

    @Override
    public Backend backend() {
        return backend;
    }

    @Override
    public void close() {
        if (closed) return;
        closed = true;
        backend.release(this);
    }
}
