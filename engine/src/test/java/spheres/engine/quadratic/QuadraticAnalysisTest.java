package spheres.engine.quadratic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.Models;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Evaluator;
import spheres.kernels.Gaussian;

class QuadraticAnalysisTest {
    private static final double R = 1.3;

    /** A random orthogonal n x n matrix: Q of the QR decomposition of a Gaussian matrix. */
    private static RealMatrix orthogonal(int n, long stream) {
        float[] g = new float[n * n];
        Gaussian.fillScalar(5, stream, 0, g.length, g, 0);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) a[i][j] = g[i * n + j];
        return new QRDecomposition(new Array2DRowRealMatrix(a, false)).getQ();
    }

    /** W1 = V diag(sqrt(lambda)) U^T, h x d, with V the first d columns of a random orthogonal h x h matrix. */
    private static double[] netWith(double[] lambda, int h, RealMatrix u) {
        int d = lambda.length;
        RealMatrix v = orthogonal(h, 2);
        double[] w1 = new double[h * d];
        for (int k = 0; k < h; k++)
            for (int c = 0; c < d; c++) {
                double s = 0;
                for (int i = 0; i < d; i++) s += v.getEntry(k, i) * Math.sqrt(lambda[i]) * u.getEntry(c, i);
                w1[k * d + c] = s;
            }
        return w1;
    }

    private static double[] spread(int d, double lo, double hi) {
        double[] l = new double[d];
        for (int i = 0; i < d; i++) l[i] = lo + (hi - lo) * i / (d - 1);
        return l;
    }

    @Test
    void knownAlphasComeBack() {
        int d = 30, h = 40;
        double w = 0.7, b = -1.3;
        double[] lambda = spread(d, 0.2, 3.0);
        RealMatrix u = orthogonal(d, 1);
        QuadraticAnalysis a = new QuadraticAnalysis(netWith(lambda, h, u), h, d, w, b, R);
        assertEquals(QuadraticAnalysis.Signs.ELLIPSOID, a.signs);
        for (int i = 0; i < d; i++) {
            double expected = w * lambda[i] / -b;
            assertEquals(expected, a.alphas[i], 1e-9 * expected, "alpha " + i);
        }
        // The worst inner point is the eigenvector of the largest alpha: U's last column, up to sign.
        double dot = 0;
        for (int c = 0; c < d; c++) dot += a.inner.point()[c] * u.getEntry(c, d - 1);
        assertEquals(1, Math.abs(dot), 1e-9);
        assertEquals(w * lambda[d - 1] + b, a.inner.logit(), 1e-9);
        assertEquals(R * R * w * lambda[0] + b, a.outer.logit(), 1e-9);
        int below = 0, above = 0;
        for (double l : lambda) {
            if (w * l / -b < 1 / (R * R)) below++;
            if (w * l / -b > 1) above++;
        }
        assertArrayEquals(new int[] {below, d - below - above, above}, a.counts());
    }

    @Test
    void cltIsTheSpecFormula() {
        int d = 40;
        double w = 1.1, b = -0.9;
        QuadraticAnalysis a = new QuadraticAnalysis(netWith(spread(d, 0.3, 1.2), d, orthogonal(d, 3)), d, d, w, b, R);
        double mu = 0, var = 0, muOut = 0, varOut = 0;
        for (double alpha : a.alphas) {
            mu += alpha - 1;
            var += 2 * (alpha - 1) * (alpha - 1);
            muOut += alpha - 1 / (R * R);
            varOut += 2 * (alpha - 1 / (R * R)) * (alpha - 1 / (R * R));
        }
        NormalDistribution phi = new NormalDistribution(null, 0, 1);
        assertEquals(phi.cumulativeProbability(mu / Math.sqrt(var)), a.innerRate().clt(), 1e-12);
        assertEquals(phi.cumulativeProbability(-muOut / Math.sqrt(varOut)), a.outerRate().clt(), 1e-12);
    }

    @Test
    void exactRatesMatchSamplingTheSpheres() {
        int d = 12, n = 200_000;
        double w = 1.0, b = -1.0;
        double[] lambda = spread(d, 0.35, 1.25); // alphas on both sides of the range: both spheres have errors
        double[] w1 = netWith(lambda, d, orthogonal(d, 4));
        QuadraticAnalysis a = new QuadraticAnalysis(w1, d, d, w, b, R);
        float[] g = new float[n * d];
        Gaussian.fillScalar(9, 0, 0, g.length, g, 0);
        for (boolean outer : new boolean[] {false, true}) {
            double r = outer ? R : 1;
            long errors = 0;
            for (int s = 0; s < n; s++) {
                double norm = 0;
                for (int c = 0; c < d; c++) norm += (double) g[s * d + c] * g[s * d + c];
                double scaleToSphere = r / Math.sqrt(norm), q = 0;
                for (int k = 0; k < d; k++) {
                    double hk = 0;
                    for (int c = 0; c < d; c++) hk += w1[k * d + c] * g[s * d + c] * scaleToSphere;
                    q += hk * hk;
                }
                if ((w * q + b > 0) != outer) errors++;
            }
            double exact = (outer ? a.outerRate() : a.innerRate()).exact(), se = Math.sqrt(exact * (1 - exact) / n);
            assertTrue(exact > 1e-3, "meant to be sampled: " + exact);
            assertEquals(exact, (double) errors / n, 4 * se, (outer ? "outer" : "inner") + " sphere");
        }
    }

    @Test
    void signCasesAreNamedNotMisread() {
        int d = 6;
        double[] w1 = netWith(spread(d, 0.5, 1.0), d, orthogonal(d, 6));
        QuadraticAnalysis allInner = new QuadraticAnalysis(w1, d, d, -0.5, -1, R);
        assertEquals(QuadraticAnalysis.Signs.ALL_INNER, allInner.signs);
        assertNull(allInner.counts());
        assertEquals(d, allInner.outOfRange());
        assertEquals(0, allInner.innerRate().exact());
        assertEquals(1, allInner.outerRate().exact());

        QuadraticAnalysis allOuter = new QuadraticAnalysis(w1, d, d, 0.5, 1, R);
        assertEquals(QuadraticAnalysis.Signs.ALL_OUTER, allOuter.signs);
        assertEquals(1, allOuter.innerRate().exact());
        assertEquals(0, allOuter.outerRate().exact());

        assertEquals(QuadraticAnalysis.Signs.INVERTED, new QuadraticAnalysis(w1, d, d, -0.5, 1, R).signs);
        QuadraticAnalysis noBias = new QuadraticAnalysis(w1, d, d, 0.5, 0, R);
        assertEquals(QuadraticAnalysis.Signs.NO_BIAS, noBias.signs);
        assertNull(noBias.alphas);
        assertEquals(1, noBias.innerRate().exact()); // every logit > 0
        assertThrows(IllegalArgumentException.class, () -> new QuadraticAnalysis(w1, d, d, 1, -1, 1.0));
    }

    @Test
    void perfectInitialisationMakesNoErrorAndItsWorstPointsAreRight() {
        int d = 10, h = 12;
        try (Backend be = new CpuBackend(2)) {
            Sequential net = Models.quadraticNet(be, d, h, 3);
            QuadraticNet.initPerfect(net, R);
            QuadraticAnalysis a = QuadraticAnalysis.of(QuadraticNet.of(net), R);
            double ideal = FractionNeeded.idealAlpha(R);
            for (double alpha : a.alphas) assertEquals(ideal, alpha, 1e-6);
            assertArrayEquals(new int[] {0, d, 0}, a.counts());
            assertEquals(0, a.innerRate().exact());
            assertEquals(0, a.outerRate().exact());
            try (Evaluator ev = new Evaluator(be, net, d, (float) R, 1, 10_000)) {
                assertEquals(0, ev.errors(false, 0, 1_000_000), "inner errors in 10^6 samples");
                assertEquals(0, ev.errors(true, 0, 1_000_000), "outer errors in 10^6 samples");
            }
            // The exact worst-case points, through the float network: still on the right side.
            float[] pts = new float[2 * d];
            for (int c = 0; c < d; c++) {
                pts[c] = (float) a.inner.point()[c];
                pts[d + c] = (float) a.outer.point()[c];
            }
            try (Tensor x = be.upload(pts, 2, d)) {
                float[] logits = be.download(net.forward(x, false));
                assertTrue(logits[0] < 0 && a.inner.logit() < 0, "inner worst logit " + logits[0] + " / " + a.inner.logit());
                assertTrue(logits[1] > 0 && a.outer.logit() > 0, "outer worst logit " + logits[1] + " / " + a.outer.logit());
                assertEquals(a.inner.logit(), logits[0], 1e-5);
                assertEquals(a.outer.logit(), logits[1], 1e-5);
            }
        }
    }
}
