package spheres.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.kernels.Simd;
import spheres.engine.profile.GemmTuning;

/** What this machine and build offer: JDK, cores, SIMD width, backends, OpenCL devices. */
@Command(name = "info")
final class InfoCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        Backend be = runtime.open(); // first, so that a bad option fails before anything is printed
        System.out.println("JDK         " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("OS / arch   " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.println("max heap    " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        DevicesCommand.printCpu(runtime.threads());
        System.out.println("gemm        " + (Simd.ENABLED ? GemmTuning.describe("\n  ") : "scalar twin (SIMD off)"));
        System.out.println("devices     " + String.join(", ", Backends.devices()));
        System.out.println("backend     " + be.name());
        be.close();
        DevicesCommand.printOpenCl();
        return ExitCodes.OK;
    }
}
