package spheres.engine.cpu;

import spheres.engine.Backend;
import spheres.engine.Shapes;
import spheres.engine.Tensor;
import spheres.kernels.Adam;
import spheres.kernels.BatchNorm;
import spheres.kernels.Bce;
import spheres.kernels.Bias;
import spheres.kernels.Gaussian;
import spheres.kernels.Gemm;
import spheres.kernels.Relu;
import spheres.kernels.RowNorms;
import spheres.kernels.Simd;
import spheres.kernels.Square;
import spheres.kernels.Uniform;

/**
 * The CPU backend: the {@code kernels} loops run by a fixed pool of threads.
 *
 * <p>How work is cut never depends on the thread count where it could change a bit: elementwise and row-wise ops
 * touch each element once; column-wise ops keep every column whole; reductions are summed over fixed-size chunks
 * in chunk order; and the gemm kernel gives every element of C the same bits whatever block of C it is asked for.
 * So 1 thread and N threads give identical results.
 */
public final class CpuBackend implements Backend {
    /** Elements per block of an elementwise job; small jobs run inline. */
    static final int ELEMENT_BLOCK = 1 << 15;
    /** Columns per block of a column-wise job (batch norm, column sums). */
    static final int COLUMN_BLOCK = 256;
    /** Elements per chunk of a reduction; partial sums are added in chunk order. */
    static final int REDUCE_CHUNK = 4096;
    /** Below this many multiply-adds a gemm runs on the calling thread. */
    static final long GEMM_INLINE_FLOPS = 1L << 18;

    private final WorkerPool pool;
    private final ThreadLocal<Gemm.Workspace> workspaces = ThreadLocal.withInitial(Gemm.Workspace::new);

    /** A backend with one thread per available core. */
    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public CpuBackend(int threads) {
        this.pool = new WorkerPool(threads);
    }

    public int threads() {
        return pool.threads();
    }

    @Override
    public String name() {
        return "cpu (" + threads() + (threads() == 1 ? " thread, " : " threads, ")
                + (Simd.ENABLED ? Simd.F.length() + "-lane SIMD)" : "scalar)");
    }

    private CpuTensor t(Tensor x) {
        if (x instanceof CpuTensor && x.backend() == this) return (CpuTensor) x;
        throw new IllegalArgumentException(x + " does not belong to this backend (" + name() + ")");
    }

    private static float[] d(Tensor x) {
        return ((CpuTensor) x).data;
    }

    // ---- work splitting ----

    /** Runs {@code body(start, length)} over {@code [0, n)} in blocks of {@code block}. */
    private void blocks(int n, int block, RangeBody body) {
        int count = (n + block - 1) / block;
        pool.run(count, i -> {
            int start = i * block;
            body.run(start, Math.min(block, n - start));
        });
    }

    @FunctionalInterface
    private interface RangeBody {
        void run(int start, int length);
    }

    private int rowBlock(int cols) {
        return Math.max(1, ELEMENT_BLOCK / Math.max(1, cols));
    }

    // ---- memory ----

    @Override
    public Tensor allocate(int rows, int cols) {
        return new CpuTensor(this, rows, cols);
    }

    @Override
    public Tensor upload(float[] data, int rows, int cols) {
        CpuTensor x = new CpuTensor(this, rows, cols);
        Shapes.data("upload", data, x.size());
        System.arraycopy(data, 0, x.data, 0, x.size());
        return x;
    }

    @Override
    public void write(float[] src, Tensor dst) {
        Shapes.data("write", src, dst.size());
        System.arraycopy(src, 0, t(dst).data, 0, dst.size());
    }

    @Override
    public void read(Tensor src, float[] dst) {
        Shapes.data("read", dst, src.size());
        System.arraycopy(t(src).data, 0, dst, 0, src.size());
    }

    @Override
    public void copy(Tensor src, Tensor dst) {
        Shapes.same("copy", src, dst);
        System.arraycopy(t(src).data, 0, t(dst).data, 0, src.size());
    }

    @Override
    public void fill(Tensor x, float value) {
        java.util.Arrays.fill(t(x).data, value);
    }

    // ---- linear algebra ----

