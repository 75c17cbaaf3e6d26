package spheres.engine.cpu;

import spheres.engine.Backend;
import spheres.engine.BackendContract;

class CpuBackendOneThreadTest extends BackendContract {
    @Override
    protected Backend newBackend() {
        return new CpuBackend(1);
    }
}
