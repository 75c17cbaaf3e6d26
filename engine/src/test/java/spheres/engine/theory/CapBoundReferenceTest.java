package spheres.engine.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The cap threshold and the optimal mean distance at d = 50 and 500 against mpmath at 40 digits, down to mu = 1e-200
 * (the spec's own table has three digits). A different route from the class's: mpmath's incomplete beta and
 * tanh-sinh quadrature of the spec's integral in t = cos theta, checked against the integral in theta.
 */
class CapBoundReferenceTest {
    /** {d, mu, a(mu), d_opt(mu)} from {@code engine/src/test/python/cap_bound_reference.py}; a(0.5) is 0 exactly. */
    private static final double[][] REFERENCE = {
        {50, 0.5, 0, 0.056989522294537621811},
        {50, 1e-2, 0.32491564938985479454, 0.32904419238524630682},
        {50, 1e-10, 0.75204569840420011714, 0.82359509721574460181},
        {50, 1e-50, 0.9948707370322467507, 1.3373644727740148284},
        {500, 0.5, 0, 0.017859102482975321843},
        {500, 1e-2, 0.10391162213053212632, 0.10417770702533232542},
        {500, 1e-10, 0.27922900204822979283, 0.2819770873253634694},
        {500, 1e-50, 0.60055793822307246227, 0.63295872360279531968},
        {500, 1e-200, 0.91628714802696840312, 1.0946942482049638454},
    };

    @Test
    void thresholdAndDistanceMatchMpmath() {
        for (double[] row : REFERENCE) {
            CapBound b = new CapBound((int) row[0]);
            String what = "d " + (int) row[0] + ", mu " + row[1];
            // the threshold: the root solve stops at 1e-15 in ln x, so a is good to a few 1e-15
            assertEquals(row[2], b.threshold(row[1]), 1e-13, what + ": threshold");
            // the distance: 64 x 16 Gauss-Legendre nodes on a smooth integrand, and the e^-80 window: 1e-12 relative
            assertEquals(row[3], b.distance(row[1]), 1e-12 * row[3], what + ": d_opt");
            assertEquals(row[1], b.measure(row[2]), 1e-10 * row[1] + 1e-15, what + ": measure of the threshold");
        }
    }
}
