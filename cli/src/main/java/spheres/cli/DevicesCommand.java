package spheres.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.workflow.DeviceComparison;
import spheres.kernels.Simd;
import spheres.opencl.OpenClDevices;

/** Where spheres can run: the CPU's SIMD width and cores, and every OpenCL device; optionally checked against the CPU. */
@Command(name = "devices")
final class DevicesCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--validate")
    boolean validate;

    @Option(names = "--validate-steps", defaultValue = "1", paramLabel = "N")
    long validateSteps;

    @Override
    public Integer call() {
        if (validateSteps < 1) throw new IllegalArgumentException("--validate-steps " + validateSteps + ": must be >= 1");
        runtime.applySwitches();
        printCpu(runtime.threads());
        OpenClDevices.Listing cl = printOpenCl();
        if (!validate) return ExitCodes.OK;
        List<String> targets = runtime.device.equals("cpu") ? cl.ids() : List.of(runtime.device);
        if (targets.isEmpty()) throw new spheres.engine.DeviceUnavailableException("--validate: no OpenCL device to check; " + OpenClDevices.HINT);
        for (String t : targets) System.out.println("validate    " + DeviceComparison.validate(t, runtime.threads(), validateSteps));
        return ExitCodes.OK;
    }

    /** The CPU backend's side: cores and the Vector API's float lanes. */
    static void printCpu(int threads) {
        System.out.println("cpu         " + Runtime.getRuntime().availableProcessors() + " cores (" + threads + " worker threads), "
                + Simd.describe());
    }

    /** One line per OpenCL device (what --device opencl:N names, and its gemm tiles), or one line saying why there is none. */
    static OpenClDevices.Listing printOpenCl() {
        OpenClDevices.Listing cl = OpenClDevices.list();
        for (String line : cl.lines()) System.out.println("OpenCL      " + line);
        return cl;
    }
}
