package spheres.engine.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;

/**
 * The manifold attack against quadratic nets whose decision boundary is known exactly (spec section 6): the
 * worst-case attack must reach the analytic worst points, every nearest error must be a real error on its sphere,
 * the ideal classifier must give nothing away, and bisection must tighten the distance.
 */
class ManifoldAttackTest {
    private static final float R = 1.3f, BOUNDARY = (1 + R) / 2;
    private static final int D = 20;
    private static final ManifoldAttack.Progress QUIET = (done, t, settled) -> {};
    private final Backend be = new CpuBackend(1);

    @AfterEach
    void shut() {
        be.close();
    }

    /** alpha_0 = 2 (inner errors exist), alpha_1 = 0.62 (the smallest, still above 1/R^2), the rest in between. */
    private ChosenAlphas oneBadAlpha() {
        double[] alpha = new double[D];
        alpha[0] = 2.0;
        alpha[1] = 0.62;
        for (int i = 2; i < D; i++) alpha[i] = 0.7 + 0.25 * (i - 2) / (D - 3);
        return new ChosenAlphas(be, alpha, 7);
    }

    private static AttackConfig config(String mode, float step, int maxIter, int bisect, int batch) {
        AttackConfig c = AttackConfig.defaults(mode);
        return new AttackConfig(mode, step, maxIter, c.tol(), bisect, batch);
    }

    @Test
    void worstCaseReachesTheEigenvectorOfTheLargestAlpha() {
        ChosenAlphas q = oneBadAlpha();
        ManifoldAttack attack = new ManifoldAttack(be, q.net, D, BOUNDARY, config("worst", 0.05f, 3000, 0, 1000));
        AttackResult inner = attack.run(Starts.spheres(11, 1f, R, 0.0), 12, QUIET);
        for (int i = 0; i < inner.n; i++) {
            assertTrue(inner.iterations[i] < 3000, "start " + i + " converged");
            assertTrue(inner.found[i], "the worst inner point is an error (alpha 2 > 1)");
            assertTrue(q.alignment(inner.points, i, 0) > 0.9999, "start " + i + ": |cos| " + q.alignment(inner.points, i, 0));
            assertEquals(q.alpha[0] - 1, inner.logit[i], 1e-3, "logit at the worst point is alpha_max - 1");
        }
        // Outer starts: the worst point is R times the eigenvector of the smallest alpha, still correct (0.62 R^2 > 1).
        AttackResult outer = attack.run(Starts.spheres(11, 1f, R, 1.0), 6, QUIET);
        for (int i = 0; i < outer.n; i++) {
            assertTrue(outer.outer[i] && !outer.found[i], "no outer error exists");
            assertTrue(q.alignment(outer.points, i, 1) > 0.9999, "outer start " + i + ": |cos| " + q.alignment(outer.points, i, 1));
            assertEquals(q.alpha[1] * R * R - 1, outer.logit[i], 1e-3);
        }
    }

    @Test
    void everyNearestErrorIsMisclassifiedAndOnItsSphere() {
        ChosenAlphas q = oneBadAlpha();
        ManifoldAttack attack = new ManifoldAttack(be, q.net, D, BOUNDARY, AttackConfig.defaults("nearest"));
        Starts starts = Starts.spheres(3, 1f, R, 0.0);
        AttackResult r = attack.run(starts, 24, QUIET);
        assertEquals(24, r.foundCount(), "gradient ascent reaches the inner error region from every start");
        float[] x0;
        try (var t = be.allocate(24, D)) {
            starts.fill(be, 0, t);
            x0 = be.download(t);
        }
        float[] logits;
        try (var p = be.upload(r.points, 24, D)) {
            logits = be.download(q.net.forward(p, false));
        }
        int away = 0;
        for (int i = 0; i < r.n; i++) {
            assertTrue(logits[i] > 0, "start " + i + ": the model calls the point outer");
            // bisection ends on the boundary, where float32 and exact arithmetic may disagree in the 7th digit
            assertTrue(q.logit(r.points, i) > -1e-5, "start " + i + ": exact logit " + q.logit(r.points, i));
            assertTrue(Math.abs(ManifoldAttack.norm(r.points, i, D) - 1) < 1e-5, "on the unit sphere");
            boolean startWrong = q.logit(x0, i) > 0;
            assertEquals(startWrong, r.iterations[i] == 0, "start " + i + ": zero iterations exactly when the start is an error");
            assertEquals(startWrong, r.distance[i] == 0, "start " + i);
            if (!startWrong) away++;
        }
        assertTrue(away >= 12, "most starts are correct and need the attack: " + away);
        AttackResult outer = new ManifoldAttack(be, q.net, D, BOUNDARY, config("nearest", 0.002f, 300, 10, 1000))
                .run(Starts.spheres(3, 1f, R, 1.0), 8, QUIET);
        assertEquals(0, outer.foundCount(), "no outer error exists");
    }

