package spheres.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import spheres.kernels.Adam;
import spheres.kernels.BatchNorm;
import spheres.kernels.Bce;
import spheres.kernels.Bias;
import spheres.kernels.Gemm;
import spheres.kernels.RowNorms;

/**
 * Every op of the {@link Backend} contract against the scalar twins run on host arrays, with explicit
 * tolerances. A backend's test class extends this and says how to make the backend; the opencl module reuses it
 * through the engine's test jar.
 */
public abstract class BackendContract {
    protected Backend be;
    private final SplittableRandom rng = new SplittableRandom(12345);

    protected abstract Backend newBackend();

    @BeforeEach
    void open() {
        be = newBackend();
    }

    @AfterEach
    void shut() {
        if (be != null) be.close(); // null where newBackend skipped the test (no such device here)
    }

    protected float[] random(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (rng.nextDouble() * 2 - 1);
        return a;
    }

    /** |got - want| <= abs + rel * |want|, elementwise, naming the first index that fails. */
    protected static void close(float[] want, float[] got, double abs, double rel, String what) {
        assertEquals(want.length, got.length, what + ": length");
        for (int i = 0; i < want.length; i++) {
            double tol = abs + rel * Math.abs(want[i]);
            if (!(Math.abs(want[i] - got[i]) <= tol))
                throw new AssertionError(what + ": element " + i + " is " + got[i] + ", expected " + want[i] + " +- " + tol);
        }
    }

    @Test
    void uploadReadCopyFill() {
        float[] a = random(7 * 13);
        Tensor t = be.upload(a, 7, 13);
        assertArrayEquals(a, be.download(t));
        Tensor u = be.allocate(7, 13);
        assertArrayEquals(new float[a.length], be.download(u), "allocate gives zeros");
        be.copy(t, u);
        assertArrayEquals(a, be.download(u));
        be.fill(u, 2.5f);
        for (float v : be.download(u)) assertEquals(2.5f, v);
        float[] b = random(a.length);
        be.write(b, u);
        assertArrayEquals(b, be.download(u));
    }

    @ParameterizedTest(name = "{0}{1} m={2} n={3} k={4} alpha={5} beta={6}")
    @CsvSource({
            "false,false,1,1,1,1,0", "false,true,7,13,5,1,0", "true,false,17,3,31,-0.5,1", "true,true,9,33,15,2,0.3",
            "false,true,50,1000,500,1,0", "true,false,1000,500,50,1,0", "false,false,50,500,1000,1,0",
            "false,false,130,260,97,1,1"})
    void gemm(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta) {
        float[] a = random(m * k), b = random(k * n), c = random(m * n);
        Tensor A = ta ? be.upload(a, k, m) : be.upload(a, m, k);
        Tensor B = tb ? be.upload(b, n, k) : be.upload(b, k, n);
        Tensor C = be.upload(c, m, n);
        be.gemm(ta, tb, alpha, A, B, beta, C);
        float[] want = c.clone();
        Gemm.gemmScalar(ta, tb, m, n, k, alpha, a, 0, ta ? m : k, b, 0, tb ? k : n, beta, want, 0, n);
        close(want, be.download(C), 1e-5 * Math.sqrt(k), 1e-4, "gemm");
    }

