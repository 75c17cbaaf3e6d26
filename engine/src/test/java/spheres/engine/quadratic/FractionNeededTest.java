package spheres.engine.quadratic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class FractionNeededTest {
    private static final double R = 1.3, OFFSET = 0.1;
    private static final NormalDistribution PHI = new NormalDistribution(null, 0, 1);

    /** The CLT of the spec, written out: m alphas at the ideal value, d - m at 1 + offset, inner sphere. */
    private static double cltInner(int d, int m) {
        double ideal = 4 / ((1 + R) * (1 + R)), bad = 1 + OFFSET;
        double mu = m * (ideal - 1) + (d - m) * (bad - 1);
        double var = 2 * (m * (ideal - 1) * (ideal - 1) + (d - m) * (bad - 1) * (bad - 1));
        return PHI.cumulativeProbability(mu / Math.sqrt(var));
    }

    @Test
    void theSmallestFractionMeetsTheTargetAndOneLessDoesNot() {
        double margin = FractionNeeded.margin(false, R);
        for (int d : new int[] {50, 500, 5000})
            for (double target : new double[] {1e-2, 1e-5, 1e-10}) {
                double f = FractionNeeded.smallestFraction(d, target, margin, OFFSET, false);
                if (Double.isNaN(f)) { // unreachable: even with every alpha in range the CLT misses the target
                    assertTrue(cltInner(d, d) > target, "d " + d + " target " + target);
                    continue;
                }
                int m = (int) Math.round(f * d);
                assertTrue(cltInner(d, m) <= target, "d " + d + " target " + target + ": m = " + m);
                assertTrue(m == 0 || cltInner(d, m - 1) > target, "d " + d + " target " + target + ": m - 1 = " + (m - 1));
            }
    }

    @Test
    void curvesFallWithDimension() {
        double margin = FractionNeeded.margin(false, R);
        for (boolean exact : new boolean[] {false, true}) {
            double small = FractionNeeded.smallestFraction(100, 1e-10, margin, OFFSET, exact);
            double large = FractionNeeded.smallestFraction(10_000, 1e-10, margin, OFFSET, exact);
            assertTrue(large < small, (exact ? "exact" : "clt") + ": " + small + " at d=100, " + large + " at d=10^4");
            // With many dimensions the mean decides: the fraction tends to offset / (margin + offset).
            assertEquals(OFFSET / (margin + OFFSET), large, 0.05);
        }
    }

    @Test
    void theExactRateIsTheBetaTail() {
        // m chi2_1 terms at -margin, d - m at +offset: P(offset chi2_(d-m) > margin chi2_m), a Beta tail.
        double margin = FractionNeeded.margin(true, R);
        int d = 200, m = 120;
        double expected = org.apache.commons.math3.special.Beta.regularizedBeta(1 / (1 + margin / OFFSET), m / 2.0, (d - m) / 2.0);
        assertEquals(expected, FractionNeeded.rate(d, m, margin, OFFSET, true), 1e-8 * expected);
    }

    @Test
    void unreachableTargetsAreNaN() {
        // d = 10, all in range: the CLT still gives Phi(-sqrt(5)) = 0.013 > 1e-2, though the exact rate is 0.
        double margin = FractionNeeded.margin(false, R);
        assertTrue(Double.isNaN(FractionNeeded.smallestFraction(10, 1e-2, margin, OFFSET, false)));
        assertTrue(FractionNeeded.smallestFraction(10, 1e-2, margin, OFFSET, true) <= 1);
    }

    /** The margins of each sphere by their definitions; m from 0 to d and d from 1 accepted; the target met exactly counts. */
    @Test
    void marginsAndEdges() {
        double ideal = 4 / ((1 + R) * (1 + R));
        assertEquals(ideal - 1 / (R * R), FractionNeeded.margin(true, R), 1e-15);
        assertEquals(1 - ideal, FractionNeeded.margin(false, R), 1e-15);
        double margin = FractionNeeded.margin(false, R);
        assertEquals(cltInner(7, 0), FractionNeeded.rate(7, 0, margin, OFFSET, false), 1e-12);
        assertEquals(cltInner(7, 7), FractionNeeded.rate(7, 7, margin, OFFSET, false), 1e-12);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FractionNeeded.rate(7, 8, margin, OFFSET, false));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FractionNeeded.rate(7, -1, margin, OFFSET, false));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FractionNeeded.smallestFraction(0, 0.1, margin, OFFSET, false));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FractionNeeded.smallestFraction(5, 0.1, 0, OFFSET, false));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FractionNeeded.smallestFraction(5, 0.1, margin, 0, false));
        // d = 1: the only alpha in range gives rate 0 (below any target), so the fraction is 1
        assertEquals(1.0, FractionNeeded.smallestFraction(1, 0.5, margin, OFFSET, true));
        // a target equal to a rate is met by it: at d = 20 the target rate(20, m) gives back m / 20 exactly
        for (int m : new int[] {5, 12, 20}) {
            double target = FractionNeeded.rate(20, m, margin, OFFSET, false);
            if (m == 20 || FractionNeeded.rate(20, m - 1, margin, OFFSET, false) > target)
                assertEquals(m / 20.0, FractionNeeded.smallestFraction(20, target, margin, OFFSET, false), "m = " + m);
        }
    }
}
