package spheres.engine;

/**
 * The contract between the engine and a device: about twenty primitive ops on device tensors. Layers, models and
 * workflows are written once against it; {@code CpuBackend} and {@code OpenClBackend} are the only places that
 * know SIMD or OpenCL.
 *
 * <p>Conventions: outputs are arguments (nothing is allocated behind the caller's back, except by
 * {@link #allocate}/{@link #upload}); results are the same bits for any thread count. A backend serves one calling
 * thread.
 *
 * <p>Checks live here, once: each public op is final, checks that its tensors belong to this backend and that
 * their shapes agree (a mismatch throws {@link IllegalArgumentException} naming the op and both shapes, before
 * anything is written), then calls the backend's protected {@code do...} primitive, which may assume all of that.
 * An abstract class rather than a checking decorator: no second object to wrap and keep in step with the
 * backend, and no backend can skip a check; the hot path pays what it paid with the checks in every backend, a
 * few compares per op (nothing per element), in a final method the JIT inlines into its caller.
 */
public abstract class Backend implements AutoCloseable {

    /** Short description, e.g. {@code cpu (2 threads, 16-lane SIMD)}. */
    public abstract String name();

    /** Refuses a tensor of another backend (or another instance of this one). */
    private void mine(String op, Tensor x) {
        if (x.backend() != this) throw new IllegalArgumentException(op + ": " + x + " does not belong to this backend (" + name() + ")");
    }

    /**
     * Refuses to write a frozen tensor ({@link #freeze}): checked before any other, so nothing is written. Null
     * (an output not asked for) passes.
     */
    private static void writes(String op, Tensor... outputs) {
        for (Tensor t : outputs) {
            if (t != null && t.frozen > 0)
                throw new IllegalStateException(op + ": " + t + " is frozen (Backend.freeze): it cannot be written until its scope closes");
        }
    }

    // ---- frozen tensors ----

    /**
     * Holds these tensors constant until the returned scope closes: an op that would write one meanwhile is refused
     * ({@link IllegalStateException}, before anything is written), so a backend may keep work derived from their
     * values. The CPU backend keeps their sgemm panels packed: the weights of an evaluation or an attack are packed once
     * instead of by every product. Scopes nest; a tensor is free again when the last one holding it closes.
     */
    public final Frozen freeze(java.util.Collection<? extends Tensor> tensors) {
        java.util.List<Tensor> held = java.util.List.copyOf(tensors);
        for (Tensor t : held) mine("freeze", t);
        for (Tensor t : held) if (t.frozen++ == 0) held(t);
        return new Frozen(held);
    }

    /** A {@link #freeze} scope. Closing it again does nothing. */
    public final class Frozen implements AutoCloseable {
        private java.util.List<Tensor> held;

        private Frozen(java.util.List<Tensor> held) {
            this.held = held;
        }

        @Override
        public void close() {
            if (held == null) return;
            for (Tensor t : held) if (--t.frozen == 0) released(t);
            held = null;
        }
    }

    /** A first scope holds {@code t}: a backend may keep work derived from its values from now on. */
    protected void held(Tensor t) {}

    /** The last scope holding {@code t} has closed: drop whatever was derived from its values. */
    protected void released(Tensor t) {}

    /** t and x of this backend, t a {@code 1 x cols} row of x's width. */
    private void rowVector(String op, String what, Tensor t, Tensor x) {
        mine(op, x);
        mine(op, t);
        Shapes.rowVector(op, what, t, x);
    }

    /** t and x of this backend, t a {@code rows x 1} column of x's height. */
    private void columnVector(String op, String what, Tensor t, Tensor x) {
        mine(op, x);
        mine(op, t);
        Shapes.columnVector(op, what, t, x);
    }

    /** t of this backend and {@code 1 x 1}. */
    private void scalar(String op, String what, Tensor t) {
        mine(op, t);
        Shapes.scalar(op, what, t);
    }

    /** Tensors of this backend, all of x's shape. */
    private void elementwise(String op, Tensor x, Tensor... same) {
        mine(op, x);
        for (Tensor t : same) {
            mine(op, t);
            Shapes.same(op, x, t);
        }
    }

    /** x and y of this backend and the same shape, and each per-column tensor {@code 1 x cols}. */
    private void batchNormShapes(String op, Tensor x, Tensor y, Tensor... perColumn) {
        elementwise(op, x, y);
        for (Tensor p : perColumn) rowVector(op, "a per-column tensor", p, x);
    }

