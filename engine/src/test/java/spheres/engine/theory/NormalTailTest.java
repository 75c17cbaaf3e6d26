package spheres.engine.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class NormalTailTest {
    @Test
    void agreesWithCommonsMathWhereThatIsAccurate() {
        NormalDistribution n = new NormalDistribution();
        for (double p : new double[] {0.9, 0.5, 0.1, 1e-3, 1e-6, 1e-10})
            assertEquals(n.inverseCumulativeProbability(1 - p), NormalTail.upperQuantile(p), 1e-6, "p " + p);
        for (double z : new double[] {-3, -1, 0, 0.5, 2, 5})
            assertEquals(n.cumulativeProbability(z), NormalTail.cdf(z), 1e-15, "z " + z);
    }

    @Test
    void quantileInvertsTheTailFarOut() {
        for (double p = 0.5; p > 1e-300; p *= 1e-7) {
            // dQ/Q = -z dz (roughly): z known to ~1e-15 relative gives Q to ~z^2 1e-15.
            double z = NormalTail.upperQuantile(p);
            assertEquals(1, NormalTail.upper(z) / p, 1e-13 + 2e-15 * z * z, "p " + p);
        }
    }

    /**
     * Mills ratio: Q(z) = phi(z)/z sum_k (-1)^k (2k-1)!! / z^(2k), independent of erfc; the truncation error is below
     * the first term left out.
     */
    @Test
    void tailFollowsTheAsymptoticSeries() {
        for (double z : new double[] {10, 20, 37}) {
            double sum = 0, term = 1;
            for (int k = 1; k <= 6; k++) {
                sum += term;
                term *= -(2 * k - 1) / (z * z);
            }
            double series = NormalTail.density(z) / z * sum;
            // exp(-z^2/2) itself carries a relative rounding error of about z^2/2 ulp.
            assertEquals(1, NormalTail.upper(z) / series, Math.abs(term) + 1e-15 * z * z, "z " + z);
        }
    }
}
