package spheres.engine.cpu;

import spheres.engine.Backend;
import spheres.engine.Tensor;

/** A tensor in a plain Java array, row-major, no offset. */
final class CpuTensor extends Tensor {
    final float[] data;
    private final CpuBackend backend;

    CpuTensor(CpuBackend backend, int rows, int cols) {
        super(rows, cols);
        this.backend = backend;
        this.data = new float[rows * cols];
    }

    @Override
    public Backend backend() {
        return backend;
    }
}
