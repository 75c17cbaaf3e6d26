package spheres.cli;

import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.profile.GemmTuning;
import spheres.opencl.OpenClDevices;

/** Options every computing command shares: where and how to run. */
final class RuntimeOptions {
    @Option(names = "--device", paramLabel = "NAME", defaultValue = "cpu")
    String device;

    @Option(names = "--threads", paramLabel = "N")
    Integer threads;

    @Option(names = "--no-simd")
    boolean noSimd;

    @Option(names = "--reproducible")
    boolean reproducible;

    @Option(names = "--retune")
    boolean retune;

    /** Must run before any kernel class loads: the SIMD switch is read once. */
    void applySwitches() {
        if (noSimd) System.setProperty("spheres.simd", "false");
        if (reproducible) System.setProperty("spheres.simd.bits", "256");
    }

    int threads() {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) throw new IllegalArgumentException("--threads " + t + ": must be >= 1");
        return t;
    }

    Backend open() {
        applySwitches();
        String dev = resolvedDevice();
        int t = threads();
        if (dev.equals("cpu")) GemmTuning.apply(retune, System.err::println);
        return Backends.open(dev, t);
    }

    /**
     * {@code auto} becomes the first OpenCL GPU, or cpu with one line on stderr saying why (a PoCL CPU device is
     * slower than the cpu backend, so auto never picks it); any other name is used as given, so an explicit
     * {@code opencl} without OpenCL is an error (exit code {@link ExitCodes#NO_DEVICE}) with what to install.
     */
    private String resolvedDevice() {
        if (!device.equals("auto")) return device;
        OpenClDevices.Listing l = OpenClDevices.list();
        for (OpenClDevices.Device d : l.devices()) if (d.isGpu()) return d.id();
        System.err.println("spheres: --device auto: " + (l.devices().isEmpty() ? l.problem() : "no OpenCL GPU")
                + "; running on the cpu backend");
        return "cpu";
    }
}
