package spheres.opencl;

import spheres.engine.Backend;
import spheres.engine.nn.GradientCheckTest;

/** Finite-difference checks of every layer and both paper models, on the default OpenCL device. */
class OpenClGradientCheckTest extends GradientCheckTest {
    @Override
    protected Backend newBackend() {
        return OpenClTesting.backend();
    }
}
