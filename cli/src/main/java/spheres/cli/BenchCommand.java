package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.cpu.WorkerPool;
import spheres.engine.nn.ModelKind;
import spheres.engine.profile.CYardsticks;
import spheres.engine.profile.GemmTuning;
import spheres.engine.profile.Measurement;
import spheres.engine.profile.Profile;
import spheres.engine.profile.Profiler;
import spheres.engine.profile.Workload;
import spheres.engine.profile.Workloads;
import spheres.kernels.Simd;
import spheres.opencl.OpenClDevices;

/**
 * A hardware and workload profile: the machine's yardsticks (FMA peak, memory bandwidth) and the engine's hot paths
 * at the paper's shapes, per thread count, with each speed read against the yardsticks and the paper's full run
 * projected. For detailed figures use the JMH suite, which runs the same workloads.
 */
@Command(name = "bench", description = "Profile this machine: FMA peak, memory bandwidth, sgemm at the paper's shapes, training step, "
        + "evaluation, attack step and Gaussian sampling, per thread count; with the projected time of the paper's full run.",
        footer = {"", "The JMH suite (bench/target/benchmarks.jar) measures the same workloads in more detail; use it to tune a kernel,",
                "and this command to see what a machine can do and to catch a regression (--compare).", "",
                "Examples:",
                "  ./spheres bench --quick                         # under a minute on two cores",
                "  ./spheres bench --json before.json              # the full profile, saved",
                "  ./spheres bench --json after.json --compare before.json",
                "  ./spheres bench --device all --quick             # the CPU and every OpenCL device"})
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--device", defaultValue = "cpu",
            description = "cpu, opencl, opencl:N, or all (the CPU and every OpenCL device); default: ${DEFAULT-VALUE}. A device other than the "
                    + "CPU runs once, its thread count being a hint, and without the CPU's yardsticks.")
    String device;

    @Option(names = "--threads", split = ",", paramLabel = "N", description = "Thread counts to profile (default: 1 and all cores).")
    List<Integer> threads;

    @Option(names = "--quick", description = "Fewer shapes and shorter timings: under a minute on two cores.")
    boolean quick;

    @Option(names = "--json", paramLabel = "FILE", description = "Save the profile as JSON (machine, every measurement, projections).")
    Path json;

    @Option(names = "--compare", paramLabel = "OLD.json", description = "Print the change against an earlier profile; changes beyond the spread are flagged.")
    Path compare;

    @Option(names = "--fail-on-regression", description = "Exit with 1 when --compare finds a workload slower beyond the spread.")
    boolean failOnRegression;

    @Option(names = "--only", split = ",", paramLabel = "TEXT",
            description = "Profile only the workloads whose names contain one of these (case-insensitive), e.g. --only sgemm,train.")
    List<String> only;

    @Option(names = "--force", description = "Overwrite an existing --json file.")
    boolean force;

    @Option(names = "--verbose", description = "Stack traces on errors.")
    boolean verbose;

    @Mixin
    Output output;

    @Option(names = "--tune", description = "Calibrate sgemm for this machine again first (each plan timed is listed on stderr) "
            + "and cache the result, which every later command uses.")
    boolean tune;

    static final String[] SHAPES = {"NT-50x500x1000", "NT-50x1000x1000", "TN-1000x50x1000", "TN-1000x50x500", "NN-50x1000x500", "NN-1000x1000x1000"};
    static final String[] QUICK_SHAPES = {"NT-50x500x1000", "TN-1000x50x1000", "NN-1000x1000x1000"};

    @Override
    public Integer call() throws IOException {
        Profile old = compare == null ? null : Profile.read(compare);
        if (json != null && Files.exists(json) && !force) throw new IllegalArgumentException("--json " + json + ": exists; pass --force to overwrite it");
        int cores = Runtime.getRuntime().availableProcessors();
        TreeSet<Integer> counts = new TreeSet<>(threads == null ? List.of(1, cores) : threads);
        for (int t : counts) if (t < 1) throw new IllegalArgumentException("--threads " + t + ": must be >= 1");
        Profiler profiler = quick ? new Profiler(1.0, 3, 0.2) : new Profiler(1.5, 5, 0.5);
        if (tune && Simd.ENABLED) {
            GemmTuning t = GemmTuning.calibrate(line -> System.err.println("  " + line));
            t.write(GemmTuning.file());
            System.err.println("spheres: gemm tuning written to " + GemmTuning.file());
        }
        GemmTuning.apply(false, System.err::println);
        System.err.println("gemm: " + GemmTuning.state().describe() + "; " + String.join("; ", GemmTuning.describePlans()));

        List<Measurement> results = new ArrayList<>();
        List<Profile.Projection> projections = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-32s %7s %11s %8s  %-10s %s%n", "workload", "threads", "median", "spread", "unit", "reading");
        List<String> targets = new ArrayList<>(List.of(device.equals("all") ? "cpu" : device));
        if (device.equals("all")) for (OpenClDevices.Device d : OpenClDevices.list().devices()) targets.add("opencl:" + d.index());
        for (String target : targets) for (int t : target.equals("cpu") ? counts : List.of(1)) {
            Map<String, Measurement> byName = new LinkedHashMap<>();
            boolean cpu = target.equals("cpu"); // the yardsticks (FMA peak, bandwidth, Gaussians) are the CPU's
            try (WorkerPool pool = new WorkerPool(t); Backend backend = Backends.open(target, t)) {
                String dev = backend.name();
                // key: the start of the workload's name, to skip what --only leaves out before building it
                BiFunction<String, Supplier<Workload>, Measurement> run = (key, make) -> {
                    if (!selected(key)) return null;
                    try (Workload w = make.get()) {
                        Measurement m = profiler.measure(w, dev, t);
                        byName.put(w.name(), m);
                        results.add(m);
                        print(m, reading(m, w, byName));
                        return m;
                    }
                };
                if (cpu) {
                    run.apply("FMA peak", () -> Workloads.fmaPeak(pool));
                    run.apply("memory copy", () -> Workloads.copy(pool));
                    run.apply("memory triad", () -> Workloads.triad(pool));
                    if (Simd.ENABLED && byName.containsKey("FMA peak")) againstC(t, byName, results);
                }
                for (String shape : quick ? QUICK_SHAPES : SHAPES)
                    run.apply("sgemm " + shape.replace('-', ' '), () -> Workloads.gemm(backend, shape));
                Measurement train = run.apply("train step ReLU+BN", () -> Workloads.trainStep(backend, ModelKind.RELU));
                run.apply("train step quadratic", () -> Workloads.trainStep(backend, ModelKind.QUADRATIC));
                Measurement eval = run.apply("evaluation ReLU+BN", () -> Workloads.evaluation(backend));
                run.apply("attack step ReLU+BN", () -> Workloads.attackStep(backend, 1000));
                if (cpu) run.apply("Gaussian draws", () -> Workloads.gaussians(pool));
                if (train != null && eval != null) {
                    Profile.Projection p = new Profile.Projection(dev, t, 1e6 / train.median() / 3600, 2e7 / eval.median() / 3600);
                    projections.add(p);
                    System.out.printf(Locale.ROOT, "%-32s %7d %10.2f h  (1 M training steps %.2f h + 10 M samples per sphere %.2f h)%n",
                            "projected paper run", t, p.totalHours(), p.trainHours(), p.evalHours());
                }
            }
        }
        Profile profile = new Profile(Profile.SCHEMA, Instant.now().toString(), Profile.Machine.here(Backends.devices(),
                OpenClDevices.list().devices().stream().map(OpenClDevices.Device::toString).toList()), quick, results, projections);
        if (json != null) {
            profile.write(json);
            output.summary().println("written " + json);
        }
        if (old == null) return ExitCodes.OK;
        List<Profile.Change> changes = old.compare(profile, 0.05);
        System.out.printf(Locale.ROOT, "%nagainst %s (%s):%n%-32s %7s %11s %11s %8s  %s%n", compare, old.created(), "workload", "threads", "before", "after", "change", "");
        int slower = 0;
        for (Profile.Change c : changes) {
            if (c.verdict().equals("SLOWER")) slower++;
            System.out.printf(Locale.ROOT, "%-32s %7d %11.4g %11.4g %+7.1f%%  %s%n", c.after().workload(), c.after().threads(),
                    c.before().median(), c.after().median(), 100 * c.change(), c.verdict());
        }
        System.out.println(changes.isEmpty() ? "no workload in common" : slower + " of " + changes.size() + " workloads slower beyond the spread");
        return failOnRegression && slower > 0 ? ExitCodes.FAILURE : ExitCodes.OK;
    }

    /**
     * The yardsticks once more as C loops (gcc, same thread count and vector width): the Java figures every reading
     * divides by must agree within 5 %, or the profile says so on that line.
     */
    private void againstC(int t, Map<String, Measurement> byName, List<Measurement> results) {
        CYardsticks.Result c;
        try {
            c = CYardsticks.measure(t, Simd.F.vectorBitSize(), quick);
        } catch (IllegalStateException e) {
            System.out.println("C yardsticks: " + e.getMessage());
            return;
        }
        for (Map.Entry<String, Double> e : c.byWorkload().entrySet()) {
            Measurement java = byName.get(e.getKey());
            if (java == null) continue;
            double v = e.getValue(), ratio = java.median() / v;
            Measurement m = new Measurement(e.getKey() + " (C, " + c.isa() + ")", "cpu", t, java.unit(), v, v, v, 1,
                    java.unit().equals("GFLOP/s") ? v * 1e9 : 0);
            results.add(m);
            print(m, String.format(Locale.ROOT, "Java/C %.2f%s", ratio, Math.abs(ratio - 1) <= 0.05 ? ""
                    : ": the Java yardstick is more than 5 % off the C loop, so readings against it are approximate"));
        }
    }

    private boolean selected(String name) {
        if (only == null) return true;
        for (String o : only) if (name.toLowerCase(Locale.ROOT).contains(o.toLowerCase(Locale.ROOT))) return true;
        return false;
    }

    /** How to read a figure: a share of the FMA peak for FLOP work, of the floor for a training step. */
    private static String reading(Measurement m, Workload w, Map<String, Measurement> byName) {
        Measurement peak = byName.get("FMA peak"), triad = byName.get("memory triad");
        if (peak == null || m == peak || w.flops() == 0) return "";
        double peakFlops = peak.median() * 1e9;
        String s = String.format(Locale.ROOT, "%.0f%% of peak", 100 * m.flopsPerSecond() / peakFlops);
        if (w.bytes() > 0 && triad != null) {
            double floorSeconds = w.flops() / peakFlops + w.bytes() / (triad.median() * 1e9);
            double share = m.median() * floorSeconds / w.work();
            // The floor streams the optimizer state from memory; above 100 % the state stayed in the caches.
            s += String.format(Locale.ROOT, ", %.0f%% of the floor (%.0f/s%s)", 100 * share, w.work() / floorSeconds,
                    share > 1 ? ": state in cache" : "");
        }
        return s;
    }

    private static void print(Measurement m, String reading) {
        System.out.printf(Locale.ROOT, "%-32s %7d %11.4g %7.1f%%  %-10s %s%n", m.workload(), m.threads(), m.median(), 100 * m.spread(), m.unit(), reading);
    }
}