    @Override
    public void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        t(a); t(b); t(c);
        Shapes.gemm(transA, transB, a, b, c);
        int m = c.rows, n = c.cols, k = transA ? a.rows : a.cols;
        float[] A = d(a), B = d(b), C = d(c);
        int lda = a.cols, ldb = b.cols, ldc = c.cols;
        int threads = threads();
        if (threads == 1 || (long) m * n * k < GEMM_INLINE_FLOPS) {
            Gemm.gemm(transA, transB, m, n, k, alpha, A, 0, lda, B, 0, ldb, beta, C, 0, ldc, workspaces.get());
            return;
        }
        if (n >= m) { // column blocks: B and C shift right
            int width = roundUp((n + threads - 1) / threads, 64);
            blocks(n, width, (j0, w) -> Gemm.gemm(transA, transB, m, w, k, alpha, A, 0, lda,
                    B, transB ? j0 * ldb : j0, ldb, beta, C, j0, ldc, workspaces.get()));
        } else { // row blocks: A and C shift down
            int height = roundUp((m + threads - 1) / threads, 16);
            blocks(m, height, (i0, h) -> Gemm.gemm(transA, transB, h, n, k, alpha, A, transA ? i0 : i0 * lda, lda,
                    B, 0, ldb, beta, C, i0 * ldc, ldc, workspaces.get()));
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    @Override
    public void addBias(Tensor x, Tensor bias) {
        t(x); t(bias);
        Shapes.rowVector("addBias", "bias", bias, x);
        int cols = x.cols;
        blocks(x.rows, rowBlock(cols), (r0, nr) -> Bias.addRows(nr, cols, d(x), r0 * cols, cols, d(bias), 0));
    }

    @Override
    public void columnSums(Tensor x, float beta, Tensor out) {
        t(x); t(out);
        Shapes.rowVector("columnSums", "out", out, x);
        int cols = x.cols;
        blocks(cols, COLUMN_BLOCK, (c0, nc) -> Bias.columnSums(x.rows, nc, d(x), c0, cols, beta, d(out), c0));
    }

    @Override
    public void rowSums(Tensor x, Tensor out) {
        t(x); t(out);
        Shapes.columnVector("rowSums", "out", out, x);
        int cols = x.cols;
        blocks(x.rows, rowBlock(cols), (r0, nr) -> Bias.rowSums(nr, cols, d(x), r0 * cols, cols, d(out), r0));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        t(x); t(y);
        Shapes.same("axpy", x, y);
        float[] X = d(x), Y = d(y);
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> {
            for (int i = s; i < s + n; i++) Y[i] += alpha * X[i];
        });
    }

    // ---- activations ----