    // ---- memory ----

    /** A new zero-filled tensor. */
    public abstract Tensor allocate(int rows, int cols);

    /** A new tensor holding {@code data[0 .. rows*cols)}. */
    public final Tensor upload(float[] data, int rows, int cols) {
        Shapes.data("upload", data, (long) rows * cols);
        return doUpload(data, rows, cols);
    }

    protected abstract Tensor doUpload(float[] data, int rows, int cols);

    /** Overwrites {@code dst} with {@code src[0 .. dst.size())}. */
    public final void write(float[] src, Tensor dst) {
        writes("write", dst);
        mine("write", dst);
        Shapes.data("write", src, dst.size());
        doWrite(src, dst);
    }

    protected abstract void doWrite(float[] src, Tensor dst);

    /** Copies {@code src} into {@code dst[0 .. src.size())}. */
    public final void read(Tensor src, float[] dst) {
        mine("read", src);
        Shapes.data("read", dst, src.size());
        doRead(src, dst);
    }

    protected abstract void doRead(Tensor src, float[] dst);

    public final float[] download(Tensor t) {
        float[] out = new float[t.size()];
        read(t, out);
        return out;
    }

    public final void copy(Tensor src, Tensor dst) {
        writes("copy", dst);
        elementwise("copy", src, dst);
        doCopy(src, dst);
    }

    protected abstract void doCopy(Tensor src, Tensor dst);

    public final void fill(Tensor t, float value) {
        writes("fill", t);
        mine("fill", t);
        doFill(t, value);
    }

    protected abstract void doFill(Tensor t, float value);

    /**
     * {@code dst} row {@code to[j]} = {@code src} row {@code from[j]} for every j: gathers and scatters rows on the
     * device (the attack drops its settled rows with it). src and dst are different tensors of the same width.
     */
    public final void copyRows(Tensor src, int[] from, Tensor dst, int[] to) {
        writes("copyRows", dst);
        mine("copyRows", src);
        mine("copyRows", dst);
        if (src == dst) throw new IllegalArgumentException("copyRows: src and dst are the same tensor " + src.shape());
        if (src.cols != dst.cols)
            throw new IllegalArgumentException("copyRows: src is " + src.shape() + " and dst " + dst.shape() + ": widths differ");
        if (from.length != to.length)
            throw new IllegalArgumentException("copyRows: " + from.length + " source rows but " + to.length + " destination rows");
        Shapes.rows("copyRows", "from", from, src);
        Shapes.rows("copyRows", "to", to, dst);
        if (from.length > 0) doCopyRows(src, from, dst, to);
    }

    protected abstract void doCopyRows(Tensor src, int[] from, Tensor dst, int[] to);

    /**
     * {@code out} row r = {@code mask[r] > 0 ? a} row r {@code : b} row r (a NaN mask picks b); mask is
     * {@code rows x 1}, out may be a or b. With logits as the mask it keeps a bisection on the device.
     */
    public final void selectRows(Tensor mask, Tensor a, Tensor b, Tensor out) {
        writes("selectRows", out);
        elementwise("selectRows", a, b, out);
        columnVector("selectRows", "mask", mask, a);
        doSelectRows(mask, a, b, out);
    }

    protected abstract void doSelectRows(Tensor mask, Tensor a, Tensor b, Tensor out);

    // ---- linear algebra ----

