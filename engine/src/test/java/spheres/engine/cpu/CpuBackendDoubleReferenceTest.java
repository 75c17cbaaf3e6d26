package spheres.engine.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/**
 * The CPU backend's ops against plain double-precision loops written from their definitions, not against the kernels'
 * scalar twins: with SIMD off (the engine's second Surefire run) the backend calls those twins, and the contract's
 * comparison with them would hold whatever they computed. Sizes split the work (gemm above its inline threshold,
 * batch norm over more than one column block). Tolerances: float32 rounding of each op's sums, stated per op.
 */
class CpuBackendDoubleReferenceTest {
    /** One float rounding, relative. */
    private static final double U = 0x1p-24;

    private static float[] random(SplittableRandom rng, int n, double offset) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (offset + 2 * rng.nextDouble() - 1);
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void gemmIsTheMatrixProduct(int threads) {
        SplittableRandom rng = new SplittableRandom(3);
        int m = 67, n = 301, k = 45; // 9e5 multiply-adds, above GEMM_INLINE_FLOPS; odd sizes
        float alpha = 0.75f, beta = -0.5f;
        try (Backend be = new CpuBackend(threads)) {
            for (int variant = 0; variant < 4; variant++) {
                boolean ta = (variant & 1) != 0, tb = (variant & 2) != 0;
                float[] a = random(rng, m * k, 0), b = random(rng, k * n, 0), c0 = random(rng, m * n, 0);
                float[] got;
                try (Tensor ta_ = be.upload(a, ta ? k : m, ta ? m : k); Tensor tb_ = be.upload(b, tb ? n : k, tb ? k : n);
                     Tensor c = be.upload(c0, m, n)) {
                    be.gemm(ta, tb, alpha, ta_, tb_, beta, c);
                    got = be.download(c);
                }
                for (int i = 0; i < m; i++) {
                    for (int j = 0; j < n; j++) {
                        double s = 0, abs = 0;
                        for (int p = 0; p < k; p++) {
                            double x = a[ta ? p * m + i : i * k + p], y = b[tb ? j * k + p : p * n + j];
                            s += x * y;
                            abs += Math.abs(x * y);
                        }
                        double want = alpha * s + beta * c0[i * n + j];
                        // each of k products and sums rounds once, in any order: k u of the absolute sum bounds it
                        double tol = (k + 2) * U * (Math.abs(alpha) * abs + Math.abs(beta * c0[i * n + j]));
                        assertEquals(want, got[i * n + j], tol, "variant " + (ta ? "T" : "N") + (tb ? "T" : "N") + " at " + i + "," + j);
                    }
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void batchNormIsPyTorchsBatchNorm1d(int threads) {
        SplittableRandom rng = new SplittableRandom(5);
        int rows = 50, cols = 301; // two column blocks of 256
        float momentum = 0.1f, eps = 1e-5f;
        float[] x = random(rng, rows * cols, 0.5), gamma = random(rng, cols, 1), beta = random(rng, cols, 0);
        float[] rm = random(rng, cols, 0), rv = random(rng, cols, 2);
        try (Backend be = new CpuBackend(threads); Tensor tx = be.upload(x, rows, cols); Tensor tg = be.upload(gamma, 1, cols);
             Tensor tb = be.upload(beta, 1, cols); Tensor trm = be.upload(rm, 1, cols); Tensor trv = be.upload(rv, 1, cols);
             Tensor y = be.allocate(rows, cols); Tensor sm = be.allocate(1, cols); Tensor si = be.allocate(1, cols);
             Tensor ye = be.allocate(rows, cols)) {
            be.batchNormTrain(tx, tg, tb, trm, trv, momentum, eps, y, sm, si);
            float[] gy = be.download(y), gm = be.download(trm), gv = be.download(trv), gsm = be.download(sm), gsi = be.download(si);
            be.batchNormEval(tx, tg, tb, trm, trv, eps, ye);
            float[] gye = be.download(ye);
            for (int j = 0; j < cols; j++) {
                double mean = 0, var = 0;
                for (int i = 0; i < rows; i++) mean += x[i * cols + j];
                mean /= rows;
                for (int i = 0; i < rows; i++) var += (x[i * cols + j] - mean) * (x[i * cols + j] - mean);
                var /= rows; // biased, for normalising
                double inv = 1 / Math.sqrt(var + eps);
                // float sums over 50 rows of values of size 1: 50 u relative on mean and variance, and so on what follows
                double tol = 100 * rows * U;
                assertEquals(mean, gsm[j], tol, "saved mean " + j);
                assertEquals(inv, gsi[j], tol * inv, "saved 1/std " + j);
                assertEquals((1 - momentum) * rm[j] + momentum * mean, gm[j], tol, "running mean " + j);
                assertEquals((1 - momentum) * rv[j] + momentum * var * rows / (rows - 1), gv[j], tol, "running variance (unbiased) " + j);
                for (int i = 0; i < rows; i++) {
                    double want = gamma[j] * (x[i * cols + j] - mean) * inv + beta[j];
                    assertEquals(want, gy[i * cols + j], tol * (1 + Math.abs(want)), "y " + i + "," + j);
                    double eval = gamma[j] * (x[i * cols + j] - gm[j]) / Math.sqrt(gv[j] + eps) + beta[j];
                    assertEquals(eval, gye[i * cols + j], tol * (1 + Math.abs(eval)), "eval y " + i + "," + j);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void bceAdamAndRowNormsFollowTheirDefinitions(int threads) {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 1000, rows = 70, cols = 500;
        try (Backend be = new CpuBackend(threads)) {
            float[] z = random(rng, n, 0), y = new float[n];
            for (int i = 0; i < n; i++) {
                z[i] *= 30; // logits up to +-30, where sigmoid rounds to 0 or 1 in float
                y[i] = rng.nextBoolean() ? 1 : 0;
            }
            try (Tensor tz = be.upload(z, n, 1); Tensor ty = be.upload(y, n, 1); Tensor g = be.allocate(n, 1)) {
                double loss = be.bceWithLogits(tz, ty, g), want = 0;
                float[] gg = be.download(g);
                for (int i = 0; i < n; i++) {
                    // sigmoid(z) - y, without cancellation: sigmoid(z) - 1 = -sigmoid(-z)
                    double diff = y[i] == 1 ? -1 / (1 + Math.exp(z[i])) : 1 / (1 + Math.exp(-z[i]));
                    want += y[i] == 1 ? Math.log1p(Math.exp(-z[i])) : Math.log1p(Math.exp(z[i]));
                    // the gradient keeps its relative precision even where sigmoid is within 1e-13 of the label
                    assertEquals(diff / n, gg[i], 4 * U * Math.abs(diff) / n, "bce gradient " + i);
                }
                assertEquals(want / n, loss, 4 * U * want / n, "mean bce");
            }
            float[] p = random(rng, n, 0), gr = random(rng, n, 0), m = random(rng, n, 0), v = random(rng, n, 1.5);
            float lr = 1e-3f, b1 = 0.9f, b2 = 0.999f, eps = 1e-8f;
            long t = 7;
            try (Tensor tp = be.upload(p, n, 1); Tensor tg = be.upload(gr, n, 1); Tensor tm = be.upload(m, n, 1); Tensor tv = be.upload(v, n, 1)) {
                be.adamStep(tp, tg, tm, tv, lr, b1, b2, eps, t);
                float[] gp = be.download(tp), gm = be.download(tm), gv = be.download(tv);
                for (int i = 0; i < n; i++) {
                    double mi = (double) b1 * m[i] + (1 - (double) b1) * gr[i], vi = (double) b2 * v[i] + (1 - (double) b2) * gr[i] * gr[i];
                    double step = lr * (mi / (1 - Math.pow(b1, t))) / (Math.sqrt(vi / (1 - Math.pow(b2, t))) + eps);
                    assertEquals(mi, gm[i], 4 * U * (Math.abs(b1 * m[i]) + Math.abs(gr[i])), "first moment " + i);
                    assertEquals(vi, gv[i], 4 * U * vi, "second moment " + i);
                    assertEquals(p[i] - step, gp[i], 8 * U * (Math.abs(p[i]) + Math.abs(step)), "parameter " + i);
                }
            }
            float[] x = random(rng, rows * cols, 0.2), radii = random(rng, rows, 2);
            try (Tensor tx = be.upload(x, rows, cols); Tensor norms = be.allocate(rows, 1); Tensor tr = be.upload(radii, rows, 1)) {
                be.rowNorms(tx, norms);
                float[] gn = be.download(norms);
                be.rescaleRows(tx, tr);
                float[] gx = be.download(tx);
                for (int r = 0; r < rows; r++) {
                    double s = 0;
                    for (int c = 0; c < cols; c++) s += (double) x[r * cols + c] * x[r * cols + c];
                    assertEquals(Math.sqrt(s), gn[r], cols * U * Math.sqrt(s), "norm of row " + r);
                    double after = 0;
                    for (int c = 0; c < cols; c++) {
                        double want = x[r * cols + c] * radii[r] / Math.sqrt(s);
                        assertEquals(want, gx[r * cols + c], cols * U * Math.abs(radii[r]), "rescaled " + r + "," + c);
                        after += (double) gx[r * cols + c] * gx[r * cols + c];
                    }
                    assertTrue(Math.abs(Math.sqrt(after) - Math.abs(radii[r])) <= cols * U * Math.abs(radii[r]), "row " + r + " on its sphere");
                }
            }
        }
    }
}
