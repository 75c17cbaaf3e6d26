package spheres.bench;

import spheres.engine.workflow.DeviceComparison;
import spheres.kernels.Simd;
import spheres.opencl.OpenClDevices;

/**
 * The header of a GPU run's results (bench/gpu/run.sh, which carries no CLI): the JDK, the CPU's cores and Vector
 * API lanes, every OpenCL device as {@code spheres devices} lists it (with the gemm tiles it gets), then what
 * {@code spheres devices --validate} checks: training steps of the paper's ReLU net on the CPU and on each device
 * from the same seed, and the largest relative differences. Exit code 4 (the CLI's NO_DEVICE) without a device.
 *
 * <pre>java --add-modules jdk.incubator.vector -cp bench/target/benchmarks.jar spheres.bench.OpenClCheck [STEPS]</pre>
 */
public final class OpenClCheck {
    private OpenClCheck() {}

    public static void main(String[] args) {
        long steps = args.length > 0 ? Long.parseLong(args[0]) : 1;
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.println("jdk         " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")");
        System.out.println("cpu         " + cores + " cores, " + Simd.describe());
        OpenClDevices.Listing cl = OpenClDevices.list();
        for (String line : cl.lines()) System.out.println("OpenCL      " + line);
        if (cl.devices().isEmpty()) System.exit(4);
        for (String id : cl.ids()) System.out.println("validate    " + DeviceComparison.validate(id, cores, steps));
    }
}
