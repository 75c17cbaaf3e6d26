package spheres.engine.cpu;

import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.kernels.Adam;
import spheres.kernels.Axpy;
import spheres.kernels.BatchNorm;
import spheres.kernels.BiasBatchNormRelu;
import spheres.kernels.Bce;
import spheres.kernels.Bias;
import spheres.kernels.Gaussian;
import spheres.kernels.Gemm;
import spheres.kernels.QuadReadout;
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
public final class CpuBackend extends Backend {
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

    /** The array of a tensor that {@link Backend} checked is ours. */
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
    protected Tensor doUpload(float[] data, int rows, int cols) {
        CpuTensor x = new CpuTensor(this, rows, cols);
        System.arraycopy(data, 0, x.data, 0, x.size());
        return x;
    }

    @Override
    protected void doWrite(float[] src, Tensor dst) {
        System.arraycopy(src, 0, d(dst), 0, dst.size());
    }

    @Override
    protected void doRead(Tensor src, float[] dst) {
        System.arraycopy(d(src), 0, dst, 0, src.size());
    }

    @Override
    protected void doCopy(Tensor src, Tensor dst) {
        System.arraycopy(d(src), 0, d(dst), 0, src.size());
    }

    @Override
    protected void doFill(Tensor x, float value) {
        java.util.Arrays.fill(d(x), value);
    }

    @Override
    protected void doCopyRows(Tensor src, int[] from, Tensor dst, int[] to) {
        int cols = src.cols;
        float[] S = d(src), D = d(dst);
        for (int j = 0; j < from.length; j++) System.arraycopy(S, from[j] * cols, D, to[j] * cols, cols);
    }

    @Override
    protected void doSelectRows(Tensor mask, Tensor a, Tensor b, Tensor out) {
        int cols = a.cols;
        float[] M = d(mask), A = d(a), B = d(b), O = d(out);
        for (int r = 0; r < a.rows; r++) {
            float[] from = M[r] > 0 ? A : B;
            if (from != O) System.arraycopy(from, r * cols, O, r * cols, cols);
        }
    }

    // ---- linear algebra ----

