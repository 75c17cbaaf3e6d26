package spheres.engine.quadratic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The worst points of the two spheres for every sign case of w and b, against brute force: with W1 diagonal the logit at
 * {@code r e_i} is {@code w r^2 lambda_i + b}, and on the sphere the logit is a convex combination of these, so the
 * largest logit of the inner sphere and the smallest of the outer are among them. Losses are the sigmoid cross-entropy
 * of label 0 (inner) and 1 (outer), {@code log(1 + e^z)} and {@code log(1 + e^-z)}, written out here in double.
 */
class QuadraticWorstCaseTest {
    private static final double R = 1.3;
    private static final double[] LAMBDA = {0.3, 0.9, 1.7, 0.05, 1.2};

    private static double[] diagonal(double[] lambda) {
        int d = lambda.length;
        double[] w1 = new double[d * d];
        for (int i = 0; i < d; i++) w1[i * d + i] = Math.sqrt(lambda[i]);
        return w1;
    }

    @Test
    void worstPointsLogitsAndLossesInEverySignCase() {
        int d = LAMBDA.length;
        // {w, b}: ellipsoid, all inner, all outer, inverted, and w = 0 (every logit is b)
        double[][] cases = {{1, -1}, {-0.5, -1}, {0.7, 0.3}, {-2, 1.5}, {0, -0.4}};
        for (double[] c : cases) {
            double w = c[0], b = c[1];
            QuadraticAnalysis a = new QuadraticAnalysis(diagonal(LAMBDA), d, d, w, b, R);
            int hi = 0, lo = 0;
            for (int i = 1; i < d; i++) {
                if (w * LAMBDA[i] > w * LAMBDA[hi]) hi = i;
                if (w * LAMBDA[i] < w * LAMBDA[lo]) lo = i;
            }
            double innerLogit = w * LAMBDA[hi] + b, outerLogit = w * R * R * LAMBDA[lo] + b;
            String what = "w " + w + ", b " + b;
            assertEquals(innerLogit, a.inner.logit(), 1e-12, what + ": inner worst logit");
            assertEquals(outerLogit, a.outer.logit(), 1e-12, what + ": outer worst logit");
            assertEquals(Math.log1p(Math.exp(innerLogit)), a.inner.loss(), 1e-12, what + ": inner worst loss");
            assertEquals(Math.log1p(Math.exp(-outerLogit)), a.outer.loss(), 1e-12, what + ": outer worst loss");
            assertEquals(Math.max(a.inner.loss(), a.outer.loss()), a.worstCaseLoss(), 0, what);
            assertEquals(innerLogit > 0, a.inner.misclassified(), what + ": inner");
            assertEquals(outerLogit <= 0, a.outer.misclassified(), what + ": outer");
            if (w != 0) { // with w = 0 every point is as bad as any other
                assertEquals(1, Math.abs(a.inner.point()[hi]), 1e-12, what + ": inner worst point is +-e_" + hi);
                assertEquals(R, Math.abs(a.outer.point()[lo]), 1e-12, what + ": outer worst point is +-R e_" + lo);
                assertEquals(w * LAMBDA[hi] / -b, a.inner.alpha(), 1e-12, what + ": alpha of the inner worst point");
                assertEquals(w * LAMBDA[lo] / -b, a.outer.alpha(), 1e-12, what + ": alpha of the outer worst point");
            }
        }
    }

    @Test
    void alphasAreCountedAgainstTheRangeEndsThemselves() {
        // alphas 1/R^2 and 1 are in range (the boundary touches the sphere but does not cross it)
        double lo = 1 / (R * R);
        QuadraticAnalysis a = new QuadraticAnalysis(diagonal(new double[] {lo, 1, 0.5 * lo, 1.5, 0.8}), 5, 5, 1, -1, R);
        assertArrayEquals(new int[] {1, 3, 1}, a.counts());
        assertEquals(2, a.outOfRange());
    }
}
