package spheres.engine.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.tradeoff.NearestErrorDistance;
import spheres.engine.workflow.TrainConfig;

/**
 * The nearest-error attack against the exact distance to the error set. With one planted alpha a and every other
 * alpha b, a point of the sphere of radius r at angle theta from the eigenvector u of a has the logit
 * {@code r^2 (b + (a - b) cos^2 theta) - 1}, so the error set is the pair of caps {@code cos^2 theta >= c*}, with
 * {@code c* = (1/r^2 - b) / (a - b)}, for inner starts (a > 1 > b: logit > 0 there) and outer ones (a < 1/R^2 < b:
 * logit < 0 there) alike. The nearest error to x0 lies on the great circle through x0 and +-u (the one
 * nearer x0), at chord distance {@code 2 r sin((theta0 - theta*) / 2)}. The gradient of the logit,
 * {@code 2 (b x + (a - b) (u.x) u)}, lies in the plane of x and u, so the attack walks exactly that arc, and
 * bisection brackets the boundary on it: the returned (wrong) end is at most the last bracket beyond it.
 */
class NearestErrorOracleTest {
    private static final float R = 1.3f, BOUNDARY = (1 + R) / 2;
    private static final int D = 16, STARTS = 32;
    private static final ManifoldAttack.Progress QUIET = (done, t, settled) -> {};
    /**
     * What float32 adds to the distance: the logit near the boundary is good to a few 1e-7 (a dot product of 16 terms
     * of size 1), and it moves with the arc at rate {@code (a - b) r^2 sin(2 theta*)} (0.69 inner, 0.68 outer), so the
     * boundary is placed to about 1e-6; the points are rescaled to their norm to 1e-7.
     */
    private static final double FLOAT_SLACK = 2e-6;
    private final Backend be = new CpuBackend(1);

    @AfterEach
    void shut() {
        be.close();
    }

    @Test
    void innerStartsEndWithinTheLastBracketOfTheExactDistance() {
        check(1.6, 0.8, 1f, nearest(0.002f, 10)); // the spec's step and halvings
        check(1.6, 0.8, 1f, nearest(0.01f, 4));   // a coarse bracket: 6e-4
    }

    @Test
    void outerStartsEndWithinTheLastBracketOfTheExactDistance() {
        check(0.4, 0.8, R, nearest(0.002f, 10));
        check(0.4, 0.8, R, nearest(0.01f, 4));
    }

    /**
     * Enough iterations for every start: the step is mostly normal to the sphere (the b x part of the gradient), and
     * the part along it grows with u.x, so a start near the equator of u needs several thousand steps to get going.
     */
    private static AttackConfig nearest(float step, int bisect) {
        return new AttackConfig("nearest", step, 40_000, 1e-3f, bisect, 1000);
    }

    private ChosenAlphas planted(double a, double b) {
        double[] alpha = new double[D];
        Arrays.fill(alpha, b);
        alpha[0] = a;
        return new ChosenAlphas(be, alpha, 13);
    }

    private float[] startPoints(Starts starts) {
        try (Tensor t = be.allocate(STARTS, D)) {
            starts.fill(be, 0, t);
            return be.download(t);
        }
    }

    /** The exact distance from start i to the error caps of {@link #planted}: 0 when the start is an error already. */
    private static double exactDistance(ChosenAlphas q, float[] x0, int i, double a, double b, float radius) {
        double thetaStar = Math.acos(Math.sqrt((1 / ((double) radius * radius) - b) / (a - b)));
        double r0 = ManifoldAttack.norm(x0, i, D), theta0 = Math.acos(Math.min(1, q.alignment(x0, i, 0)));
        return theta0 <= thetaStar ? 0 : 2 * r0 * Math.sin((theta0 - thetaStar) / 2);
    }