    @Override
    public void reluForward(Tensor x, Tensor y) {
        t(x); t(y);
        Shapes.same("reluForward", x, y);
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Relu.forward(n, d(x), s, d(y), s));
    }

    @Override
    public void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        t(x); t(dy); t(dx);
        Shapes.same("reluBackward", x, dy);
        Shapes.same("reluBackward", x, dx);
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Relu.backward(n, d(x), s, d(dy), s, d(dx), s));
    }

    @Override
    public void squareForward(Tensor x, Tensor y) {
        t(x); t(y);
        Shapes.same("squareForward", x, y);
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Square.forward(n, d(x), s, d(y), s));
    }

    @Override
    public void squareBackward(Tensor x, Tensor dy, Tensor dx) {
        t(x); t(dy); t(dx);
        Shapes.same("squareBackward", x, dy);
        Shapes.same("squareBackward", x, dx);
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Square.backward(n, d(x), s, d(dy), s, d(dx), s));
    }

    // ---- batch norm ----

    private static void batchNormShapes(String op, Tensor x, Tensor... perColumn) {
        for (Tensor p : perColumn) Shapes.rowVector(op, "a per-column tensor", p, x);
    }

    @Override
    public void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float momentum,
                               float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        t(x); t(gamma); t(beta); t(runMean); t(runVar); t(y); t(saveMean); t(saveInvStd);
        Shapes.same("batchNormTrain", x, y);
        batchNormShapes("batchNormTrain", x, gamma, beta, runMean, runVar, saveMean, saveInvStd);
        int cols = x.cols;
        blocks(cols, COLUMN_BLOCK, (c0, nc) -> BatchNorm.forwardTrain(x.rows, nc, d(x), c0, cols,
                d(gamma), c0, d(beta), c0, momentum, eps, d(runMean), c0, d(runVar), c0,
                d(y), c0, cols, d(saveMean), c0, d(saveInvStd), c0));
    }

    @Override
    public void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float eps, Tensor y) {
        t(x); t(gamma); t(beta); t(runMean); t(runVar); t(y);
        Shapes.same("batchNormEval", x, y);
        batchNormShapes("batchNormEval", x, gamma, beta, runMean, runVar);
        int cols = x.cols;
        // Evaluation batches are tall (thousands of rows): cut by rows, each row block sees whole columns' stats.
        blocks(x.rows, rowBlock(cols), (r0, nr) -> BatchNorm.forwardEval(nr, cols, d(x), r0 * cols, cols,
                d(gamma), 0, d(beta), 0, eps, d(runMean), 0, d(runVar), 0, d(y), r0 * cols, cols));
    }

    @Override
    public void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                  Tensor dx, Tensor dGamma, Tensor dBeta) {
        t(x); t(dy); t(gamma); t(saveMean); t(saveInvStd); t(dx); t(dGamma); t(dBeta);
        Shapes.same("batchNormBackward", x, dy);
        Shapes.same("batchNormBackward", x, dx);
        batchNormShapes("batchNormBackward", x, gamma, saveMean, saveInvStd, dGamma, dBeta);
        int cols = x.cols;
        blocks(cols, COLUMN_BLOCK, (c0, nc) -> BatchNorm.backward(x.rows, nc, d(x), c0, cols, d(dy), c0, cols,
                d(gamma), c0, d(saveMean), c0, d(saveInvStd), c0, d(dx), c0, cols, d(dGamma), c0, d(dBeta), c0));
    }

    // ---- quadratic readout ----

    @Override
    public void quadReadoutForward(Tensor h, Tensor w, Tensor b, Tensor s, Tensor logit) {
        t(h); t(w); t(b); t(s); t(logit);
        Shapes.scalar("quadReadoutForward", "w", w);
        Shapes.scalar("quadReadoutForward", "b", b);
        Shapes.columnVector("quadReadoutForward", "s", s, h);
        Shapes.columnVector("quadReadoutForward", "logit", logit, h);
        rowSums(h, s);
        float wv = d(w)[0], bv = d(b)[0];
        float[] S = d(s), L = d(logit);
        for (int r = 0; r < h.rows; r++) L[r] = wv * S[r] + bv;
    }

    @Override
    public void quadReadoutBackward(Tensor dlogit, Tensor s, Tensor w, Tensor dh, Tensor dw, Tensor db) {
        t(dlogit); t(s); t(w); t(dh); t(dw); t(db);
        Shapes.columnVector("quadReadoutBackward", "dlogit", dlogit, dh);
        Shapes.columnVector("quadReadoutBackward", "s", s, dh);
        Shapes.scalar("quadReadoutBackward", "w", w);
        Shapes.scalar("quadReadoutBackward", "dw", dw);
        Shapes.scalar("quadReadoutBackward", "db", db);
        float[] G = d(dlogit), S = d(s), DH = d(dh);
        float wv = d(w)[0];
        double sw = 0, sb = 0; // one pass in row order: the same on any thread count
        for (int r = 0; r < dh.rows; r++) {
            sw += (double) G[r] * S[r];
            sb += G[r];
        }
        d(dw)[0] = (float) sw;
        d(db)[0] = (float) sb;
        int cols = dh.cols;
        blocks(dh.rows, rowBlock(cols), (r0, nr) -> {
            for (int r = r0; r < r0 + nr; r++) java.util.Arrays.fill(DH, r * cols, (r + 1) * cols, wv * G[r]);
        });
    }

    // ---- loss and optimizer ----

    @Override
    public double bceWithLogits(Tensor logits, Tensor labels, Tensor grad) {
        t(logits); t(labels);
        Shapes.same("bceWithLogits", logits, labels);
        if (grad != null) {
            t(grad);
            Shapes.same("bceWithLogits", logits, grad);
        }
        int n = logits.size();
        if (n == 0) throw new IllegalArgumentException("bceWithLogits: empty batch " + logits.shape());
        float scale = 1f / n;
        float[] L = d(logits), Y = d(labels), G = grad == null ? null : d(grad);
        int chunks = (n + REDUCE_CHUNK - 1) / REDUCE_CHUNK;
        double[] partial = new double[chunks];
        blocks(n, REDUCE_CHUNK, (s, len) -> partial[s / REDUCE_CHUNK] = Bce.withLogits(len, L, s, Y, s, G, s, scale));
        double sum = 0;
        for (double p : partial) sum += p;
        return sum / n;
    }

    @Override
    public void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, long t) {
        t(param); t(grad); t(m); t(v);
        Shapes.same("adamStep", param, grad);
        Shapes.same("adamStep", param, m);
        Shapes.same("adamStep", param, v);
        if (t < 1) throw new IllegalArgumentException("adamStep: step t = " + t + ", must be >= 1");
        blocks(param.size(), ELEMENT_BLOCK, (s, n) ->
                Adam.step(n, d(param), s, d(grad), s, d(m), s, d(v), s, lr, beta1, beta2, eps, t));
    }

    // ---- sampling and geometry ----

    @Override
    public void gaussian(long seed, long stream, long first, Tensor out) {
        t(out);
        blocks(out.size(), ELEMENT_BLOCK, (s, n) -> Gaussian.fill(seed, stream, first + s, n, d(out), s));
    }

    @Override
    public void uniform(long seed, long stream, long first, Tensor out) {
        t(out);
        blocks(out.size(), ELEMENT_BLOCK, (s, n) -> Uniform.fill(seed, stream, first + s, n, d(out), s));
    }

    @Override
    public void sampleSpheres(long seed, long stream, long first, long[] index, float inner, float outer, double pOuter,
                               Tensor x, Tensor labels) {
        t(x);
        if (labels != null) {
            t(labels);
            Shapes.columnVector("sampleSpheres", "labels", labels, x);
        }
        if (!(pOuter >= 0 && pOuter <= 1)) throw new IllegalArgumentException("sampleSpheres: pOuter = " + pOuter + ", must be in [0, 1]");
        int d = x.cols;
        float[] X = d(x), Y = labels == null ? null : d(labels);
        blocks(x.rows, rowBlock(d), (r0, nr) -> {
            float[] radius = new float[nr];
            if (index == null) {
                Gaussian.fill(seed, 2 * stream, (first + r0) * d, nr * d, X, r0 * d);
                Uniform.fill(seed, 2 * stream + 1, first + r0, nr, radius, 0);
            } else {
                for (int i = 0; i < nr; i++) {
                    long s = index[r0 + i];
                    Gaussian.fill(seed, 2 * stream, s * d, d, X, (r0 + i) * d);
                    Uniform.fill(seed, 2 * stream + 1, s, 1, radius, i);
                }
            }
            for (int i = 0; i < nr; i++) {
                boolean out = radius[i] < pOuter;
                if (Y != null) Y[r0 + i] = out ? 1f : 0f;
                radius[i] = out ? outer : inner;
            }
            RowNorms.rescale(nr, d, X, r0 * d, d, radius, 0);
        });
    }

    @Override
    public void rowNorms(Tensor x, Tensor out) {
        t(x); t(out);
        Shapes.columnVector("rowNorms", "out", out, x);
        int cols = x.cols;
        blocks(x.rows, rowBlock(cols), (r0, nr) -> RowNorms.norms(nr, cols, d(x), r0 * cols, cols, d(out), r0));
    }

    @Override
    public void rescaleRows(Tensor x, Tensor norms) {
        t(x); t(norms);
        Shapes.columnVector("rescaleRows", "norms", norms, x);
        int cols = x.cols;
        blocks(x.rows, rowBlock(cols), (r0, nr) -> RowNorms.rescale(nr, cols, d(x), r0 * cols, cols, d(norms), r0));
    }

    @Override
    public void close() {
        pool.close();
    }
}