    @Test
    void theIdealClassifierGivesNothingAway() {
        double[] alpha = new double[D];
        Arrays.fill(alpha, 1 / (BOUNDARY * BOUNDARY));
        ChosenAlphas q = new ChosenAlphas(be, alpha, 5);
        for (String mode : new String[] {"worst", "nearest"}) {
            ManifoldAttack attack = new ManifoldAttack(be, q.net, D, BOUNDARY, config(mode, mode.equals("worst") ? 0.01f : 0.002f, 200, 10, 1000));
            AttackResult r = attack.run(Starts.spheres(9, 1f, R, 0.5), 16, QUIET);
            assertEquals(0, r.foundCount(), mode);
            assertEquals(0, r.rejected, mode);
        }
    }

    @Test
    void bisectionTightensTheDistanceAndStaysAnError() {
        ChosenAlphas q = oneBadAlpha();
        Starts starts = Starts.spheres(21, 1f, R, 0.0);
        AttackResult coarse = new ManifoldAttack(be, q.net, D, BOUNDARY, config("nearest", 0.02f, 1000, 0, 1000)).run(starts, 16, QUIET);
        AttackResult fine = new ManifoldAttack(be, q.net, D, BOUNDARY, config("nearest", 0.02f, 1000, 12, 1000)).run(starts, 16, QUIET);
        double sumCoarse = 0, sumFine = 0;
        for (int i = 0; i < 16; i++) {
            assertTrue(coarse.found[i] && fine.found[i]);
            assertEquals(coarse.iterations[i], fine.iterations[i], "the same path up to the first wrong iterate");
            // strictly nearer: the last correct iterate is a real one, so some midpoint is wrong (all 12 correct would
            // put the boundary within 2^-12 of a step of the first wrong iterate)
            if (coarse.iterations[i] == 0) assertEquals(0, fine.distance[i], "start " + i + " was already an error");
            else assertTrue(fine.distance[i] < coarse.distance[i], "start " + i + ": " + fine.distance[i] + " >= " + coarse.distance[i]);
            assertTrue(fine.logit[i] > 0 && q.logit(fine.points, i) > -1e-5, "the refined point is still an error");
            sumCoarse += coarse.distance[i];
            sumFine += fine.distance[i];
        }
        assertTrue(sumFine < sumCoarse - 16 * 0.002, "bisection moves the error towards the start: " + sumFine + " vs " + sumCoarse);
    }

    /**
     * Starts enough for the step's gemms (starts x 20 x 20) to pass the backend's inline threshold, so 2 and 3 threads
     * really split them; the batch-1 run never drops settled rows from the step. Each start's result is its own: the
     * first 64 of a 1000-start run are those of a 64-start run.
     */
    private static final int SPLIT_STARTS = 1000;

    @Test
    void sameResultsOnAnyThreadCountAndBatchSize() {
        AttackResult one = null;
        for (int threads : spheres.engine.SplitWork.THREADS) {
            AttackResult r = nearestOn(new CpuBackend(threads), 1000, SPLIT_STARTS);
            if (one == null) {
                one = r;
                assertTrue(one.foundCount() > 300, one.foundCount() + " found");
                continue;
            }
            assertSameResults(one, r, SPLIT_STARTS, threads + " threads");
        }
        assertSameResults(one, nearestOn(new CpuBackend(1), 1, 64), 64, "batch 1");
    }