    private void check(double a, double b, float radius, AttackConfig config) {
        ChosenAlphas q = planted(a, b);
        Starts starts = Starts.spheres(17, radius, radius, radius > BOUNDARY ? 1.0 : 0.0);
        AttackResult res = new ManifoldAttack(be, q.net, D, BOUNDARY, config).run(starts, STARTS, QUIET);
        float[] x0 = startPoints(starts);
        // The last bracket is the arc between two iterates, a chord of at most one step (inner: the gradient points
        // outwards, so rescaling shortens it; outer: inwards, lengthening it by at most step / R), halved bisect times.
        double bracket = config.step() * (1 + config.step() / radius) / Math.pow(2, config.bisect());
        // The logit moves at most (a - b) r^2 |sin 2 theta| per unit of arc (times 1.01 for the chord), so within a
        // bracket of the boundary it is this close to 0; plus float32's rounding of the logit.
        double logitEps = 1.01 * Math.abs(a - b) * radius * radius * bracket + 1e-6;
        int moved = 0;
        for (int i = 0; i < STARTS; i++) {
            double exact = exactDistance(q, x0, i, a, b, radius);
            String what = "start " + i + " (r " + radius + ", step " + config.step() + ", bisect " + config.bisect() + ")";
            assertTrue(res.found[i], what + ": every start reaches the cap");
            if (exact == 0) {
                assertEquals(0, res.distance[i], what + " is already an error");
                continue;
            }
            moved++;
            assertTrue(res.distance[i] >= exact - FLOAT_SLACK, what + ": " + res.distance[i] + " is nearer than the exact " + exact);
            assertTrue(res.distance[i] <= exact + bracket + FLOAT_SLACK,
                    what + ": " + res.distance[i] + " vs exact " + exact + ", more than the bracket " + bracket + " beyond");
            double logit = q.logit(res.points, i); // in double, with the net's w = 1, b = -1
            assertTrue(Math.abs(logit) <= logitEps, what + ": exact logit " + logit + " not within " + logitEps + " of 0");
        }
        assertTrue(moved >= STARTS / 2, "most starts need the attack: " + moved);
    }

    /**
     * The trade-off plot's d(E) estimate and the attack summary: mean, standard error, median, min and max of distances
     * that each lie within [-slack, bracket + slack] of the exact one, so within that of the same figures of the exact
     * distances (a shift of every value by at most delta moves the mean and every order statistic by at most delta,
     * and the sample standard deviation by at most 2 delta).
     */
    @Test
    void theEstimateAndTheSummaryAreThoseOfTheExactDistances() {
        double a = 1.6, b = 0.8;
        ChosenAlphas q = planted(a, b);
        AttackConfig spec = AttackConfig.defaults("nearest"); // what NearestErrorAttack runs
        double delta = spec.step() * 1.01 / Math.pow(2, spec.bisect()) + FLOAT_SLACK;
        float[] x0 = startPoints(Starts.spheres(17, 1f, R, 0.0));
        double[] exact = new double[STARTS];
        for (int i = 0; i < STARTS; i++) exact[i] = exactDistance(q, x0, i, a, b, 1f);
        double mean = Arrays.stream(exact).average().orElseThrow(), ss = 0;
        for (double e : exact) ss += (e - mean) * (e - mean);
        double standardError = Math.sqrt(ss / (STARTS - 1) / STARTS);

        TrainConfig config = new TrainConfig(spheres.engine.nn.ModelKind.QUADRATIC, D, R, 1, 1, false, D, 10, 1e-3f, 0, 0, true, 1);
        NearestErrorDistance.Estimate e = new NearestErrorAttack().estimate(be, q.net, config, 17, STARTS);
        assertEquals(STARTS, e.found(), "every start reaches the cap");
        assertEquals(mean, e.mean(), delta, "mean distance");
        assertEquals(standardError, e.standardError(), 2 * delta / Math.sqrt(STARTS), "standard error of the mean");

        AttackResult r = new ManifoldAttack(be, q.net, D, BOUNDARY, spec).run(Starts.spheres(17, 1f, R, 0.0), STARTS, QUIET);
        AttackSummary s = AttackSummary.of(r, 4);
        // The summary leaves out the starts already in the cap (the plot's d(E) counts them at 0): its figures are those
        // of the exact distances of the others.
        double[] moved = Arrays.stream(exact).filter(x -> x > 0).sorted().toArray();
        int n = moved.length;
        assertTrue(n < STARTS && n >= STARTS / 2, "some starts are errors already, most not: " + n);
        assertEquals(STARTS - n, s.all().alreadyWrong());
        assertEquals(n, s.all().found());
        assertEquals(1.0, s.all().successRate());
        assertEquals(Arrays.stream(moved).average().orElseThrow(), s.all().distanceMean(), delta, "summary mean");
        assertEquals(n % 2 == 1 ? moved[n / 2] : (moved[n / 2 - 1] + moved[n / 2]) / 2, s.all().distanceMedian(), delta, "median");
        assertEquals(moved[0], s.all().distanceMin(), delta, "min");
        assertEquals(moved[n - 1], s.all().distanceMax(), delta, "max");
        assertEquals(s.all().found(), s.inner().found(), "every start is on the inner sphere");
        long[] counts = new long[4];
        for (int i = 0; i < STARTS; i++)
            if (r.iterations[i] > 0) counts[Math.min(3, (int) (r.distance[i] / (s.all().distanceMax() / 4)))]++;
        assertArrayEquals(counts, s.histogramCounts(), "four equal bins over [0, max]");
    }
}
