package spheres.engine.profile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.cpu.WorkerPool;
import spheres.engine.nn.ModelKind;
import spheres.kernels.Simd;

/**
 * The profile {@code spheres bench} takes: per device and thread count, the CPU's yardsticks (FMA peak, memory
 * bandwidth; each beside the same loop in C), sgemm at the paper's shapes, the training step of both nets, evaluation,
 * the attack step and Gaussian draws, each speed read against the yardsticks, and the projected time of the paper's
 * full run. The table goes out line by line as it is measured; the result is the {@link Profile} to save or compare.
 */
public final class Bench {
    private Bench() {}

    private static final String[] SHAPES = {"NT-50x500x1000", "NT-50x1000x1000", "TN-1000x50x1000", "TN-1000x50x500", "NN-50x1000x500", "NN-1000x1000x1000"};
    private static final String[] QUICK_SHAPES = {"NT-50x500x1000", "TN-1000x50x1000", "NN-1000x1000x1000"};

    /**
     * What to profile: the devices ({@code cpu}, {@code opencl:N}; one other than the CPU runs once, its thread count
     * being a hint), the CPU's thread counts, shorter timings and fewer shapes ({@code quick}), and only the workloads
     * whose names contain one of {@code only} (case-insensitive; null: all).
     */
    public record Config(List<String> devices, SortedSet<Integer> threads, boolean quick, List<String> only) {
        boolean selected(String name) {
            if (only == null) return true;
            for (String o : only) if (name.toLowerCase(Locale.ROOT).contains(o.toLowerCase(Locale.ROOT))) return true;
            return false;
        }
    }

    /**
     * Measures {@code config}'s workloads, each line of the table to {@code table} as it is taken; the machine is
     * described with the {@code backends} and {@code openclDevices} the caller found.
     */
    public static Profile run(Config config, List<String> backends, List<String> openclDevices, Consumer<String> table) {
        Profiler profiler = config.quick() ? new Profiler(1.0, 3, 0.2) : new Profiler(1.5, 5, 0.5);
        List<Measurement> results = new ArrayList<>();
        List<Profile.Projection> projections = new ArrayList<>();
        table.accept(String.format(Locale.ROOT, "%-32s %7s %11s %8s  %-10s %s", "workload", "threads", "median", "spread", "unit", "reading"));
        for (String target : config.devices()) for (int t : target.equals("cpu") ? config.threads() : List.of(1)) {
            Map<String, Measurement> byName = new LinkedHashMap<>();
            boolean cpu = target.equals("cpu"); // the yardsticks (FMA peak, bandwidth, Gaussians) are the CPU's
            try (WorkerPool pool = new WorkerPool(t); Backend backend = Backends.open(target, t)) {
                String dev = backend.name();
                // key: the start of the workload's name, to skip what --only leaves out before building it
                Measure run = (key, make) -> {
                    if (!config.selected(key)) return null;
                    try (Workload w = make.get()) {
                        Measurement m = profiler.measure(w, dev, t);
                        byName.put(w.name(), m);
                        results.add(m);
                        table.accept(line(m, reading(m, w, byName)));
                        return m;
                    }
                };
                if (cpu) {
                    boolean checked = Simd.ENABLED && config.selected("FMA peak");
                    CYardsticks.Result before = checked ? cLoops(t, config.quick(), table) : null;
                    run.apply("FMA peak", () -> Workloads.fmaPeak(pool));
                    run.apply("memory copy", () -> Workloads.copy(pool));
                    run.apply("memory triad", () -> Workloads.triad(pool));
                    if (before != null) againstC(t, before, cLoops(t, config.quick(), table), byName, results, table);
                }
                for (String shape : config.quick() ? QUICK_SHAPES : SHAPES)
                    run.apply("sgemm " + shape.replace('-', ' '), () -> Workloads.gemm(backend, shape));
                Measurement train = run.apply("train step ReLU+BN", () -> Workloads.trainStep(backend, ModelKind.RELU));
                run.apply("train step quadratic", () -> Workloads.trainStep(backend, ModelKind.QUADRATIC));
                Measurement eval = run.apply("evaluation ReLU+BN", () -> Workloads.evaluation(backend));
                run.apply("attack step ReLU+BN", () -> Workloads.attackStep(backend, 1000));
                if (cpu) run.apply("Gaussian draws", () -> Workloads.gaussians(pool));
                if (train != null && eval != null) {
                    Profile.Projection p = new Profile.Projection(dev, t, 1e6 / train.median() / 3600, 2e7 / eval.median() / 3600);
                    projections.add(p);
                    table.accept(String.format(Locale.ROOT, "%-32s %7d %10.2f h  (1 M training steps %.2f h + 10 M samples per sphere %.2f h)",
                            "projected paper run", t, p.totalHours(), p.trainHours(), p.evalHours()));
                }
            }
        }
        return new Profile(Profile.SCHEMA, Instant.now().toString(), Profile.Machine.here(backends, openclDevices), config.quick(),
                results, projections);
    }