    /**
     * A frozen tensor ({@link Backend#freeze}): products by it give the bits of products by an unfrozen one, call after
     * call, in both directions (the forward pass's X W^T and the input gradient's dY W), split by columns and by rows;
     * every op that would write it is refused before writing; scopes nest, a second close does nothing, and once the
     * last scope closes it can be written and the products see its new values (nothing kept from before).
     */
    @Test
    void frozenTensorsMultiplyAsBeforeAndRefuseWrites() {
        int out = 300, in = 200;
        Tensor w = be.upload(random(out * in), out, in);
        float[] values = be.download(w);
        Tensor wide = be.upload(random(150 * in), 150, in), tall = be.upload(random(700 * out), 700, out);
        Tensor y = be.allocate(150, out), dx = be.allocate(700, in);
        be.gemm(false, true, 1f, wide, w, 0f, y);
        be.gemm(false, false, 1f, tall, w, 0f, dx);
        float[] wantY = be.download(y), wantDx = be.download(dx);
        Backend.Frozen scope = be.freeze(java.util.List.of(w));
        for (int call = 0; call < 3; call++) {
            be.fill(y, 7f);
            be.gemm(false, true, 1f, wide, w, 0f, y);
            assertArrayEquals(wantY, be.download(y), "X W^T with W frozen, call " + call);
            be.gemm(false, false, 1f, tall, w, 0f, dx);
            assertArrayEquals(wantDx, be.download(dx), "dY W with W frozen, call " + call);
        }
        Tensor grad = be.allocate(out, in), m = be.allocate(out, in), v = be.allocate(out, in);
        Map<String, Executable> writes = new LinkedHashMap<>();
        writes.put("fill", () -> be.fill(w, 1f));
        writes.put("write", () -> be.write(new float[out * in], w));
        writes.put("copy", () -> be.copy(grad, w));
        writes.put("axpy", () -> be.axpy(1f, grad, w));
        writes.put("adamStep", () -> be.adamStep(w, grad, m, v, 0.1f, 0.9f, 0.999f, 1e-8f, 1));
        writes.put("gaussian", () -> be.gaussian(1, 2, 0, w));
        writes.put("gemm", () -> be.gemm(true, false, 1f, y, wide, 0f, w));
        writes.put("reluForward", () -> be.reluForward(grad, w));
        writes.put("rescaleRows", () -> be.rescaleRows(w, be.allocate(out, 1)));
        try (Backend.Frozen inner = be.freeze(java.util.List.of(w))) {
            assertThrows(IllegalStateException.class, writes.get("fill"), "fill wrote a tensor frozen twice");
        }
        writes.forEach((op, call) -> {
            IllegalStateException e = assertThrows(IllegalStateException.class, call, op + " wrote a frozen tensor");
            assertTrue(e.getMessage().startsWith(op + ": ") && e.getMessage().contains("frozen"), e.getMessage());
        });
        assertArrayEquals(values, be.download(w), "refused ops wrote nothing");
        scope.close();
        scope.close(); // does nothing: W is not frozen twice over
        assertTrue(!w.isFrozen(), "free once the last scope closes");
        float[] next = random(out * in);
        be.write(next, w);
        try (Backend.Frozen again = be.freeze(java.util.List.of(w))) {
            be.gemm(false, true, 1f, wide, w, 0f, y);
        }
        float[] want = new float[150 * out];
        Gemm.gemmScalar(false, true, 150, out, in, 1f, be.download(wide), 0, in, next, 0, in, 0f, want, 0, out);
        close(want, be.download(y), 1e-5 * Math.sqrt(in), 1e-4, "X W^T after W changed between two scopes");
    }

