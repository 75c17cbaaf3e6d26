package spheres.engine.cpu;

import spheres.engine.Backend;
import spheres.engine.BackendContract;

class CpuBackendTwoThreadsTest extends BackendContract {
    @Override
    protected Backend newBackend() {
        return new CpuBackend(2);
    }
}