    /** Measures the workload {@code make} builds, when its name starts with a selected {@code key}; else null. */
    private interface Measure {
        Measurement apply(String key, Supplier<Workload> make);
    }

    /** The C loops at this thread count and the Java kernels' vector width, or null (and one line saying why). */
    private static CYardsticks.Result cLoops(int t, boolean quick, Consumer<String> table) {
        try {
            return CYardsticks.measure(t, Simd.F.vectorBitSize(), quick);
        } catch (IllegalStateException e) {
            table.accept("C yardsticks: " + e.getMessage());
            return null;
        }
    }

    /**
     * The yardsticks as C loops (gcc, same thread count and vector width), run just before and just after the Java ones:
     * the Java figures every reading divides by must come within 5 % of one of the two C runs, or the profile says so on
     * that line. Two runs, since this machine's bandwidth may move by more than 5 % in the seconds between one
     * measurement and the next (bench/RESULTS.md, eighth sitting); both ratios are printed.
     */
    private static void againstC(int t, CYardsticks.Result before, CYardsticks.Result after, Map<String, Measurement> byName,
                                 List<Measurement> results, Consumer<String> table) {
        if (after == null) return;
        for (Map.Entry<String, Double> e : before.byWorkload().entrySet()) {
            Measurement java = byName.get(e.getKey());
            Double later = after.byWorkload().get(e.getKey());
            if (java == null || later == null) continue;
            double v0 = e.getValue(), v1 = later, lo = Math.min(v0, v1), hi = Math.max(v0, v1), j = java.median();
            Measurement m = new Measurement(e.getKey() + " (C, " + before.isa() + ")", "cpu", t, java.unit(), (v0 + v1) / 2,
                    lo, hi, 2, java.unit().equals("GFLOP/s") ? (v0 + v1) / 2 * 1e9 : 0);
            results.add(m);
            boolean agrees = j >= 0.95 * lo && j <= 1.05 * hi;
            table.accept(line(m, String.format(Locale.ROOT, "Java/C %.2f / %.2f (C before / after)%s", j / v0, j / v1, agrees ? ""
                    : ": the Java yardstick is more than 5 % off both C runs, so readings against it are approximate")));
        }
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

    private static String line(Measurement m, String reading) {
        return String.format(Locale.ROOT, "%-32s %7d %11.4g %7.1f%%  %-10s %s", m.workload(), m.threads(), m.median(), 100 * m.spread(),
                m.unit(), reading);
    }

    /** A comparison as a table ({@link Profile#compare}'s lines under a header, then a count), and the workloads slower beyond the spread. */
    public record Comparison(String table, int slower) {}

    /** {@code after} against the earlier profile {@code before}, read from {@code name}; a change counts beyond 5 % and the spreads. */
    public static Comparison compare(Profile before, String name, Profile after) {
        List<Profile.Change> changes = before.compare(after, 0.05);
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%nagainst %s (%s):%n%-32s %7s %11s %11s %8s  %s%n", name,
                before.created(), "workload", "threads", "before", "after", "change", ""));
        int slower = 0;
        for (Profile.Change c : changes) {
            if (c.verdict().equals("SLOWER")) slower++;
            sb.append(String.format(Locale.ROOT, "%-32s %7d %11.4g %11.4g %+7.1f%%  %s%n", c.after().workload(), c.after().threads(),
                    c.before().median(), c.after().median(), 100 * c.change(), c.verdict()));
        }
        sb.append(changes.isEmpty() ? "no workload in common" : slower + " of " + changes.size() + " workloads slower beyond the spread");
        return new Comparison(sb.toString(), slower);
    }
}
