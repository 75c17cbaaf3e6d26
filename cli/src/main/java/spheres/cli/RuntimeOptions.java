package spheres.cli;

import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.Backends;

/** Options every computing command shares: where and how to run. */
final class RuntimeOptions {
    @Option(names = "--device", paramLabel = "NAME", defaultValue = "cpu",
            description = "Backend to run on: cpu, or opencl where installed (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "CPU worker threads (default: all cores).")
    Integer threads;

    @Option(names = "--no-simd", description = "Route every kernel to its scalar twin (for checking and profiling).")
    boolean noSimd;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    /** Must run before any kernel class loads: the SIMD switch is read once. */
    void applySwitches() {
        if (noSimd) System.setProperty("spheres.simd", "false");
    }

    int threads() {
        int t = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (t < 1) throw new IllegalArgumentException("--threads " + t + ": must be >= 1");
        return t;
    }

    Backend open() {
        applySwitches();
        return Backends.open(device, threads());
    }
}