    /** {@code C = alpha op(A) op(B) + beta C}; {@code op(X)} is {@code X^T} when its flag is set. */
    public final void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        writes("gemm", c);
        mine("gemm", a);
        mine("gemm", b);
        mine("gemm", c);
        Shapes.gemm(transA, transB, a, b, c);
        doGemm(transA, transB, alpha, a, b, beta, c);
    }

    protected abstract void doGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /** {@code x[r][c] += bias[c]}; bias is {@code 1 x cols}. */
    public final void addBias(Tensor x, Tensor bias) {
        writes("addBias", x);
        rowVector("addBias", "bias", bias, x);
        doAddBias(x, bias);
    }

    protected abstract void doAddBias(Tensor x, Tensor bias);

    /** {@code out[c] = beta out[c] + sum_r x[r][c]}; out is {@code 1 x cols}. */
    public final void columnSums(Tensor x, float beta, Tensor out) {
        writes("columnSums", out);
        rowVector("columnSums", "out", out, x);
        doColumnSums(x, beta, out);
    }

    protected abstract void doColumnSums(Tensor x, float beta, Tensor out);

    /** {@code out[r] = sum_c x[r][c]}; out is {@code rows x 1}. */
    public final void rowSums(Tensor x, Tensor out) {
        writes("rowSums", out);
        columnVector("rowSums", "out", out, x);
        doRowSums(x, out);
    }

    protected abstract void doRowSums(Tensor x, Tensor out);

    /** {@code y += alpha x}. */
    public final void axpy(float alpha, Tensor x, Tensor y) {
        writes("axpy", y);
        elementwise("axpy", x, y);
        doAxpy(alpha, x, y);
    }

    protected abstract void doAxpy(float alpha, Tensor x, Tensor y);

    // ---- activations ----

    public final void reluForward(Tensor x, Tensor y) {
        writes("reluForward", y);
        elementwise("reluForward", x, y);
        doReluForward(x, y);
    }

    protected abstract void doReluForward(Tensor x, Tensor y);

    /** {@code dx = x > 0 ? dy : 0}; dx may be dy. */
    public final void reluBackward(Tensor x, Tensor dy, Tensor dx) {
        writes("reluBackward", dx);
        elementwise("reluBackward", x, dy, dx);
        doReluBackward(x, dy, dx);
    }

    protected abstract void doReluBackward(Tensor x, Tensor dy, Tensor dx);

    public final void squareForward(Tensor x, Tensor y) {
        writes("squareForward", y);
        elementwise("squareForward", x, y);
        doSquareForward(x, y);
    }

    protected abstract void doSquareForward(Tensor x, Tensor y);

    /** {@code dx = 2 x dy}; dx may be dy. */
    public final void squareBackward(Tensor x, Tensor dy, Tensor dx) {
        writes("squareBackward", dx);
        elementwise("squareBackward", x, dy, dx);
        doSquareBackward(x, dy, dx);
    }

    protected abstract void doSquareBackward(Tensor x, Tensor dy, Tensor dx);

    // ---- batch norm (per column, over the rows of a batch) ----

    public final void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float momentum,
                                     float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        writes("batchNormTrain", y, runMean, runVar, saveMean, saveInvStd);
        batchNormShapes("batchNormTrain", x, y, gamma, beta, runMean, runVar, saveMean, saveInvStd);
        doBatchNormTrain(x, gamma, beta, runMean, runVar, momentum, eps, y, saveMean, saveInvStd);
    }

    protected abstract void doBatchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar,
                                             float momentum, float eps, Tensor y, Tensor saveMean, Tensor saveInvStd);

    public final void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float eps, Tensor y) {
        writes("batchNormEval", y);
        batchNormShapes("batchNormEval", x, y, gamma, beta, runMean, runVar);
        doBatchNormEval(x, gamma, beta, runMean, runVar, eps, y);
    }

    protected abstract void doBatchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float eps, Tensor y);

    /**
     * The hidden block of an evaluation or attack forward, {@code y = relu(bn_eval(x + bias))}, in one pass; y may be x.
     * The same bits as {@link #addBias}, {@link #batchNormEval} and {@link #reluForward} in turn.
     */
    public final void biasBatchNormReluEval(Tensor x, Tensor bias, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar,
                                            float eps, Tensor y) {
        writes("biasBatchNormReluEval", y);
        batchNormShapes("biasBatchNormReluEval", x, y, bias, gamma, beta, runMean, runVar);
        doBiasBatchNormReluEval(x, bias, gamma, beta, runMean, runVar, eps, y);
    }

    protected abstract void doBiasBatchNormReluEval(Tensor x, Tensor bias, Tensor gamma, Tensor beta, Tensor runMean,
                                                    Tensor runVar, float eps, Tensor y);

    /**
     * Its input gradient in one pass: {@code dx = bn_eval'(relu'(dy))}, the ReLU mask read from the forward output
     * {@code y}; dx may be dy. The same bits as {@link #reluBackward}, then {@link #batchNormEval} with zero mean and
     * shift (what {@code BatchNorm1d} does after an evaluation forward).
     */
    public final void batchNormReluEvalBackward(Tensor y, Tensor dy, Tensor gamma, Tensor runVar, float eps, Tensor dx) {
        writes("batchNormReluEvalBackward", dx);
        batchNormShapes("batchNormReluEvalBackward", y, dy, gamma, runVar);
        elementwise("batchNormReluEvalBackward", y, dx);
        doBatchNormReluEvalBackward(y, dy, gamma, runVar, eps, dx);
    }

    protected abstract void doBatchNormReluEvalBackward(Tensor y, Tensor dy, Tensor gamma, Tensor runVar, float eps, Tensor dx);

    /** Writes dx, dGamma and dBeta (not accumulated). */
    public final void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                        Tensor dx, Tensor dGamma, Tensor dBeta) {
        writes("batchNormBackward", dx, dGamma, dBeta);
        batchNormShapes("batchNormBackward", x, dy, gamma, saveMean, saveInvStd, dGamma, dBeta);
        elementwise("batchNormBackward", x, dx);
        doBatchNormBackward(x, dy, gamma, saveMean, saveInvStd, dx, dGamma, dBeta);
    }

    protected abstract void doBatchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                                Tensor dx, Tensor dGamma, Tensor dBeta);

    // ---- the quadratic readout: logit = w * sum_j h_j + b, with w and b 1 x 1 tensors ----

    /** {@code s[r] = sum_j h[r][j]}, {@code logit[r] = w s[r] + b}. */
    public final void quadReadoutForward(Tensor h, Tensor w, Tensor b, Tensor s, Tensor logit) {
        writes("quadReadoutForward", s, logit);
        String op = "quadReadoutForward";
        scalar(op, "w", w);
        scalar(op, "b", b);
        columnVector(op, "s", s, h);
        columnVector(op, "logit", logit, h);
        doQuadReadoutForward(h, w, b, s, logit);
    }

    protected abstract void doQuadReadoutForward(Tensor h, Tensor w, Tensor b, Tensor s, Tensor logit);

    /** {@code dh[r][j] = w dlogit[r]}, {@code dw = sum_r dlogit[r] s[r]}, {@code db = sum_r dlogit[r]}. */
    public final void quadReadoutBackward(Tensor dlogit, Tensor s, Tensor w, Tensor dh, Tensor dw, Tensor db) {
        writes("quadReadoutBackward", dh, dw, db);
        String op = "quadReadoutBackward";
        columnVector(op, "dlogit", dlogit, dh);
        columnVector(op, "s", s, dh);
        scalar(op, "w", w);
        scalar(op, "dw", dw);
        scalar(op, "db", db);
        doQuadReadoutBackward(dlogit, s, w, dh, dw, db);
    }

    protected abstract void doQuadReadoutBackward(Tensor dlogit, Tensor s, Tensor w, Tensor dh, Tensor dw, Tensor db);

    // ---- loss and optimizer ----

    /**
     * Mean sigmoid cross-entropy of logits against 0/1 labels (both {@code n x 1}, n >= 1); writes the gradient of
     * the mean into {@code grad} unless it is null.
     */
    public final double bceWithLogits(Tensor logits, Tensor labels, Tensor grad) {
        writes("bceWithLogits", grad);
        if (grad == null) elementwise("bceWithLogits", logits, labels);
        else elementwise("bceWithLogits", logits, labels, grad);
        if (logits.size() == 0) throw new IllegalArgumentException("bceWithLogits: empty batch " + logits.shape());
        return doBceWithLogits(logits, labels, grad);
    }

    protected abstract double doBceWithLogits(Tensor logits, Tensor labels, Tensor grad);

    /** One Adam step with bias correction at step {@code t >= 1}. */
    public final void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, long t) {
        writes("adamStep", param, m, v);
        elementwise("adamStep", param, grad, m, v);
        if (t < 1) throw new IllegalArgumentException("adamStep: step t = " + t + ", must be >= 1");
        doAdamStep(param, grad, m, v, lr, beta1, beta2, eps, t);
    }

    protected abstract void doAdamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, long t);

    // ---- sampling and geometry ----

    /** Row-major fill with Gaussians {@code first .. first + size - 1} of {@code (seed, stream)}. */
    public final void gaussian(long seed, long stream, long first, Tensor out) {
        writes("gaussian", out);
        draws("gaussian", first, out);
        doGaussian(seed, stream, first, out);
    }

    protected abstract void doGaussian(long seed, long stream, long first, Tensor out);

    /** Row-major fill with uniforms in [0, 1), addressed like {@link #gaussian}. */
    public final void uniform(long seed, long stream, long first, Tensor out) {
        writes("uniform", out);
        draws("uniform", first, out);
        doUniform(seed, stream, first, out);
    }

    protected abstract void doUniform(long seed, long stream, long first, Tensor out);

    /** Draws {@code first .. first + out.size() - 1} exist: Philox counters are non-negative longs. */
    private void draws(String op, long first, Tensor out) {
        mine(op, out);
        int n = out.size();
        if (first < 0 || first > Long.MAX_VALUE - n)
            throw new IllegalArgumentException(op + ": draws first=" + first + ", n=" + n
                    + ": need first >= 0 and first + n <= Long.MAX_VALUE");
    }

    /**
     * The spheres data: row {@code i} of x is sample {@code first + i} of {@code (seed, stream)}, uniform on the sphere
     * of radius {@code outer} with probability {@code pOuter} (label 1) and of radius {@code inner} otherwise
     * (label 0). The direction comes from Gaussians of stream {@code 2 stream}, the label from a uniform of stream
     * {@code 2 stream + 1}, so a sample depends on nothing but {@code (seed, stream, index)}. {@code labels} is
     * {@code rows x 1}, or null when not wanted.
     */
    public final void sampleSpheres(long seed, long stream, long first, float inner, float outer, double pOuter, Tensor x, Tensor labels) {
        if (first < 0 || first > Long.MAX_VALUE / Math.max(1, x.cols) - x.rows)
            throw new IllegalArgumentException("sampleSpheres: first sample " + first + " of " + x.rows + " rows of " + x.cols
                    + " draws: need first >= 0 and (first + rows) cols <= Long.MAX_VALUE");
        spheres(pOuter, x, labels);
        doSampleSpheres(seed, stream, first, null, inner, outer, pOuter, x, labels);
    }

    /** As {@link #sampleSpheres(long, long, long, float, float, double, Tensor, Tensor)}, row i being sample {@code index[i]}. */
    public final void sampleSpheres(long seed, long stream, long[] index, float inner, float outer, double pOuter, Tensor x, Tensor labels) {
        if (index.length < x.rows)
            throw new IllegalArgumentException("sampleSpheres: " + index.length + " indices for x " + x.shape());
        long last = Long.MAX_VALUE / Math.max(1, x.cols) - 1;
        for (int i = 0; i < x.rows; i++)
            if (index[i] < 0 || index[i] > last)
                throw new IllegalArgumentException("sampleSpheres: index[" + i + "] = " + index[i] + ": must be in 0 .. " + last);
        spheres(pOuter, x, labels);
        doSampleSpheres(seed, stream, 0, index, inner, outer, pOuter, x, labels);
    }

    private void spheres(double pOuter, Tensor x, Tensor labels) {
        writes("sampleSpheres", x, labels);
        mine("sampleSpheres", x);
        if (labels != null) columnVector("sampleSpheres", "labels", labels, x);
        if (!(pOuter >= 0 && pOuter <= 1)) throw new IllegalArgumentException("sampleSpheres: pOuter = " + pOuter + ", must be in [0, 1]");
    }

    /** What a backend implements for both: row i is sample {@code index == null ? first + i : index[i]}. */
    protected abstract void doSampleSpheres(long seed, long stream, long first, long[] index, float inner, float outer,
                                            double pOuter, Tensor x, Tensor labels);

    /** {@code out[r] = ||x_r||}; out is {@code rows x 1}. */
    public final void rowNorms(Tensor x, Tensor out) {
        writes("rowNorms", out);
        columnVector("rowNorms", "out", out, x);
        doRowNorms(x, out);
    }

    protected abstract void doRowNorms(Tensor x, Tensor out);

    /** Rescales each row of x to the norm in {@code norms[r]} (projection onto the sphere of that radius). */
    public final void rescaleRows(Tensor x, Tensor norms) {
        writes("rescaleRows", x);
        columnVector("rescaleRows", "norms", norms, x);
        doRescaleRows(x, norms);
    }

    protected abstract void doRescaleRows(Tensor x, Tensor norms);

    /** Waits until every op enqueued so far has run: a no-op where ops run synchronously (the CPU); timing code calls it. */
    public void finish() {}

    @Override
    public abstract void close();
}
