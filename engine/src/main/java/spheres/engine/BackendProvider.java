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

    /**
     * Opens the backend. {@code unit} is what followed a colon in the device name ({@code opencl:1} gives
     * {@code "1"}), or null for the provider's default; {@code threads} is a hint a device may ignore. A unit that
     * does not exist throws {@link IllegalArgumentException} naming it and the units there are.
     */
    Backend open(String unit, int threads);
}
