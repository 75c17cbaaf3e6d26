package spheres.engine;

/**
 * How a backend outside the engine (OpenCL) makes itself known: a {@code ServiceLoader} service, so that the
 * engine never depends on it and nothing breaks where it is absent.
 */
public interface BackendProvider {
    /** The device name users type, e.g. {@code opencl}. */
    String device();

    /** Null when the device can be used here, else one line saying why not (no platform, no driver, ...). */
    String unavailableReason();

    /** Opens the backend; {@code threads} is a hint a device may ignore. */
    Backend open(int threads);
}
