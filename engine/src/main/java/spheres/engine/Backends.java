package spheres.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import spheres.engine.cpu.CpuBackend;

/** Finds a backend by device name: {@code cpu} always, others through {@link BackendProvider} services. */
public final class Backends {
    private Backends() {}

    public static List<BackendProvider> providers() {
        List<BackendProvider> all = new ArrayList<>();
        for (BackendProvider p : ServiceLoader.load(BackendProvider.class)) all.add(p);
        return all;
    }

    /** The device names that can be asked for: {@code cpu} and every provider's. */
    public static List<String> devices() {
        List<String> names = new ArrayList<>(List.of("cpu"));
        for (BackendProvider p : providers()) names.add(p.device());
        return names;
    }

    /**
     * Opens the named device, {@code NAME} or {@code NAME:UNIT} (e.g. {@code opencl:1}). An unknown name throws
     * {@link IllegalArgumentException} with one line naming the value and what is accepted; a known one that cannot
     * be used here throws {@link DeviceUnavailableException} saying why.
     */
    public static Backend open(String device, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads = " + threads + ": must be >= 1");
        if (device.equals("cpu")) return new CpuBackend(threads);
        int colon = device.indexOf(':');
        String name = colon < 0 ? device : device.substring(0, colon), unit = colon < 0 ? null : device.substring(colon + 1);
        for (BackendProvider p : providers()) {
            if (!p.device().equals(name)) continue;
            String why = p.unavailableReason();
            if (why != null) throw new DeviceUnavailableException("device '" + device + "' is not usable here: " + why);
            return p.open(unit, threads);
        }
        throw new IllegalArgumentException("device '" + device + "': not one of " + devices() + " (a provider's devices as NAME:N)");
    }
}
