package spheres.engine;

/**
 * A device that exists as a name but cannot be used on this machine (no driver, no platform): callers that named
 * it explicitly report it as such, with the hint in the message; others may fall back to the CPU.
 */
public final class DeviceUnavailableException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public DeviceUnavailableException(String message) {
        super(message);
    }
}
