package spheres.engine.profile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import spheres.engine.experiment.Environment;
import spheres.engine.io.AtomicFiles;
import spheres.kernels.Gemm;
import spheres.kernels.GemmTuner;
import spheres.kernels.Simd;

/**
 * sgemm's plans for this machine, calibrated once ({@link GemmTuner}) and cached per CPU model, JDK feature release and
 * vector width in {@code ~/.cache/spheres/tuning-<cpu>-jdk<N>-<bits>bit.json} (the folder: property
 * {@code spheres.cache}, else {@code $XDG_CACHE_HOME/spheres}, else {@code ~/.cache/spheres}). {@link #apply} loads it,
 * or calibrates and writes it when there is none; a damaged file is ignored with one line and the defaults are used.
 * The property {@code spheres.tuning=off} keeps the defaults without reading or writing anything (the test suites
 * set it). No plan changes results: it changes speed only (see {@link Gemm}).
 *
 * <p>The schema is {@value #SCHEMA}; later fields must be optional.
 */
public record GemmTuning(String schema, String family, String cpu, int jdk, int vectorBits, String tuned, Map<Gemm.Shape, Choice> plans) {
    /**
     * Version 4: a plan per {@link Gemm.Shape} (version 1 had one for batch-sized calls and one for bulk calls), chosen by
     * a calibration that waits for the JIT, with the kernel's depth KB (version 3 had none: KB followed from L1, and
     * its files are calibrated again, since the search now times each kernel at each of its depths). Version 2's
     * tuner could time the default plan before its transposes were compiled and keep a slower plan for the step.
     */
    public static final String SCHEMA = "spheres-gemm-tuning/4";
    /** The kernels and packings there were to choose from: a cache made among others is calibrated again. */
    public static final String FAMILY = java.util.Arrays.toString(Gemm.Kernel.values()) + java.util.Arrays.toString(Gemm.Pack.values());

    /** One shape class's plan, with the speed measured for it and for the default plan in the same calibration. */
    public record Choice(Gemm.Kernel kernel, Gemm.Pack pack, int mc, int nc, int kb, double gflops, double defaultGflops) {
        Gemm.Plan plan() {
            return new Gemm.Plan(kernel, pack, mc, nc, kb);
        }

        static Choice of(GemmTuner.Choice c) {
            Gemm.Plan p = c.plan();
            return new Choice(p.kernel(), p.pack(), p.mc(), p.nc(), p.kb(), c.gflops(), c.defaultGflops());
        }

