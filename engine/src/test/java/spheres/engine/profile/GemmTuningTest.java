package spheres.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.kernels.Gemm;
import spheres.kernels.Simd;

/**
 * The tuning cache: a calibration is written and used, a cached plan is loaded into Gemm, a damaged or foreign cache
 * is ignored with one line naming the file. The surefire configuration sets {@code spheres.tuning=off} for every
 * other test; this one lifts it with its own cache folder.
 */
class GemmTuningTest {
    @TempDir
    Path dir;
    private final List<String> messages = new ArrayList<>();
    private Map<Gemm.Shape, Gemm.Plan> saved;

    @BeforeEach
    void useATemporaryCache() {
        saved = Gemm.plans();
        System.clearProperty("spheres.tuning");
        System.setProperty("spheres.cache", dir.toString());
    }

    @AfterEach
    void restore() {
        Gemm.use(saved);
        System.setProperty("spheres.tuning", "off");
        System.clearProperty("spheres.cache");
    }

    /**
     * With SIMD off (the scalar twins' run) there are no plans: a cache file, even one that names another build or is
     * damaged, is neither read nor reported, and the calibration never runs. True when that was checked here.
     */
    private boolean scalarTwinIgnoresACache() throws Exception {
        if (Simd.ENABLED) return false;
        Files.createDirectories(GemmTuning.file().getParent());
        Files.writeString(GemmTuning.file(), "not json");
        GemmTuning.State s = GemmTuning.apply(false, messages::add);
        assertNull(s.tuning());
        assertTrue(messages.isEmpty(), messages.toString());
        assertTrue(s.describe().contains("SIMD off"), s.describe());
        return true;
    }

    @Test
    void theFirstUseCalibratesCachesAndUsesThePlans() throws Exception {
        if (!Simd.ENABLED) {
            assertNull(GemmTuning.apply(false, messages::add).tuning(), "no tuning for the scalar twin");
            assertTrue(messages.isEmpty() && !Files.exists(GemmTuning.file()), "nothing calibrated or written with SIMD off");
            return;
        }
        GemmTuning.State s = GemmTuning.apply(false, messages::add);
        assertEquals(1, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("calibrating") && messages.get(0).contains(GemmTuning.file().toString()), messages.get(0));
        GemmTuning t = s.tuning();
        assertNotNull(t);
        assertEquals(t, GemmTuning.read(GemmTuning.file()), "the file holds what is used");
        assertEquals(t.chosen(), Gemm.plans());
        assertEquals(Set.of(Gemm.Shape.values()), t.plans().keySet(), "a plan per shape class");
        for (GemmTuning.Choice c : t.plans().values()) {
            // The search starts from the default plan and keeps a plan only when it measured faster.
            assertTrue(c.gflops() >= c.defaultGflops() && c.defaultGflops() > 0, c.toString());
            assertTrue(c.kernel().fits(), c.toString());
        }

        messages.clear();
        GemmTuning.apply(false, messages::add);
        assertTrue(messages.isEmpty(), "the second use reads the cache quietly: " + messages);
    }

    @Test
    void aCachedPlanIsLoadedIntoGemm() throws Exception {
        if (scalarTwinIgnoresACache()) return;
        // A kernel this machine runs, other than the default one, so that loading it is seen.
        Gemm.Kernel k = java.util.Arrays.stream(Gemm.Kernel.values()).filter(x -> x.fits() && x != Gemm.defaultPlan().kernel())
                .findFirst().orElseThrow();
        Map<Gemm.Shape, GemmTuning.Choice> plans = new EnumMap<>(Gemm.Shape.class);
        Gemm.Pack[] packs = java.util.Arrays.stream(Gemm.Pack.values()).filter(Gemm.Pack::fits).toArray(Gemm.Pack[]::new);
        for (Gemm.Shape shape : Gemm.Shape.values())
            plans.put(shape, new GemmTuning.Choice(k, packs[shape.ordinal() % packs.length], (2 + shape.ordinal()) * k.mr, 8 * k.nr, 96 + shape.ordinal(), 50, 40));
        GemmTuning t = tuning(GemmTuning.SCHEMA, GemmTuning.FAMILY, plans);
        t.write(GemmTuning.file());
        GemmTuning.State s = GemmTuning.apply(false, messages::add);
        assertTrue(messages.isEmpty(), messages.toString());
        assertEquals(t, s.tuning());
        for (Gemm.Shape shape : Gemm.Shape.values())
            assertEquals(new Gemm.Plan(k, packs[shape.ordinal() % packs.length], (2 + shape.ordinal()) * k.mr, 8 * k.nr, 96 + shape.ordinal()), Gemm.plans().get(shape),
                    shape.label);
        assertTrue(GemmTuning.describePlans().get(0).startsWith("batch-sized NT (forward): " + Gemm.plans().get(Gemm.Shape.THIN_NT)),
                GemmTuning.describePlans().toString());
    }

    private static GemmTuning tuning(String schema, String family, Map<Gemm.Shape, GemmTuning.Choice> plans) {
        return new GemmTuning(schema, family, spheres.engine.experiment.Environment.cpuModel(), Runtime.version().feature(), Simd.hardwareBits(),
                "2026-01-01T00:00:00Z", plans);
    }

