package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.Backends;
import spheres.engine.profile.Bench;
import spheres.engine.profile.GemmTuning;
import spheres.engine.profile.Profile;
import spheres.kernels.Simd;
import spheres.opencl.OpenClDevices;

/**
 * A hardware and workload profile ({@link Bench}): the machine's yardsticks and the engine's hot paths at the paper's
 * shapes, per thread count, the table on stdout. For detailed figures use the JMH suite, which runs the same workloads.
 */
@Command(name = "bench")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "cpu")
    String device;

    @Option(names = "--threads", split = ",", paramLabel = "N")
    List<Integer> threads;

    @Option(names = "--quick")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE")
    Path json;

    @Option(names = "--compare", paramLabel = "OLD.json")
    Path compare;

    @Option(names = "--fail-on-regression")
    boolean failOnRegression;

    @Option(names = "--only", split = ",", paramLabel = "TEXT")
    List<String> only;

    @Option(names = "--force")
    boolean force;

    @Mixin
    Output output;

    @Option(names = "--tune")
    boolean tune;

    @Override
    public Integer call() throws IOException {
        Profile old = compare == null ? null : Profile.read(compare);
        if (json != null && Files.exists(json) && !force) throw new IllegalArgumentException("--json " + json + ": exists; pass --force to overwrite it");
        TreeSet<Integer> counts = new TreeSet<>(threads == null ? List.of(1, Runtime.getRuntime().availableProcessors()) : threads);
        for (int t : counts) if (t < 1) throw new IllegalArgumentException("--threads " + t + ": must be >= 1");
        if (tune && Simd.ENABLED) {
            GemmTuning.calibrate(line -> System.err.println("  " + line)).write(GemmTuning.file());
            System.err.println("spheres: gemm tuning written to " + GemmTuning.file());
        }
        GemmTuning.apply(false, System.err::println);
        System.err.println("gemm: " + GemmTuning.describe("; "));
        List<OpenClDevices.Device> openCl = OpenClDevices.list().devices();
        List<String> devices = new ArrayList<>(List.of(device.equals("all") ? "cpu" : device));
        if (device.equals("all")) for (OpenClDevices.Device d : openCl) devices.add(d.id());
        Profile profile = Bench.run(new Bench.Config(devices, counts, quick, only), Backends.devices(),
                openCl.stream().map(OpenClDevices.Device::toString).toList(), System.out::println);
        if (json != null) {
            profile.write(json);
            output.summary().println("written " + json);
        }
        if (old == null) return ExitCodes.OK;
        Bench.Comparison c = Bench.compare(old, compare.toString(), profile);
        System.out.println(c.table());
        return failOnRegression && c.slower() > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }
}
