package spheres.engine.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.apache.commons.math3.special.Beta;
import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;

/**
 * The norm sweep against a quadratic net with one planted alpha a = 1.6 and every other alpha b = 0.8: at norm r a
 * direction u has the logit {@code r^2 (b + (a - b) z^2) - 1} with {@code z = u . u_0}, and {@code z^2 ~ Beta(1/2,
 * (d - 1)/2)}, so the fraction called outer is {@code 1 - I_c(1/2, (d - 1)/2)}, {@code c = (1/r^2 - b) / (a - b)}.
 * Errors exist below the boundary 1.15 exactly when {@code r^2 a > 1} (r > 0.79), and above it when {@code r^2 b < 1}
 * (r < 1.118: never), so the attack finds an error from every start or from none.
 */
class NormSweepOracleTest {
    private static final int D = 16, SAMPLES = 20_000, STARTS = 12;
    private static final float BOUNDARY = 1.15f;

    @Test
    void fractionsFollowTheBetaLawAndTheAttackFindsErrorsExactlyWhereTheyExist() {
        double a = 1.6, b = 0.8;
        double[] alpha = new double[D];
        Arrays.fill(alpha, b);
        alpha[0] = a;
        try (Backend be = new CpuBackend(1)) {
            ChosenAlphas q = new ChosenAlphas(be, alpha, 13);
            AttackConfig config = new AttackConfig("nearest", 0.005f, 40_000, 1e-3f, 6, 1000);
            try (NormSweep sweep = new NormSweep(be, q.net, D, BOUNDARY, 5, SAMPLES, 4000, STARTS, config)) {
                for (float r : new float[] {0.5f, 0.9f, 1.1f, 1.3f, 2f}) {
                    NormSweep.Point p = sweep.at(r, (x, y, z) -> {});
                    double c = (1 / ((double) r * r) - b) / (a - b);
                    double outer = c <= 0 ? 1 : c >= 1 ? 0 : 1 - Beta.regularizedBeta(c, 0.5, (D - 1) / 2.0);
                    double ideal = r > BOUNDARY ? outer : 1 - outer, se = Math.sqrt(ideal * (1 - ideal) / SAMPLES);
                    String what = "norm " + r;
                    assertEquals(r > BOUNDARY, p.idealOuter(), what);
                    assertEquals(SAMPLES, p.samples(), what);
                    // 5 standard errors (and one sample's worth where the fraction is 0 or 1): a miss is not chance
                    assertEquals(ideal, p.fractionIdeal(), 5 * se + 1.0 / SAMPLES, what + ": fraction classified as the ideal classifier would");
                    boolean errorsExist = r < BOUNDARY ? r * r * a > 1 : r * r * b < 1;
                    assertEquals(STARTS, p.starts(), what);
                    assertEquals(errorsExist ? STARTS : 0, p.found(), what + ": starts that reached an error");
                    assertEquals(errorsExist ? 1.0 : 0.0, p.attackSuccess(), 0, what);
                    assertEquals(0, p.rejected(), what);
                }
            }
        }
        assertEquals(0.75, new NormSweep.Point(1, false, 4, 3, 0, 0, 0).fractionIdeal(), 0);
        assertTrue(Double.isNaN(new NormSweep.Point(1, false, 0, 0, 0, 0, 0).fractionIdeal()), "no sample, no fraction");
        assertTrue(Double.isNaN(new NormSweep.Point(1, false, 4, 3, 0, 0, 0).attackSuccess()), "no start, no success rate");
    }

    @Test
    void theGridIsEvenlySpacedWithBothEnds() {
        assertArrayEquals(new float[] {0.5f, 1f, 1.5f, 2f, 2.5f}, NormSweep.grid(0.5f, 2.5f, 5));
        assertArrayEquals(new float[] {1.3f}, NormSweep.grid(1.3f, 1.3f, 1));
    }
}