    @Override
    protected void doGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        int m = c.rows, n = c.cols, k = transA ? a.rows : a.cols;
        float[] A = d(a), B = d(b), C = d(c);
        int lda = a.cols, ldb = b.cols, ldc = c.cols;
        int threads = threads();
        CpuTensor kept = b.isFrozen() ? (CpuTensor) b : null; // a frozen B's panels are packed once, then reused
        if (threads == 1 || (long) m * n * k < GEMM_INLINE_FLOPS) {
            Gemm.gemm(transA, transB, m, n, k, alpha, A, 0, lda, B, 0, ldb, beta, C, 0, ldc, workspaces.get(),
                    kept == null ? null : kept.panels(Gemm.plan(transA, transB, m, k), transB));
            return;
        }
        // Column blocks where B is packed per call: each thread packs only its columns of B (and all of A). A frozen B's
        // panels are packed once, so there rows: each thread packs only its rows of A and reads the same panels.
        if (n >= m && kept == null) { // column blocks: B and C shift right
            int width = roundUp((n + threads - 1) / threads, 64);
            blocks(n, width, (j0, w) -> Gemm.gemm(transA, transB, m, w, k, alpha, A, 0, lda,
                    B, transB ? j0 * ldb : j0, ldb, beta, C, j0, ldc, workspaces.get()));
        } else { // row blocks: A and C shift down; each thread reads the same panels of B
            int height = roundUp((m + threads - 1) / threads, 16);
            blocks(m, height, (i0, h) -> Gemm.gemm(transA, transB, h, n, k, alpha, A, transA ? i0 : i0 * lda, lda,
                    B, 0, ldb, beta, C, i0 * ldc, ldc, workspaces.get(),
                    kept == null ? null : kept.panels(Gemm.plan(transA, transB, h, k), transB)));
        }
    }

    @Override
    protected void held(Tensor t) {
        ((CpuTensor) t).panels = new java.util.concurrent.ConcurrentHashMap<>();
    }

    @Override
    protected void released(Tensor t) {
        ((CpuTensor) t).panels = null;
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    @Override
    protected void doAddBias(Tensor x, Tensor bias) {
        int cols = x.cols;
        blocks(x.rows, rowBlock(cols), (r0, nr) -> Bias.addRows(nr, cols, d(x), r0 * cols, cols, d(bias), 0));
    }

    @Override
    protected void doColumnSums(Tensor x, float beta, Tensor out) {
        int cols = x.cols;
        blocks(cols, COLUMN_BLOCK, (c0, nc) -> Bias.columnSums(x.rows, nc, d(x), c0, cols, beta, d(out), c0));
    }

    @Override
    protected void doRowSums(Tensor x, Tensor out) {
        int cols = x.cols;
        blocks(x.rows, rowBlock(cols), (r0, nr) -> Bias.rowSums(nr, cols, d(x), r0 * cols, cols, d(out), r0));
    }

    @Override
    protected void doAxpy(float alpha, Tensor x, Tensor y) {
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Axpy.axpy(n, alpha, d(x), s, d(y), s));
    }

    // ---- activations ----

    @Override
    protected void doReluForward(Tensor x, Tensor y) {
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Relu.forward(n, d(x), s, d(y), s));
    }

    @Override
    protected void doReluBackward(Tensor x, Tensor dy, Tensor dx) {
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Relu.backward(n, d(x), s, d(dy), s, d(dx), s));
    }

    @Override
    protected void doSquareForward(Tensor x, Tensor y) {
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Square.forward(n, d(x), s, d(y), s));
    }

    @Override
    protected void doSquareBackward(Tensor x, Tensor dy, Tensor dx) {
        blocks(x.size(), ELEMENT_BLOCK, (s, n) -> Square.backward(n, d(x), s, d(dy), s, d(dx), s));
    }

    // ---- batch norm ----

    @Override
    protected void doBatchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float momentum,
                                    float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int cols = x.cols;
        blocks(cols, COLUMN_BLOCK, (c0, nc) -> BatchNorm.forwardTrain(x.rows, nc, d(x), c0, cols,
                d(gamma), c0, d(beta), c0, momentum, eps, d(runMean), c0, d(runVar), c0,
                d(y), c0, cols, d(saveMean), c0, d(saveInvStd), c0));
    }

    @Override
    protected void doBatchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float eps, Tensor y) {
        int cols = x.cols;
        // Evaluation batches are tall (thousands of rows): cut by rows, each row block sees whole columns' stats.
        blocks(x.rows, rowBlock(cols), (r0, nr) -> BatchNorm.forwardEval(nr, cols, d(x), r0 * cols, cols,
                d(gamma), 0, d(beta), 0, eps, d(runMean), 0, d(runVar), 0, d(y), r0 * cols, cols));
    }

    @Override
    protected void doBiasBatchNormReluEval(Tensor x, Tensor bias, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar,
                                           float eps, Tensor y) {
        int cols = x.cols;
        float[] scale = BiasBatchNormRelu.scales(cols, d(gamma), d(runVar), eps);
        blocks(x.rows, rowBlock(cols), (r0, nr) -> BiasBatchNormRelu.forwardEval(nr, cols, d(x), r0 * cols, d(bias), scale,
                d(beta), d(runMean), d(y), r0 * cols));
    }

    @Override
    protected void doBatchNormReluEvalBackward(Tensor y, Tensor dy, Tensor gamma, Tensor runVar, float eps, Tensor dx) {
        int cols = y.cols;
        float[] scale = BiasBatchNormRelu.scales(cols, d(gamma), d(runVar), eps);
        blocks(y.rows, rowBlock(cols), (r0, nr) -> BiasBatchNormRelu.backwardEval(nr, cols, d(y), r0 * cols, d(dy), r0 * cols,
                scale, d(dx), r0 * cols));
    }

    @Override
    protected void doBatchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                       Tensor dx, Tensor dGamma, Tensor dBeta) {
        int cols = x.cols;
        blocks(cols, COLUMN_BLOCK, (c0, nc) -> BatchNorm.backward(x.rows, nc, d(x), c0, cols, d(dy), c0, cols,
                d(gamma), c0, d(saveMean), c0, d(saveInvStd), c0, d(dx), c0, cols, d(dGamma), c0, d(dBeta), c0));
    }

    // ---- quadratic readout ----

    @Override
    protected void doQuadReadoutForward(Tensor h, Tensor w, Tensor b, Tensor s, Tensor logit) {
        int cols = h.cols;
        float wv = d(w)[0], bv = d(b)[0];
        blocks(h.rows, rowBlock(cols), (r0, nr) ->
                QuadReadout.forward(nr, cols, d(h), r0 * cols, cols, wv, bv, d(s), r0, d(logit), r0));
    }

    @Override
    protected void doQuadReadoutBackward(Tensor dlogit, Tensor s, Tensor w, Tensor dh, Tensor dw, Tensor db) {
        QuadReadout.paramGradients(dh.rows, d(dlogit), 0, d(s), 0, d(dw), 0, d(db), 0); // one pass in row order: any thread count
        int cols = dh.cols;
        float wv = d(w)[0];
        blocks(dh.rows, rowBlock(cols), (r0, nr) -> QuadReadout.inputGradient(nr, cols, d(dlogit), r0, wv, d(dh), r0 * cols, cols));
    }

    // ---- loss and optimizer ----

    @Override
    protected double doBceWithLogits(Tensor logits, Tensor labels, Tensor grad) {
        int n = logits.size();
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
    protected void doAdamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, long t) {
        blocks(param.size(), ELEMENT_BLOCK, (s, n) ->
                Adam.step(n, d(param), s, d(grad), s, d(m), s, d(v), s, lr, beta1, beta2, eps, t));
    }

    // ---- sampling and geometry ----

    @Override
    protected void doGaussian(long seed, long stream, long first, Tensor out) {
        blocks(out.size(), ELEMENT_BLOCK, (s, n) -> Gaussian.fill(seed, stream, first + s, n, d(out), s));
    }

    @Override
    protected void doUniform(long seed, long stream, long first, Tensor out) {
        blocks(out.size(), ELEMENT_BLOCK, (s, n) -> Uniform.fill(seed, stream, first + s, n, d(out), s));
    }

    @Override
    protected void doSampleSpheres(long seed, long stream, long first, long[] index, float inner, float outer, double pOuter,
                                   Tensor x, Tensor labels) {
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
    protected void doRowNorms(Tensor x, Tensor out) {
        int cols = x.cols;
        blocks(x.rows, rowBlock(cols), (r0, nr) -> RowNorms.norms(nr, cols, d(x), r0 * cols, cols, d(out), r0));
    }

    @Override
    protected void doRescaleRows(Tensor x, Tensor norms) {
        int cols = x.cols;
        blocks(x.rows, rowBlock(cols), (r0, nr) -> RowNorms.rescale(nr, cols, d(x), r0 * cols, cols, d(norms), r0));
    }

    @Override
    public void close() {
        pool.close();
    }
}
