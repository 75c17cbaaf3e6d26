package spheres.bench;

import java.util.Locale;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.workflow.DeviceComparison;
import spheres.engine.workflow.TrainConfig;
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
        System.out.println("cpu         " + cores + " cores, " + (Simd.ENABLED ? "Vector API " + Simd.F.length()
                + " float lanes (" + Simd.F.vectorBitSize() + "-bit)" : "SIMD off"));
        OpenClDevices.Listing cl = OpenClDevices.list();
        if (cl.devices().isEmpty()) {
            System.out.println("OpenCL      " + cl.problem() + "; " + OpenClDevices.HINT);
            System.exit(4);
        }
        for (OpenClDevices.Device d : cl.devices())
            System.out.println("OpenCL      " + d.details());
        TrainConfig paper = TrainConfig.paperRelu();
        for (OpenClDevices.Device d : cl.devices()) {
            try (Backend cpu = new CpuBackend(cores); Backend dev = Backends.open("opencl:" + d.index(), cores)) {
                long start = System.nanoTime();
                DeviceComparison.Result r = DeviceComparison.train(cpu, dev, paper, steps);
                System.out.printf(Locale.ROOT, "validate    %s: after %d step%s, weights differ by at most %.2e (relative, %s), "
                                + "logits by %.2e; loss %.6f (cpu %.6f); %.1f s%n", dev.name(), r.steps(), r.steps() == 1 ? "" : "s",
                        r.weights(), r.worstTensor(), r.logits(), r.deviceLoss(), r.referenceLoss(), (System.nanoTime() - start) / 1e9);
            }
        }
    }
}
