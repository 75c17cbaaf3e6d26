package spheres.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.kernels.Simd;
import spheres.opencl.OpenClDevices;

/** What this machine and build offer: JDK, cores, SIMD width, backends, OpenCL devices. */
@Command(name = "info", description = "Show the JDK, cores, SIMD width, backends and OpenCL devices.",
        footer = {"", "Examples:", "  ./spheres info", "  ./spheres info --no-simd --threads 1"})
final class InfoCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() {
        Backend be = runtime.open(); // first, so that a bad option fails before anything is printed
        System.out.println("JDK         " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("OS / arch   " + System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        System.out.println("cores       " + Runtime.getRuntime().availableProcessors());
        System.out.println("max heap    " + (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        System.out.println("SIMD        " + (Simd.ENABLED ? Simd.F.length() + " float lanes (" + Simd.F.vectorBitSize() + "-bit)"
                : "off: scalar twins (--no-simd or -Dspheres.simd=false)"));
        System.out.println("devices     " + String.join(", ", Backends.devices()));
        System.out.println("backend     " + be.name());
        be.close();
        OpenClDevices.Listing cl = OpenClDevices.list();
        if (cl.devices().isEmpty()) System.out.println("OpenCL      " + cl.problem());
        for (OpenClDevices.Device d : cl.devices()) System.out.println("OpenCL      " + d);
        return ExitCodes.OK;
    }
}
