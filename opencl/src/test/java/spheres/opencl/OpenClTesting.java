package spheres.opencl;

import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Assumptions;

/**
 * Opens the OpenCL backend for a test. Without an OpenCL device the test is skipped with the reason, unless
 * {@code SPHERES_REQUIRE_OPENCL=1} (set by CI, which installs PoCL): then it fails.
 */
final class OpenClTesting {
    private OpenClTesting() {}

    static OpenClBackend backend() {
        OpenClDevices.Found d = device();
        return new OpenClBackend(d, GemmTiles.defaultFor(d.device()));
    }

    /** The default device ({@code --device opencl}). */
    static OpenClDevices.Found device() {
        OpenClDevices.Listing l = OpenClDevices.list();
        if (l.devices().isEmpty()) {
            String why = l.problem() + "; " + OpenClDevices.HINT;
            if ("1".equals(System.getenv("SPHERES_REQUIRE_OPENCL"))) fail("SPHERES_REQUIRE_OPENCL=1 but " + why);
            Assumptions.abort("no OpenCL device: " + why);
        }
        return OpenClProvider.find(null);
    }
}
