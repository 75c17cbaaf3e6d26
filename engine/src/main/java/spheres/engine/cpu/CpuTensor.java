package spheres.engine.cpu;

import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.kernels.Gemm;

/** A tensor in a plain Java array, row-major, no offset. */
final class CpuTensor extends Tensor {
    final float[] data;
    private final CpuBackend backend;

    CpuTensor(CpuBackend backend, int rows, int cols) {
        super(rows, cols);
        this.backend = backend;
        this.data = new float[rows * cols];
    }

    /**
     * B's sgemm panels per plan and transposition while the tensor is frozen: made when a first scope holds it, dropped
     * when the last one closes ({@code CpuBackend.held}, {@code released}); null while it is not frozen.
     */
    volatile java.util.concurrent.ConcurrentHashMap<PanelKey, Gemm.Panels> panels;

    /**
     * Which panels of the whole tensor a product reads: transposed or not, and for which plan (the batch-sized and
     * bulk classes may differ, and an attack's batch shrinks as its rows settle).
     */
    record PanelKey(Gemm.Plan plan, boolean trans) {}

    /** The kept panels of this frozen tensor as B of a product with this plan. */
    Gemm.Panels panels(Gemm.Plan plan, boolean trans) {
        return panels.computeIfAbsent(new PanelKey(plan, trans), key -> new Gemm.Panels());
    }

    @Override
    public Backend backend() {
        return backend;
    }
}