        @Override
        public String toString() {
            return plan() + String.format(" (%.0f GFLOP/s; default %.0f)", gflops, defaultGflops);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What the process runs with, after {@link #apply}: the tuning, or null with the reason the defaults are used. */
    public record State(GemmTuning tuning, Path file, String note) {
        public String describe() {
            return tuning == null ? "defaults (" + note + ")" : "tuned " + tuning.tuned + " (" + file + ")";
        }
    }

    private static volatile State state = new State(null, null, "not loaded");

    public static State state() {
        return state;
    }

    /**
     * Loads this machine's cached plans into {@link Gemm}, or calibrates them (a few seconds, on this thread) when
     * there is no cache or {@code retune} is set. Messages (what is happening, a damaged cache) go to {@code messages}.
     */
    public static synchronized State apply(boolean retune, Consumer<String> messages) {
        if (!Simd.ENABLED) return state = new State(null, null, "SIMD off: the scalar twin");
        if ("off".equals(System.getProperty("spheres.tuning"))) return state = new State(null, null, "spheres.tuning=off");
        Path file = file();
        if (!retune && Files.exists(file)) {
            try {
                GemmTuning t = read(file);
                if (t.current()) {
                    Gemm.use(t.chosen());
                    return state = new State(t, file, null);
                }
                messages.accept("spheres: the gemm tuning " + file + " was made by another build (other kernels, plan classes or kernels that fit)");
            } catch (IOException | RuntimeException e) {
                messages.accept("spheres: ignoring the damaged gemm tuning " + file + " (" + oneLine(e)
                        + "); using the defaults (./spheres bench --tune redoes it)");
                return state = new State(null, file, "damaged cache ignored");
            }
        }
        messages.accept("spheres: calibrating sgemm for this machine (once, about 10 s; cached in " + file + ")");
        GemmTuning t = calibrate(line -> {});
        Gemm.use(t.chosen());
        try {
            t.write(file);
        } catch (IOException e) {
            messages.accept("spheres: could not cache the gemm tuning in " + file + " (" + oneLine(e) + "); it is used for this run only");
            return state = new State(t, null, null);
        }
        return state = new State(t, file, null);
    }

    /**
     * Made by this build: the same schema (plan classes), the same kernels and packings to choose from, and kernels and
     * packings that all fit here (a build may narrow what fits, as it did for JDK 17's C2).
     */
    private boolean current() {
        return SCHEMA.equals(schema) && FAMILY.equals(family) && plans.values().stream().allMatch(c -> c.kernel.fits() && c.pack.fits());
    }

    /** The plans, per shape class. */
    public Map<Gemm.Shape, Gemm.Plan> chosen() {
        Map<Gemm.Shape, Gemm.Plan> m = new EnumMap<>(Gemm.Shape.class);
        plans.forEach((shape, c) -> m.put(shape, c.plan()));
        return m;
    }

    /** Runs the calibration (every shape class) on this thread; {@code progress} gets one line per plan timed. */
    public static GemmTuning calibrate(Consumer<String> progress) {
        Map<Gemm.Shape, Choice> plans = new EnumMap<>(Gemm.Shape.class);
        GemmTuner.MACHINE.tuneStep(progress).forEach((shape, c) -> plans.put(shape, Choice.of(c)));
        plans.put(Gemm.Shape.BULK, Choice.of(GemmTuner.MACHINE.tuneBulk(progress)));
        return new GemmTuning(SCHEMA, FAMILY, Environment.cpuModel(), Runtime.version().feature(), Simd.hardwareBits(),
                Instant.now().toString(), plans);
    }

    /**
     * The plans in use, one line per shape class with its speed where it was calibrated (for a batch-sized class, the
     * whole training step's rate as its search left it): {@code batch-sized NT (forward): 512-bit 10x32 kernel, ...
     * (120 GFLOP/s; default 100)}.
     */
    public static List<String> describePlans() {
        GemmTuning t = state.tuning;
        List<String> lines = new java.util.ArrayList<>();
        Gemm.plans().forEach((shape, plan) -> lines.add(shape.label + ": "
                + (t == null || t.plans.get(shape) == null ? plan.toString() : t.plans.get(shape).toString())));
        return lines;
    }

    /** Where the plans come from ({@link State#describe}), then {@link #describePlans}, joined by {@code separator}. */
    public static String describe(String separator) {
        return state().describe() + separator + String.join(separator, describePlans());
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, out -> JSON.writeValue(out, this));
    }

    /**
     * Reads and checks a tuning file: that it is one, and (of this build's schema) that it has a plan per shape class
     * and its blocks are whole tiles.
     */
    public static GemmTuning read(Path file) throws IOException {
        JsonNode tree = JSON.readTree(file.toFile());
        String schema = tree == null ? null : tree.path("schema").asText(null), family = tree == null ? null : tree.path("family").asText(null);
        if (schema == null || !schema.startsWith("spheres-gemm-tuning/")) throw new IllegalArgumentException("not a gemm tuning");
        // An older or newer build's (other plan classes, kernels or packings, whose names this build may not know): its
        // plans are not read, and apply calibrates again.
        if (!SCHEMA.equals(schema) || !FAMILY.equals(family)) return new GemmTuning(schema, family, null, 0, 0, null, Map.of());
        GemmTuning t = JSON.treeToValue(tree, GemmTuning.class);
        for (Gemm.Shape shape : Gemm.Shape.values()) {
            Choice c = t.plans == null ? null : t.plans.get(shape);
            if (c == null) throw new IllegalArgumentException("no plan for " + shape.label);
            c.plan(); // validates the blocks
        }
        return t;
    }

    /** This machine's cache file: the CPU model, JDK and vector width name it, since each changes what is fastest. */
    public static Path file() {
        String dir = System.getProperty("spheres.cache");
        Path base = dir != null ? Path.of(dir)
                : System.getenv("XDG_CACHE_HOME") != null ? Path.of(System.getenv("XDG_CACHE_HOME"), "spheres")
                : Path.of(System.getProperty("user.home"), ".cache", "spheres");
        String cpu = Environment.cpuModel().toLowerCase().replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
        return base.resolve("tuning-" + cpu + "-jdk" + Runtime.version().feature() + "-" + Simd.hardwareBits() + "bit.json");
    }

    private static String oneLine(Exception e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.lines().findFirst().orElse(m);
    }
}