    @Test
    void aCacheMadeAmongOtherKernelsIsCalibratedAgain() throws Exception {
        if (scalarTwinIgnoresACache()) return;
        Gemm.Kernel k = Gemm.defaultPlan().kernel();
        Map<Gemm.Shape, GemmTuning.Choice> plans = new EnumMap<>(Gemm.Shape.class);
        for (Gemm.Shape shape : Gemm.Shape.values()) plans.put(shape, new GemmTuning.Choice(k, Gemm.Pack.SCALAR, k.mr, k.nr, Gemm.KC, 1, 1));
        tuning(GemmTuning.SCHEMA, "[an older family]", plans).write(GemmTuning.file());
        assertCalibratedAgain();
        // A cache of the first schema: one plan for batch-sized calls and one for bulk calls.
        Files.writeString(GemmTuning.file(), "{\"schema\":\"spheres-gemm-tuning/1\",\"family\":\"" + GemmTuning.FAMILY + "\",\"thin\":{\"kernel\":\""
                + k.name() + "\",\"pack\":\"SCALAR\",\"mc\":" + k.mr + ",\"nc\":" + k.nr + "}}");
        assertCalibratedAgain();
        // A cache of the third schema: a plan per class, without its depth KB (which the search did not time).
        Files.writeString(GemmTuning.file(), "{\"schema\":\"spheres-gemm-tuning/3\",\"family\":\"" + GemmTuning.FAMILY + "\",\"plans\":"
                + "{\"THIN_NT\":{\"kernel\":\"" + k.name() + "\",\"pack\":\"SCALAR\",\"mc\":" + k.mr + ",\"nc\":" + k.nr + "}}}");
        assertCalibratedAgain();
        // An earlier family's cache naming a packing this build does not have (the gathers replaced by INTERLEAVE).
        Files.writeString(GemmTuning.file(), "{\"schema\":\"" + GemmTuning.SCHEMA + "\",\"family\":\"[an older family][GATHER8]\",\"plans\":"
                + "{\"THIN_NT\":{\"kernel\":\"" + k.name() + "\",\"pack\":\"GATHER8\",\"mc\":" + k.mr + ",\"nc\":" + k.nr + "}}}");
        assertCalibratedAgain();
        // A cache naming a kernel that does not fit here (on JDK 17 with AVX-512: the 14x32 tile; with AVX2: every 512-bit one).
        java.util.Optional<Gemm.Kernel> unfit = java.util.Arrays.stream(Gemm.Kernel.values()).filter(x -> !x.fits()).findFirst();
        if (unfit.isPresent()) {
            Gemm.Kernel u = unfit.get();
            for (Gemm.Shape shape : Gemm.Shape.values()) plans.put(shape, new GemmTuning.Choice(u, Gemm.Pack.SCALAR, u.mr, u.nr, Gemm.KC, 1, 1));
            tuning(GemmTuning.SCHEMA, GemmTuning.FAMILY, plans).write(GemmTuning.file());
            assertCalibratedAgain();
        }
    }

    private void assertCalibratedAgain() throws Exception {
        messages.clear();
        GemmTuning.State s = GemmTuning.apply(false, messages::add);
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("another build") && messages.get(1).contains("calibrating"), messages.toString());
        assertEquals(GemmTuning.FAMILY, s.tuning().family());
        assertEquals(GemmTuning.SCHEMA, GemmTuning.read(GemmTuning.file()).schema());
        assertEquals(GemmTuning.FAMILY, GemmTuning.read(GemmTuning.file()).family());
    }

    @Test
    void aDamagedCacheIsIgnoredWithOneLine() throws Exception {
        if (scalarTwinIgnoresACache()) return;
        Gemm.use(Map.of());
        String v4 = "{\"schema\":\"" + GemmTuning.SCHEMA + "\",\"family\":\"" + GemmTuning.FAMILY + "\",\"plans\":";
        String plan = "{\"kernel\":\"V256_6x2\",\"pack\":\"SCALAR\",\"mc\":6,\"nc\":16,\"kb\":64}";
        for (String text : new String[] {v4 + "{\"THIN_NT\": ", "not json", "{}",
                v4 + "{\"THIN_NT\":{\"kernel\":\"V256_6x2\",\"pack\":\"SCALAR\",\"mc\":7,\"nc\":16,\"kb\":64},\"THIN_NN\":" + plan + ",\"THIN_TN\":" + plan
                        + ",\"BULK\":" + plan + "}}",
                v4 + "{\"THIN_NT\":" + plan + ",\"THIN_NN\":" + plan + ",\"THIN_TN\":" + plan + "}}",
                v4 + "{\"THIN_NT\":" + plan.replace(",\"kb\":64", "") + ",\"THIN_NN\":" + plan + ",\"THIN_TN\":" + plan + ",\"BULK\":" + plan + "}}",
                v4 + "{\"THIN_NT\":{\"kernel\":\"V999\",\"pack\":\"SCALAR\",\"mc\":6,\"nc\":16}}}"}) {
            Files.createDirectories(GemmTuning.file().getParent());
            Files.writeString(GemmTuning.file(), text);
            messages.clear();
            GemmTuning.State s = GemmTuning.apply(false, messages::add);
            assertNull(s.tuning(), text);
            assertEquals(1, messages.size(), text + " -> " + messages);
            assertEquals(1, messages.get(0).lines().count(), messages.get(0));
            assertTrue(messages.get(0).startsWith("spheres: ignoring the damaged gemm tuning " + GemmTuning.file()), messages.get(0));
            Gemm.plans().forEach((shape, p) -> assertEquals(Gemm.defaultPlan(shape), p, "the defaults stay in use"));
        }
    }

    @Test
    void theFileIsNamedByCpuJdkAndVectorWidth() {
        String name = GemmTuning.file().getFileName().toString();
        assertTrue(name.startsWith("tuning-") && name.endsWith("-jdk" + Runtime.version().feature() + "-" + Simd.hardwareBits() + "bit.json"), name);
        assertTrue(name.matches("[a-z0-9.-]+"), name);
        assertEquals(dir, GemmTuning.file().getParent());
    }
}
