package spheres.engine.theory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CapBoundTest {
    /** The spec's table at d = 500 (section 7): mu and d_opt(mu). */
    private static final double[][] SPEC_D500 = {
        {0.5, 0.0179}, {1e-1, 0.0595}, {1e-2, 0.1042}, {1e-3, 0.1381}, {1e-4, 0.1660},
        {1e-6, 0.2117}, {1e-8, 0.2493}, {1e-10, 0.2820}, {1e-20, 0.4060}
    };

    private static final double[] MUS = {0.9, 0.5, 0.2, 1e-1, 1e-2, 1e-3, 1e-5, 1e-8, 1e-12, 1e-20, 1e-30};

    private static double threeSignificant(double v) {
        return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).doubleValue();
    }

    @Test
    void matchesTheSpecTableAtD500ToThreeSignificantDigits() {
        CapBound b = new CapBound(500);
        for (double[] row : SPEC_D500)
            assertEquals(threeSignificant(row[1]), threeSignificant(b.distance(row[0])), 1e-12, "mu " + row[0]);
    }

    /** d = 3: x1 is uniform on [-1, 1] (Archimedes), a = 1 - 2 mu, and the integral is (4/3) sqrt(1-mu) (1 - sqrt(mu)). */
    @Test
    void closedFormAtD3() {
        CapBound b = new CapBound(3);
        for (double mu : MUS) {
            assertEquals(1 - 2 * mu, b.threshold(mu), 1e-13, "a at mu " + mu);
            assertEquals(mu, b.measure(1 - 2 * mu), 1e-13 * mu + 1e-16, "measure at mu " + mu);
            assertEquals(4.0 / 3 * Math.sqrt(1 - mu) * (1 - Math.sqrt(mu)), b.distance(mu), 1e-12, "d_opt at mu " + mu);
        }
    }

    /** d = 2: the angle is uniform, a cap of measure mu is an arc of half-angle pi mu, d_opt = (4/pi)(1 - sin(pi mu / 2)). */
    @Test
    void closedFormAtD2() {
        CapBound b = new CapBound(2);
        for (double mu : MUS) {
            assertEquals(Math.cos(Math.PI * mu), b.threshold(mu), 1e-13, "a at mu " + mu);
            assertEquals(4 / Math.PI * (1 - Math.sin(Math.PI * mu / 2)), b.distance(mu), 1e-12, "d_opt at mu " + mu);
        }
    }

    @Test
    void thresholdInvertsTheMeasureInTheTail() {
        for (int d : new int[] {4, 50, 500, 10_000}) {
            CapBound b = new CapBound(d);
            for (double mu : MUS) {
                // a near 1 carries x = (1 - a)/2 only to 1 ulp / (1 - a), and mu ~ x^((d-1)/2) multiplies that error.
                double a = b.threshold(mu), tol = 1e-12 + 0.5 * (d - 1) * Math.ulp(1.0) / (1 - a);
                assertEquals(1, b.measure(a) / mu, tol, "d " + d + " mu " + mu);
            }
        }
    }

    @Test
    void decreasesInMu() {
        for (int d : new int[] {2, 3, 10, 500, 10_000}) {
            CapBound b = new CapBound(d);
            double prev = Double.POSITIVE_INFINITY, prevGauss = Double.POSITIVE_INFINITY;
            // At low d, d_opt(mu) is flat to below double resolution for mu under 1e-12 (d = 2: 1 - sin(pi mu / 2)).
            for (double mu = d < 10 ? 1e-12 : 1e-30; mu < 0.99; mu *= 1.7) {
                double exact = b.distance(mu), gauss = b.gaussian(mu);
                assertTrue(exact < prev, "d_opt not decreasing at d " + d + " mu " + mu);
                assertTrue(gauss < prevGauss, "approximation not decreasing at d " + d + " mu " + mu);
                prev = exact;
                prevGauss = gauss;
            }
        }
    }

    /**
     * Decreasing in d once the cap is not negligibly small for the sphere: for mu >= 1e-2 from d = 2 on; for tiny mu
     * d_opt first rises with d toward the mean chord of two random points (-> sqrt 2) before it falls, so the check
     * starts where the fall has begun (d = 20 for mu = 1e-30).
     */
    @Test
    void decreasesInD() {
        int[] dims = {2, 3, 4, 6, 10, 20, 50, 100, 200, 500, 1000, 3000, 10_000};
        double[][] muAndFirstD = {{0.5, 2}, {1e-1, 2}, {1e-2, 2}, {1e-6, 6}, {1e-30, 20}};
        for (double[] row : muAndFirstD) {
            double prev = Double.POSITIVE_INFINITY;
            for (int d : dims) {
                if (d < row[1]) continue;
                double v = new CapBound(d).distance(row[0]);
                assertTrue(v < prev, "d_opt not decreasing in d at mu " + row[0] + " d " + d);
                prev = v;
            }
        }
        // The rise at tiny mu and low d is real: a cap of measure 1e-6 on the circle is nearer than on S^2.
        assertTrue(new CapBound(2).distance(1e-6) < new CapBound(3).distance(1e-6));
    }

    /** The Gaussian approximation becomes exact as d grows at fixed mu, and d_opt -> sqrt(2) as the cap shrinks. */
    @Test
    void limits() {
        for (double mu : new double[] {0.5, 1e-2, 1e-6}) {
            double err500 = Math.abs(new CapBound(500).gaussian(mu) / new CapBound(500).distance(mu) - 1);
            double err10k = Math.abs(new CapBound(10_000).gaussian(mu) / new CapBound(10_000).distance(mu) - 1);
            assertTrue(err10k < err500 && err10k < 2e-3, "mu " + mu + ": " + err500 + " -> " + err10k);
        }
        assertEquals(Math.sqrt(2), new CapBound(50).distance(1e-300), 0.02);
    }

    @Test
    void largeDimensionAndTinyMuStayFinite() {
        CapBound b = new CapBound(10_000);
        double v = b.distance(1e-30);
        assertTrue(Double.isFinite(v) && v > 0 && v < b.gaussian(1e-30) * 1.01, "" + v);
        assertEquals(1e-30, b.measure(b.threshold(1e-30)), 1e-39);
    }

    @Test
    void gridRunsFromMaxThroughEveryDecadeToMin() {
        double[] g = CapBound.muGrid(0.5, 1e-30, 4);
        assertEquals(0.5, g[0]);
        assertEquals(1e-30, g[g.length - 1]);
        assertEquals(1 + 118 + 1, g.length, "0.5, then 10^(-k/4) for k = 2 .. 119, then 1e-30");
        for (int i = 1; i < g.length; i++) assertTrue(g[i] < g[i - 1], "decreasing at " + i);
        for (int k = 1; k < 30; k++) {
            double decade = Math.pow(10, -k);
            assertTrue(java.util.Arrays.stream(g).anyMatch(m -> Math.abs(m / decade - 1) < 1e-12), "1e-" + k + " on the grid");
        }
        assertEquals(1, CapBound.muGrid(1e-3, 1e-3, 4).length);
    }

    @Test
    void refusesWhatItCannotCompute() {
        assertThrows(IllegalArgumentException.class, () -> new CapBound(1));
        assertThrows(IllegalArgumentException.class, () -> new CapBound(500).distance(0));
        assertThrows(IllegalArgumentException.class, () -> new CapBound(500).distance(1));
        assertThrows(IllegalArgumentException.class, () -> new CapBound(500).distance(Double.NaN));
    }

    /** Every accepted range is closed: its ends are accepted, one step beyond them refused. */
    @Test
    void rangesIncludeTheirEnds() {
        assertEquals(2, new CapBound(2).dim());
        assertEquals(100_000, new CapBound(100_000).dim());
        assertThrows(IllegalArgumentException.class, () -> new CapBound(1));
        assertThrows(IllegalArgumentException.class, () -> new CapBound(100_001));
        CapBound b = new CapBound(50);
        assertEquals(0.0, b.measure(1), 0);
        assertEquals(1.0, b.measure(-1), 0);
        assertThrows(IllegalArgumentException.class, () -> b.measure(Math.nextUp(1.0)));
        assertThrows(IllegalArgumentException.class, () -> b.measure(Math.nextDown(-1.0)));
        for (double mu : new double[] {1e-300, 1 - 1e-16}) {
            CapBound.Point p = b.point(mu);
            assertEquals(new CapBound.Point(50, mu, b.threshold(mu), b.distance(mu), b.gaussian(mu)), p);
        }
        for (double bad : new double[] {Math.nextDown(1e-300), Math.nextUp(1 - 1e-16), Double.NaN}) {
            assertThrows(IllegalArgumentException.class, () -> b.distance(bad));
            assertThrows(IllegalArgumentException.class, () -> b.gaussian(bad));
            assertThrows(IllegalArgumentException.class, () -> CapBound.muGrid(bad, 1e-3, 1));
            assertThrows(IllegalArgumentException.class, () -> CapBound.muGrid(0.5, bad, 1));
            assertThrows(IllegalArgumentException.class, () -> NormalTail.upperQuantile(bad));
        }
        assertEquals(0, NormalTail.upperQuantile(0.5), 1e-15);
        assertTrue(NormalTail.upperQuantile(1e-300) > 37 && NormalTail.upperQuantile(1 - 1e-16) < -8);
        assertThrows(IllegalArgumentException.class, () -> CapBound.muGrid(0.1, 0.01, 0));
        assertThrows(IllegalArgumentException.class, () -> CapBound.muGrid(0.1, 0.01, 1001));
        assertEquals(1001, CapBound.muGrid(0.1, 0.01, 1000).length, "0.1, the 999 points strictly inside the decade, 0.01");
        assertTrue(java.util.Arrays.equals(new double[] {0.1, 0.01}, CapBound.muGrid(0.1, 0.01, 1)));
    }

    /** The grid: max, then the multiples of 10^(-1/perDecade) strictly between, then min; nothing repeated. */
    @Test
    void muGridOfUnevenEnds() {
        double[] g = CapBound.muGrid(0.3, 0.002, 2);
        double[] want = {0.3, Math.pow(10, -1.0), Math.pow(10, -1.5), Math.pow(10, -2.0), Math.pow(10, -2.5), 0.002};
        assertEquals(want.length, g.length, java.util.Arrays.toString(g));
        for (int i = 0; i < want.length; i++) assertEquals(want[i], g[i], 1e-15 * want[i], "grid[" + i + "]");
        assertTrue(java.util.Arrays.equals(new double[] {0.01}, CapBound.muGrid(0.01, 0.01, 3)), "max = min: one point");
    }
}
