package spheres.engine.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
    private Gemm.Plan thin, bulk;

    @BeforeEach
    void useATemporaryCache() {
        thin = Gemm.thinPlan();
        bulk = Gemm.bulkPlan();
        System.clearProperty("spheres.tuning");
        System.setProperty("spheres.cache", dir.toString());
    }

    @AfterEach
    void restore() {
        Gemm.use(thin, bulk);
        System.setProperty("spheres.tuning", "off");
        System.clearProperty("spheres.cache");
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
        assertEquals(t.thin().plan(), Gemm.thinPlan());
        assertEquals(t.bulk().plan(), Gemm.bulkPlan());
        // The search starts from the default plan and keeps a plan only when it measured faster.
        assertTrue(t.thin().gflops() >= t.thin().defaultGflops() && t.thin().defaultGflops() > 0, t.thin().toString());
        assertTrue(t.bulk().gflops() >= t.bulk().defaultGflops() && t.bulk().defaultGflops() > 0, t.bulk().toString());
        assertTrue(t.thin().kernel().fits() && t.bulk().kernel().fits());

        messages.clear();
        GemmTuning.apply(false, messages::add);
        assertTrue(messages.isEmpty(), "the second use reads the cache quietly: " + messages);
    }

    @Test
    void aCachedPlanIsLoadedIntoGemm() throws Exception {
        assumeTrue(Simd.ENABLED, "SIMD is off: no cache is read (the test above checks that)");
        Gemm.Kernel k = Simd.hardwareBits() >= 256 ? Gemm.Kernel.V256_4x3 : Gemm.Kernel.V128_6x2;
        GemmTuning t = new GemmTuning(GemmTuning.SCHEMA, GemmTuning.FAMILY, spheres.engine.experiment.Environment.cpuModel(), Runtime.version().feature(), Simd.hardwareBits(),
                "2026-01-01T00:00:00Z", new GemmTuning.Choice(k, Gemm.Pack.GATHER8, 4 * k.mr, 8 * k.nr, 50, 40),
                new GemmTuning.Choice(k, Gemm.Pack.SCALAR, 12 * k.mr, 16 * k.nr, 60, 60));
        t.write(GemmTuning.file());
        GemmTuning.State s = GemmTuning.apply(false, messages::add);
        assertTrue(messages.isEmpty(), messages.toString());
        assertEquals(t, s.tuning());
        assertEquals(new Gemm.Plan(k, Gemm.Pack.GATHER8, 4 * k.mr, 8 * k.nr), Gemm.thinPlan());
        assertEquals(new Gemm.Plan(k, Gemm.Pack.SCALAR, 12 * k.mr, 16 * k.nr), Gemm.bulkPlan());
    }

    @Test
    void aCacheMadeAmongOtherKernelsIsCalibratedAgain() throws Exception {
        assumeTrue(Simd.ENABLED, "SIMD is off: no cache is read or calibrated");
        Gemm.Kernel k = Gemm.defaultPlan().kernel();
        GemmTuning old = new GemmTuning(GemmTuning.SCHEMA, "[an older family]", spheres.engine.experiment.Environment.cpuModel(), Runtime.version().feature(),
                Simd.hardwareBits(), "2026-01-01T00:00:00Z", new GemmTuning.Choice(k, Gemm.Pack.SCALAR, k.mr, k.nr, 1, 1),
                new GemmTuning.Choice(k, Gemm.Pack.SCALAR, k.mr, k.nr, 1, 1));
        old.write(GemmTuning.file());
        GemmTuning.State s = GemmTuning.apply(false, messages::add);
        assertEquals(2, messages.size(), messages.toString());
        assertTrue(messages.get(0).contains("other kernels") && messages.get(1).contains("calibrating"), messages.toString());
        assertEquals(GemmTuning.FAMILY, s.tuning().family());
        assertEquals(GemmTuning.FAMILY, GemmTuning.read(GemmTuning.file()).family());
    }

    @Test
    void aDamagedCacheIsIgnoredWithOneLine() throws Exception {
        assumeTrue(Simd.ENABLED, "SIMD is off: no cache is read or calibrated");
        Gemm.use(Gemm.defaultPlan(), Gemm.defaultPlan());
        for (String text : new String[] {"{ \"schema\": \"spheres-gemm-tuning/1\", \"thin\": ", "not json", "{}",
                "{\"schema\":\"spheres-gemm-tuning/1\",\"thin\":{\"kernel\":\"V256_6x2\",\"pack\":\"SCALAR\",\"mc\":7,\"nc\":16},"
                        + "\"bulk\":{\"kernel\":\"V256_6x2\",\"pack\":\"SCALAR\",\"mc\":6,\"nc\":16}}",
                "{\"schema\":\"spheres-gemm-tuning/1\",\"thin\":{\"kernel\":\"V999\",\"pack\":\"SCALAR\",\"mc\":6,\"nc\":16}}"}) {
            Files.createDirectories(GemmTuning.file().getParent());
            Files.writeString(GemmTuning.file(), text);
            messages.clear();
            GemmTuning.State s = GemmTuning.apply(false, messages::add);
            assertNull(s.tuning(), text);
            assertEquals(1, messages.size(), text + " -> " + messages);
            assertEquals(1, messages.get(0).lines().count(), messages.get(0));
            assertTrue(messages.get(0).startsWith("spheres: ignoring the damaged gemm tuning " + GemmTuning.file()), messages.get(0));
            assertEquals(Gemm.defaultPlan(), Gemm.thinPlan(), "the defaults stay in use");
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