    @Test
    void gemmRefusesBadShapesNamingBoth() {
        Tensor a = be.allocate(50, 500), b = be.allocate(400, 1000), c = be.allocate(50, 1000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, b, 0, c));
        assertTrue(e.getMessage().contains("[50, 500]") && e.getMessage().contains("[400, 1000]"), e.getMessage());
        Tensor c2 = be.allocate(50, 999);
        Tensor b2 = be.allocate(500, 1000);
        e = assertThrows(IllegalArgumentException.class, () -> be.gemm(false, false, 1, a, b2, 0, c2));
        assertTrue(e.getMessage().contains("[50, 999]") && e.getMessage().contains("[50, 1000]"), e.getMessage());
    }

    /**
     * Every op refuses each bad shape (and a tensor of another backend) at the contract: one line that starts with
     * the op's name, and nothing written. The tensors hold 7 before and after every refused call.
     */
    @Test
    void everyOpRefusesBadArgumentsBeforeWritingAnything() {
        Tensor x = be.allocate(3, 4), xt = be.allocate(4, 3), y = be.allocate(3, 4), row = be.allocate(1, 4);
        Tensor row5 = be.allocate(1, 5), col = be.allocate(3, 1), col4 = be.allocate(4, 1), one = be.allocate(1, 1);
        Tensor two = be.allocate(1, 2), empty = be.allocate(0, 1), wide = be.allocate(3, 5);
        Tensor[] all = {x, xt, y, row, row5, col, col4, one, two, wide};
        float[] seven = new float[15];
        java.util.Arrays.fill(seven, 7f);
        for (Tensor t : all) be.fill(t, 7f);
        Map<String, Executable> bad = new LinkedHashMap<>();
        bad.put("upload", () -> be.upload(new float[11], 3, 4));
        bad.put("write", () -> be.write(new float[11], x));
        bad.put("read", () -> be.read(x, new float[11]));
        bad.put("copy", () -> be.copy(x, xt));
        bad.put("copyRows", () -> be.copyRows(x, new int[] {0}, wide, new int[] {0}));
        bad.put("copyRows ", () -> be.copyRows(x, new int[] {3}, y, new int[] {0}));
        bad.put("copyRows  ", () -> be.copyRows(x, new int[] {0}, y, new int[] {-1}));
        bad.put("copyRows   ", () -> be.copyRows(x, new int[] {0, 1}, y, new int[] {0}));
        bad.put("copyRows    ", () -> be.copyRows(x, new int[] {0}, x, new int[] {1}));
        bad.put("selectRows", () -> be.selectRows(col4, x, y, y));
        bad.put("selectRows ", () -> be.selectRows(col, x, wide, y));
        bad.put("selectRows  ", () -> be.selectRows(col, x, y, xt));
        bad.put("gemm", () -> be.gemm(false, false, 1, x, x, 0, y));
        bad.put("gemm ", () -> be.gemm(false, true, 1, x, y, 0, y));
        bad.put("addBias", () -> be.addBias(x, row5));
        bad.put("columnSums", () -> be.columnSums(x, 0, row5));
        bad.put("rowSums", () -> be.rowSums(x, col4));
        bad.put("axpy", () -> be.axpy(1, x, xt));
        bad.put("reluForward", () -> be.reluForward(x, xt));
        bad.put("reluBackward", () -> be.reluBackward(x, y, xt));
        bad.put("squareForward", () -> be.squareForward(x, wide));
        bad.put("squareBackward", () -> be.squareBackward(x, xt, y));
        bad.put("batchNormTrain", () -> be.batchNormTrain(x, row, row, row, row5, 0.1f, 1e-5f, y, row, row));
        bad.put("batchNormTrain ", () -> be.batchNormTrain(x, row, row, row, row, 0.1f, 1e-5f, xt, row, row));
        bad.put("batchNormEval", () -> be.batchNormEval(x, row5, row, row, row, 1e-5f, y));
        bad.put("biasBatchNormReluEval", () -> be.biasBatchNormReluEval(x, row5, row, row, row, row, 1e-5f, y));
        bad.put("biasBatchNormReluEval ", () -> be.biasBatchNormReluEval(x, row, row, row, row, row, 1e-5f, xt));
        bad.put("batchNormReluEvalBackward", () -> be.batchNormReluEvalBackward(x, y, row, row5, 1e-5f, y));
        bad.put("batchNormReluEvalBackward ", () -> be.batchNormReluEvalBackward(x, y, row, row, 1e-5f, wide));
        bad.put("batchNormBackward", () -> be.batchNormBackward(x, y, row, row, row, xt, row, row));
        bad.put("batchNormBackward ", () -> be.batchNormBackward(x, y, row, row, row, y, row, row5));
        bad.put("quadReadoutForward", () -> be.quadReadoutForward(x, two, one, col, col));
        bad.put("quadReadoutForward ", () -> be.quadReadoutForward(x, one, one, col4, col));
        bad.put("quadReadoutBackward", () -> be.quadReadoutBackward(col, col, one, x, two, one));
        bad.put("quadReadoutBackward ", () -> be.quadReadoutBackward(col4, col, one, x, one, one));
        bad.put("bceWithLogits", () -> be.bceWithLogits(col, col4, null));
        bad.put("bceWithLogits ", () -> be.bceWithLogits(col, col, col4));
        bad.put("bceWithLogits  ", () -> be.bceWithLogits(empty, empty, null));
        bad.put("adamStep", () -> be.adamStep(x, y, y, xt, 1e-3f, 0.9f, 0.999f, 1e-8f, 1));
        bad.put("adamStep ", () -> be.adamStep(x, y, y, y, 1e-3f, 0.9f, 0.999f, 1e-8f, 0));
        bad.put("gaussian", () -> be.gaussian(1, 0, -1, x));
        bad.put("uniform", () -> be.uniform(1, 0, Long.MAX_VALUE - 5, x));
        bad.put("sampleSpheres", () -> be.sampleSpheres(1, 0, 0, 1f, 1.3f, 0.5, x, col4));
        bad.put("sampleSpheres ", () -> be.sampleSpheres(1, 0, 0, 1f, 1.3f, 1.5, x, col));
        bad.put("sampleSpheres  ", () -> be.sampleSpheres(1, 0, new long[] {0, 1}, 1f, 1.3f, 0.5, x, col));
        bad.put("sampleSpheres   ", () -> be.sampleSpheres(1, 0, new long[] {0, -1, 2}, 1f, 1.3f, 0.5, x, col));
        bad.put("rowNorms", () -> be.rowNorms(x, col4));
        bad.put("rescaleRows", () -> be.rescaleRows(x, row));
        try (Backend other = newBackend()) {
            Tensor foreign = other.allocate(3, 4);
            bad.put("read  ", () -> be.read(foreign, new float[12]));
            bad.put("copy ", () -> be.copy(x, foreign));
            bad.put("gemm  ", () -> be.gemm(false, true, 1, x, y, 0, foreign));
            bad.put("reluForward ", () -> be.reluForward(foreign, y));
            for (Map.Entry<String, Executable> c : bad.entrySet()) {
                String op = c.getKey().strip();
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class, c.getValue(), op);
                assertTrue(e.getMessage().startsWith(op + ": "), op + ": " + e.getMessage());
                for (Tensor t : all) assertArrayEquals(java.util.Arrays.copyOf(seven, t.size()), be.download(t), op + " wrote " + t);
            }
        }
    }

    @Test
    void copyRowsGathersAndScatters() {
        int cols = 13;
        float[] src = random(7 * cols), dst = random(5 * cols);
        Tensor S = be.upload(src, 7, cols), D = be.upload(dst, 5, cols);
        int[] from = {6, 0, 3}, to = {4, 1, 2};
        be.copyRows(S, from, D, to);
        float[] want = dst.clone();
        for (int j = 0; j < from.length; j++) System.arraycopy(src, from[j] * cols, want, to[j] * cols, cols);
        assertArrayEquals(want, be.download(D));
        be.copyRows(S, new int[0], D, new int[0]);
        assertArrayEquals(want, be.download(D), "no rows: nothing changes");
    }

    @Test
    void selectRowsPicksByTheSignOfTheMask() {
        int rows = 6, cols = 9;
        float[] mask = {1f, 0f, -1f, Float.NaN, 2.5f, -0f}, a = random(rows * cols), b = random(rows * cols);
        Tensor M = be.upload(mask, rows, 1), A = be.upload(a, rows, cols), B = be.upload(b, rows, cols), O = be.allocate(rows, cols);
        float[] want = new float[rows * cols];
        for (int r = 0; r < rows; r++) System.arraycopy(mask[r] > 0 ? a : b, r * cols, want, r * cols, cols);
        be.selectRows(M, A, B, O);
        assertArrayEquals(want, be.download(O));
        be.selectRows(M, A, B, B); // out may be b
        assertArrayEquals(want, be.download(B));
        Tensor A2 = be.upload(a, rows, cols), B2 = be.upload(b, rows, cols);
        be.selectRows(M, A2, B2, A2); // or a
        assertArrayEquals(want, be.download(A2));
    }

    @Test
    void elementwiseOpsRefuseMismatchedShapes() {
        Tensor x = be.allocate(3, 4), y = be.allocate(4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> be.reluForward(x, y));
        assertTrue(e.getMessage().contains("[3, 4]") && e.getMessage().contains("[4, 3]"), e.getMessage());
        Tensor bias = be.allocate(1, 5);
        e = assertThrows(IllegalArgumentException.class, () -> be.addBias(x, bias));
        assertTrue(e.getMessage().contains("[1, 5]") && e.getMessage().contains("[3, 4]"), e.getMessage());
    }

    @ParameterizedTest
    @CsvSource({"1,1", "5,17", "50,1000", "3,70001", "1001,3"})
    void biasAndSums(int rows, int cols) {
        float[] x = random(rows * cols), bias = random(cols), out = random(cols);
        Tensor X = be.upload(x, rows, cols), Bt = be.upload(bias, 1, cols);
        be.addBias(X, Bt);
        float[] want = x.clone();
        Bias.addRowsScalar(rows, cols, want, 0, cols, bias, 0);
        close(want, be.download(X), 0, 0, "addBias");

        Tensor O = be.upload(out, 1, cols);
        be.columnSums(X, 0.5f, O);
        float[] wantCols = out.clone();
        Bias.columnSumsScalar(rows, cols, want, 0, cols, 0.5f, wantCols, 0);
        close(wantCols, be.download(O), 1e-6 * rows, 1e-5, "columnSums");

        Tensor R = be.allocate(rows, 1);
        be.rowSums(X, R);
        float[] wantRows = new float[rows];
        Bias.rowSumsScalar(rows, cols, want, 0, cols, wantRows, 0);
        close(wantRows, be.download(R), 1e-6 * cols, 1e-5, "rowSums");
    }

    @Test
    void axpyActivations() {
        int n = 100_003;
        float[] x = random(n), dy = random(n), y0 = random(n);
        Tensor X = be.upload(x, 1, n), DY = be.upload(dy, 1, n), Y = be.upload(y0, 1, n), DX = be.allocate(1, n);
        be.axpy(-0.75f, X, Y);
        float[] got = be.download(Y);
        for (int i = 0; i < n; i++) assertEquals(y0[i] - 0.75f * x[i], got[i], 1e-6f);
        be.reluForward(X, Y);
        got = be.download(Y);
        for (int i = 0; i < n; i++) assertEquals(Math.max(x[i], 0f), got[i]);
        be.reluBackward(X, DY, DX);
        got = be.download(DX);
        for (int i = 0; i < n; i++) assertEquals(x[i] > 0 ? dy[i] : 0f, got[i]);
        be.squareForward(X, Y);
        got = be.download(Y);
        for (int i = 0; i < n; i++) assertEquals(x[i] * x[i], got[i], 1e-7f);
        be.squareBackward(X, DY, DX);
        got = be.download(DX);
        for (int i = 0; i < n; i++) assertEquals(2 * x[i] * dy[i], got[i], 1e-6f);
    }

    @ParameterizedTest
    @CsvSource({"2,1", "50,1000", "7,300", "50,17"})
    void batchNorm(int rows, int cols) {
        float[] x = random(rows * cols), gamma = random(cols), beta = random(cols), dy = random(rows * cols);
        float[] rm = random(cols), rv = new float[cols];
        for (int c = 0; c < cols; c++) rv[c] = 0.5f + Math.abs(gamma[c]);
        Tensor X = be.upload(x, rows, cols), G = be.upload(gamma, 1, cols), Bt = be.upload(beta, 1, cols);
        Tensor RM = be.upload(rm, 1, cols), RV = be.upload(rv, 1, cols), Y = be.allocate(rows, cols);
        Tensor SM = be.allocate(1, cols), SI = be.allocate(1, cols);
        be.batchNormTrain(X, G, Bt, RM, RV, 0.1f, 1e-5f, Y, SM, SI);
        float[] wy = new float[rows * cols], wrm = rm.clone(), wrv = rv.clone(), wsm = new float[cols], wsi = new float[cols];
        BatchNorm.forwardTrainScalar(rows, cols, x, 0, cols, gamma, 0, beta, 0, 0.1f, 1e-5f, wrm, 0, wrv, 0, wy, 0, cols, wsm, 0, wsi, 0);
        close(wy, be.download(Y), 1e-5, 1e-4, "batchNormTrain y");
        close(wrm, be.download(RM), 1e-6, 1e-5, "running mean");
        close(wrv, be.download(RV), 1e-6, 1e-5, "running var");

        Tensor DY = be.upload(dy, rows, cols), DX = be.allocate(rows, cols), DG = be.allocate(1, cols), DB = be.allocate(1, cols);
        be.batchNormBackward(X, DY, G, SM, SI, DX, DG, DB);
        float[] wdx = new float[rows * cols], wdg = new float[cols], wdb = new float[cols];
        BatchNorm.backwardScalar(rows, cols, x, 0, cols, dy, 0, cols, gamma, 0, wsm, 0, wsi, 0, wdx, 0, cols, wdg, 0, wdb, 0);
        close(wdx, be.download(DX), 1e-4, 1e-3, "batchNormBackward dx");
        close(wdg, be.download(DG), 1e-5 * rows, 1e-4, "dgamma");
        close(wdb, be.download(DB), 1e-5 * rows, 1e-4, "dbeta");

        be.batchNormEval(X, G, Bt, RM, RV, 1e-5f, Y);
        float[] we = new float[rows * cols];
        BatchNorm.forwardEvalScalar(rows, cols, x, 0, cols, gamma, 0, beta, 0, 1e-5f, wrm, 0, wrv, 0, we, 0, cols);
        close(we, be.download(Y), 1e-5, 1e-4, "batchNormEval");

        // The fused evaluation block: the bits of the separate ops on this backend, forward (in place too) and backward.
        Tensor bias = be.upload(random(cols), 1, cols), dyv = be.upload(random(rows * cols), rows, cols);
        Tensor sep = be.allocate(rows, cols), fused = be.allocate(rows, cols), zeros = be.allocate(1, cols);
        be.copy(X, sep);
        be.addBias(sep, bias);
        be.batchNormEval(sep, G, Bt, RM, RV, 1e-5f, sep);
        Tensor bnOut = be.allocate(rows, cols);
        be.copy(sep, bnOut);
        be.reluForward(sep, sep);
        be.biasBatchNormReluEval(X, bias, G, Bt, RM, RV, 1e-5f, fused);
        assertArrayEquals(be.download(sep), be.download(fused), "biasBatchNormReluEval");
        be.copy(X, fused);
        be.biasBatchNormReluEval(fused, bias, G, Bt, RM, RV, 1e-5f, fused);
        assertArrayEquals(be.download(sep), be.download(fused), "biasBatchNormReluEval in place");
        Tensor d1 = be.allocate(rows, cols), wantDx = be.allocate(rows, cols), dx = be.allocate(rows, cols);
        be.reluBackward(bnOut, dyv, d1);
        be.batchNormEval(d1, G, zeros, zeros, RV, 1e-5f, wantDx);
        be.batchNormReluEvalBackward(sep, dyv, G, RV, 1e-5f, dx);
        assertArrayEquals(be.download(wantDx), be.download(dx), "batchNormReluEvalBackward");
    }

    @Test
    void quadraticReadout() {
        int n = 37, h = 29;
        float[] hv = random(n * h), dl = random(n);
        Tensor H = be.upload(hv, n, h), W = be.upload(new float[] {0.25f}, 1, 1), Bt = be.upload(new float[] {-1.5f}, 1, 1);
        Tensor S = be.allocate(n, 1), L = be.allocate(n, 1);
        be.quadReadoutForward(H, W, Bt, S, L);
        float[] s = new float[n];
        Bias.rowSumsScalar(n, h, hv, 0, h, s, 0);
        float[] wl = new float[n];
        for (int r = 0; r < n; r++) wl[r] = 0.25f * s[r] - 1.5f;
        close(wl, be.download(L), 1e-5, 1e-5, "logit");

        Tensor DL = be.upload(dl, n, 1), DH = be.allocate(n, h), DW = be.allocate(1, 1), DB = be.allocate(1, 1);
        be.quadReadoutBackward(DL, S, W, DH, DW, DB);
        double dw = 0, db = 0;
        for (int r = 0; r < n; r++) {
            dw += dl[r] * s[r];
            db += dl[r];
        }
        close(new float[] {(float) dw}, be.download(DW), 1e-5, 1e-5, "dw");
        close(new float[] {(float) db}, be.download(DB), 1e-5, 1e-5, "db");
        float[] dh = be.download(DH);
        for (int r = 0; r < n; r++) for (int j = 0; j < h; j++) assertEquals(0.25f * dl[r], dh[r * h + j], 1e-7f);
    }

    @ParameterizedTest
    @CsvSource({"1", "50", "4097", "10000"})
    void bce(int n) {
        float[] logits = new float[n], labels = new float[n];
        for (int i = 0; i < n; i++) {
            logits[i] = (float) (rng.nextDouble() * 40 - 20);
            labels[i] = rng.nextBoolean() ? 1f : 0f;
        }
        Tensor L = be.upload(logits, n, 1), Y = be.upload(labels, n, 1), G = be.allocate(n, 1);
        double loss = be.bceWithLogits(L, Y, G);
        float[] wg = new float[n];
        double want = Bce.withLogitsScalar(n, logits, 0, labels, 0, wg, 0, 1f / n) / n;
        assertEquals(want, loss, 1e-6 * Math.max(1, Math.abs(want)));
        close(wg, be.download(G), 1e-7, 1e-5, "bce grad");
        assertEquals(loss, be.bceWithLogits(L, Y, null), 0.0, "loss without gradient");
    }

    @Test
    void adam() {
        int n = 70_001;
        float[] p = random(n), g = random(n), m = random(n), v = new float[n];
        for (int i = 0; i < n; i++) v[i] = Math.abs(g[i]);
        Tensor P = be.upload(p, 1, n), G = be.upload(g, 1, n), M = be.upload(m, 1, n), V = be.upload(v, 1, n);
        be.adamStep(P, G, M, V, 1e-3f, 0.9f, 0.999f, 1e-8f, 3);
        Adam.stepScalar(n, p, 0, g, 0, m, 0, v, 0, 1e-3f, 0.9f, 0.999f, 1e-8f, 3);
        close(p, be.download(P), 1e-7, 1e-5, "param");
        close(m, be.download(M), 1e-7, 1e-5, "m");
        close(v, be.download(V), 1e-7, 1e-5, "v");
    }

    @Test
    void rowNormsAndRescale() {
        int rows = 33, cols = 500;
        float[] x = random(rows * cols), target = new float[rows];
        for (int r = 0; r < rows; r++) target[r] = r % 2 == 0 ? 1f : 1.3f;
        Tensor X = be.upload(x, rows, cols), N = be.allocate(rows, 1), T = be.upload(target, rows, 1);
        be.rowNorms(X, N);
        float[] wn = new float[rows];
        RowNorms.normsScalar(rows, cols, x, 0, cols, wn, 0);
        close(wn, be.download(N), 1e-6, 1e-5, "rowNorms");
        be.rescaleRows(X, T);
        be.rowNorms(X, N);
        close(target, be.download(N), 1e-6, 1e-5, "norms after rescale");
    }

    @Test
    void samplingIsAddressedBySeedStreamAndIndex() {
        Tensor all = be.allocate(10, 1000), part = be.allocate(3, 1000);
        be.gaussian(7, 2, 0, all);
        be.gaussian(7, 2, 4000, part);
        float[] a = be.download(all), p = be.download(part);
        for (int i = 0; i < p.length; i++) assertEquals(a[4000 + i], p[i], "gaussian " + (4000 + i));
        double mean = 0, var = 0;
        for (float v : a) mean += v;
        mean /= a.length;
        for (float v : a) var += (v - mean) * (v - mean);
        var /= a.length;
        assertEquals(0, mean, 0.05);
        assertEquals(1, var, 0.05);
        be.uniform(7, 3, 0, all);
        for (float v : be.download(all)) assertTrue(v >= 0f && v < 1f, "uniform " + v);
    }

    @Test
    void spheresSamplesAreOnTheirSphereAndAddressedByIndex() {
        int n = 1000, d = 37;
        Tensor x = be.allocate(n, d), y = be.allocate(n, 1), norms = be.allocate(n, 1);
        be.sampleSpheres(11, 4, 0, 1f, 1.3f, 0.5, x, y);
        be.rowNorms(x, norms);
        float[] lab = be.download(y), nv = be.download(norms);
        int outer = 0;
        for (int i = 0; i < n; i++) {
            assertTrue(lab[i] == 0f || lab[i] == 1f, "label " + lab[i]);
            assertEquals(lab[i] == 1f ? 1.3f : 1f, nv[i], 1e-5f, "norm of sample " + i);
            outer += (int) lab[i];
        }
        assertEquals(500, outer, 60, "outer fraction of 1000 (binomial sd 16)");
        Tensor part = be.allocate(7, d), partY = be.allocate(7, 1);
        be.sampleSpheres(11, 4, 333, 1f, 1.3f, 0.5, part, partY);
        float[] all = be.download(x), p = be.download(part), py = be.download(partY);
        for (int i = 0; i < p.length; i++) assertEquals(all[333 * d + i], p[i], "x of sample " + (333 + i / d));
        for (int i = 0; i < 7; i++) assertEquals(lab[333 + i], py[i]);
        long[] idx = {999, 0, 333, 5};
        Tensor picked = be.allocate(4, d), pickedY = be.allocate(4, 1);
        be.sampleSpheres(11, 4, idx, 1f, 1.3f, 0.5, picked, pickedY);
        float[] pk = be.download(picked), pky = be.download(pickedY);
        for (int r = 0; r < 4; r++) {
            assertEquals(lab[(int) idx[r]], pky[r], "label of sample " + idx[r]);
            for (int c = 0; c < d; c++) assertEquals(all[(int) idx[r] * d + c], pk[r * d + c], "sample " + idx[r]);
        }
        be.sampleSpheres(11, 4, 0, 1f, 1.3f, 0.0, x, null);
        be.rowNorms(x, norms);
        for (float v : be.download(norms)) assertEquals(1f, v, 1e-5f);
    }
}
