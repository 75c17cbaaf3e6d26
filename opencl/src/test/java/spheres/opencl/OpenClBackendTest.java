package spheres.opencl;

import spheres.engine.Backend;
import spheres.engine.BackendContract;

/** The engine's backend contract, every op against the scalar twins, on the default OpenCL device. */
class OpenClBackendTest extends BackendContract {
    @Override
    protected Backend newBackend() {
        return OpenClTesting.backend();
    }
}