    private AttackResult nearestOn(Backend backend, int batch, int n) {
        return attackOn(backend, config("nearest", 0.005f, 1000, 8, batch), Starts.spheres(2, 1f, R, 0.0), n);
    }

    /** The first n starts' results of {@code got} are those of {@code want}, bit for bit. */
    private static void assertSameResults(AttackResult want, AttackResult got, int n, String what) {
        int d = want.dim;
        assertArrayEquals(Arrays.copyOf(want.points, n * d), Arrays.copyOf(got.points, n * d), what + ": points");
        assertArrayEquals(Arrays.copyOf(want.distance, n), Arrays.copyOf(got.distance, n), what + ": distances");
        assertArrayEquals(Arrays.copyOf(want.iterations, n), Arrays.copyOf(got.iterations, n), what + ": iterations");
        assertArrayEquals(Arrays.copyOf(want.found, n), Arrays.copyOf(got.found, n), what + ": found");
        assertArrayEquals(Arrays.copyOf(want.logit, n), Arrays.copyOf(got.logit, n), what + ": logits");
    }

    /** The attack on {@link #oneBadAlpha}'s net made on {@code backend}, which is closed after. */
    private AttackResult attackOn(Backend backend, AttackConfig config, Starts starts, int n) {
        try (backend) {
            ChosenAlphas q = new ChosenAlphas(backend, oneBadAlpha().alpha, 7);
            return new ManifoldAttack(backend, q.net, D, BOUNDARY, config).run(starts, n, QUIET);
        }
    }

    /**
     * Worst mode returns each start's iterate where it converged: the same point on any thread count and batch size,
     * though starts converge at different iterations and the step drops them as they do.
     */
    @Test
    void worstModeGivesTheSameResultsOnAnyThreadCountAndBatchSize() {
        Starts starts = Starts.spheres(4, 1f, R, 0.5);
        AttackResult one = null;
        for (int threads : spheres.engine.SplitWork.THREADS) {
            AttackResult r = attackOn(new CpuBackend(threads), new AttackConfig(AttackMode.WORST, 0.05f, 3000, 0.05f, 0, 1000), starts, SPLIT_STARTS);
            if (one == null) {
                one = r;
                assertTrue(Arrays.stream(one.iterations).distinct().count() > 5, "starts converge at different iterations");
                assertTrue(Arrays.stream(one.iterations).max().getAsInt() < 3000, "every start converged");
                continue;
            }
            assertSameResults(one, r, SPLIT_STARTS, threads + " threads");
        }
        assertSameResults(one, attackOn(new CpuBackend(1), new AttackConfig(AttackMode.WORST, 0.05f, 3000, 0.05f, 0, 5), starts, 32), 32, "batch 5");
    }

    @Test
    void summaryCountsAndBinsTheDistances() {
        ChosenAlphas q = oneBadAlpha();
        AttackResult r = new ManifoldAttack(be, q.net, D, BOUNDARY, config("nearest", 0.01f, 1000, 6, 1000))
                .run(Starts.spheres(3, 1f, R, 0.5), 20, QUIET);
        AttackSummary s = AttackSummary.of(r, 5);
        int inner = 0;
        for (boolean o : r.outer) if (!o) inner++;
        assertEquals(inner, s.all().found(), "every inner start and no outer start");
        assertEquals((double) inner / 20, s.all().successRate().doubleValue(), 1e-12);
        assertEquals(inner, Arrays.stream(s.histogramCounts()).sum());
        assertTrue(s.all().distanceMin() <= s.all().distanceMedian() && s.all().distanceMedian() <= s.all().distanceMax());
        assertEquals(s.all().distanceMax().doubleValue(), s.histogramEdges()[5], 1e-12);
    }
}
