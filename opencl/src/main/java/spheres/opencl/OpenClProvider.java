package spheres.opencl;

import java.util.List;
import spheres.engine.Backend;
import spheres.engine.BackendProvider;

/**
 * Makes {@code opencl} and {@code opencl:N} known to {@code spheres.engine.Backends} through {@code ServiceLoader}.
 * Plain {@code opencl} is the first GPU, or device 0 where there is none.
 */
public final class OpenClProvider implements BackendProvider {
    @Override
    public String device() {
        return "opencl";
    }

    @Override
    public String unavailableReason() {
        OpenClDevices.Listing l = OpenClDevices.list();
        return l.devices().isEmpty() ? l.problem() + "; " + OpenClDevices.HINT : null;
    }

    @Override
    public Backend open(String unit, int threads) {
        return open(unit);
    }

    /** The backend on device {@code unit} (its number in {@link OpenClDevices#list()}), or the default when null. */
    public static OpenClBackend open(String unit) {
        OpenClDevices.Found chosen = find(unit);
        return new OpenClBackend(chosen, GemmTiles.defaultFor(chosen.device()));
    }

    /** Device {@code unit}, or the first GPU, else device 0, when null. */
    static OpenClDevices.Found find(String unit) {
        List<OpenClDevices.Found> all = OpenClDevices.scan();
        if (all.isEmpty()) throw new IllegalArgumentException("no OpenCL device; " + OpenClDevices.HINT);
        OpenClDevices.Found chosen = unit == null ? preferred(all) : null;
        if (unit != null) {
            int n;
            try {
                n = Integer.parseInt(unit);
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 0 || n >= all.size())
                throw new IllegalArgumentException("device 'opencl:" + unit + "': there are OpenCL devices 0 to " + (all.size() - 1)
                        + " (./spheres devices lists them)");
            chosen = all.get(n);
        }
        return chosen;
    }

    private static OpenClDevices.Found preferred(List<OpenClDevices.Found> all) {
        for (OpenClDevices.Found f : all) if (f.device().isGpu()) return f;
        return all.get(0);
    }
}
