package spheres.opencl;

import static org.jocl.CL.CL_FALSE;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateCommandQueue;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueCopyBuffer;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;
import static org.jocl.CL.clFinish;
import static org.jocl.CL.clReleaseCommandQueue;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;
import static org.jocl.CL.clSetKernelArg;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.kernels.Adam;

/**
 * The OpenCL backend: every op of the contract is a kernel of the {@code .cl} resources, enqueued on one in-order
 * queue without waiting. The host waits only where it needs a value: {@link #read} (results), the loss of
 * {@link #bceWithLogits} (a scalar, summed on the device) and {@link #close}. So a training step, an evaluation chunk or an attack step
 * runs on the device and synchronises once, when its loss or logits are read.
 *
 * <p>Writes copy the caller's array into a direct buffer and enqueue it without blocking; the buffer is kept until
 * the next wait. Device buffers are pooled by size, so the tensors a layer re-allocates (a new batch size) and the
 * scratch of a reduction cost no driver call after the first time.
 *
 * <p>Numerics: the data, Adam, batch norm, bias, sums and activations repeat the CPU twins' float operations
 * (see the {@code .cl} headers); gemm and BCE round differently (fma order; the device's exp and log1p, and the
 * loss summed as float-float pairs in another order than the twin's double sum), within the contract tests'
 * tolerances.
 */
public final class OpenClBackend extends Backend {
    /** Work-group size of the 1-D kernels; their global size is rounded up to it. */
    private static final int LOCAL = 64;
    /** The one work-group of {@code sum_terms} (elementwise.cl's SUM_ITEMS). */
    private static final int SUM_ITEMS = 64;

    private final OpenClProgram program;
    private final cl_command_queue queue;
    private final Map<String, cl_kernel> kernels = new HashMap<>();
    private final Map<Long, ArrayDeque<cl_mem>> pool = new HashMap<>();
    private final List<cl_mem> owned = new ArrayList<>();
    /** Host copies of enqueued writes, alive until the next wait. */
    private final List<ByteBuffer> staged = new ArrayList<>();
    /** Bound to buffer arguments a kernel is told not to use. */
    private final cl_mem none;
    private boolean closed;

    OpenClBackend(OpenClDevices.Found device, GemmTiles tiles) {
        this.program = OpenClProgram.get(device, tiles);
        this.queue = clCreateCommandQueue(program.context, program.id, 0, null);
        this.none = buffer(4);
    }

    public GemmTiles tiles() {
        return program.tiles;
    }

    @Override
    public String name() {
        OpenClDevices.Device d = program.device;
        return d.id() + " " + d.name() + " (" + d.type() + ", " + d.platform() + ")";
    }

    // ---- buffers ----

    private static long bytes(int elements) {
        return 4L * Math.max(1, elements); // OpenCL refuses empty buffers
    }

    private cl_mem buffer(long bytes) {
        ArrayDeque<cl_mem> free = pool.get(bytes);
        if (free != null && !free.isEmpty()) return free.pop();
        cl_mem m = clCreateBuffer(program.context, CL_MEM_READ_WRITE, bytes, null, null);
        owned.add(m);
        return m;
    }

    private void recycle(cl_mem m, long bytes) {
        pool.computeIfAbsent(bytes, k -> new ArrayDeque<>()).push(m);
    }

    void release(OpenClTensor t) {
        if (!closed) recycle(t.mem, bytes(t.size()));
    }

    /** The buffer of a tensor that {@link Backend} checked is ours. */
    private static cl_mem mem(Tensor x) {
        return ((OpenClTensor) x).mem;
    }

    /** Enqueues a copy of {@code data} into {@code dst}; the host copy lives until the next wait. */
    private void stage(ByteBuffer data, cl_mem dst) {
        data.rewind();
        staged.add(data);
        clEnqueueWriteBuffer(queue, dst, CL_FALSE, 0, data.capacity(), Pointer.to(data), 0, null, null);
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.nativeOrder());
    }

    // ---- launching ----

    private cl_kernel kernel(String name) {
        return kernels.computeIfAbsent(name, n -> clCreateKernel(program.program, n, null));
    }

    private static void args(cl_kernel k, Object... args) {
        for (int i = 0; i < args.length; i++) {
            Object a = args[i];
            if (a instanceof cl_mem) clSetKernelArg(k, i, Sizeof.cl_mem, Pointer.to((cl_mem) a));
            else if (a instanceof Integer) clSetKernelArg(k, i, Sizeof.cl_int, Pointer.to(new int[] {(Integer) a}));
            else if (a instanceof Float) clSetKernelArg(k, i, Sizeof.cl_float, Pointer.to(new float[] {(Float) a}));
            else if (a instanceof Long) clSetKernelArg(k, i, Sizeof.cl_long, Pointer.to(new long[] {(Long) a}));
            else throw new IllegalArgumentException("kernel argument " + i + ": " + a);
        }
    }

    /** A 1-D kernel over {@code items} work-items (rounded up to whole groups; the kernels guard the rest). */
    private void launch(String name, int items, Object... args) {
        if (items == 0) return;
        cl_kernel k = kernel(name);
        args(k, args);
        long global = (items + LOCAL - 1L) / LOCAL * LOCAL;
        clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {global}, new long[] {LOCAL}, 0, null, null);
    }

    /** Waits until every enqueued op has run (benchmarks time whole ops with it); staged host copies are then free. */
    @Override
    public void finish() {
        clFinish(queue);
        staged.clear();
    }

    // ---- memory ----

    @Override
    public Tensor allocate(int rows, int cols) {
        OpenClTensor t = new OpenClTensor(this, buffer(bytes(rows * cols)), rows, cols);
        fill(t, 0f);
        return t;
    }

    @Override
    protected Tensor doUpload(float[] data, int rows, int cols) {
        OpenClTensor t = new OpenClTensor(this, buffer(bytes(rows * cols)), rows, cols);
        doWrite(data, t);
        return t;
    }

    @Override
    protected void doWrite(float[] src, Tensor dst) {
        cl_mem m = mem(dst);
        if (dst.size() == 0) return;
        ByteBuffer b = direct(4 * dst.size());
        b.asFloatBuffer().put(src, 0, dst.size());
        stage(b, m);
    }

    @Override
    protected void doRead(Tensor src, float[] dst) {
        cl_mem m = mem(src);
        if (src.size() > 0) clEnqueueReadBuffer(queue, m, CL_TRUE, 0, 4L * src.size(), Pointer.to(dst), 0, null, null);
        staged.clear(); // a blocking read on an in-order queue follows every write before it
    }

    @Override
    protected void doCopy(Tensor src, Tensor dst) {
        cl_mem s = mem(src), d = mem(dst);
        if (src.size() > 0) clEnqueueCopyBuffer(queue, s, d, 0, 0, 4L * src.size(), 0, null, null);
    }

    @Override
    protected void doFill(Tensor t, float value) {
        launch("fill", t.size(), t.size(), value, mem(t));
    }

    @Override
    protected void doCopyRows(Tensor src, int[] from, Tensor dst, int[] to) {
        int n = from.length, cols = src.cols;
        if (cols == 0) return;
        long bytes = 4L * n;
        cl_mem f = buffer(bytes), t = buffer(bytes);
        ByteBuffer fb = direct(4 * n), tb = direct(4 * n);
        fb.asIntBuffer().put(from);
        tb.asIntBuffer().put(to);
        stage(fb, f);
        stage(tb, t);
        launch("copy_rows", n * cols, n, cols, mem(src), f, mem(dst), t);
        recycle(f, bytes); // reused only by later commands of this in-order queue
        recycle(t, bytes);
    }

    @Override
    protected void doSelectRows(Tensor mask, Tensor a, Tensor b, Tensor out) {
        launch("select_rows", a.size(), a.size(), a.cols, mem(mask), mem(a), mem(b), mem(out));
    }

    // ---- linear algebra ----

    @Override
    protected void doGemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c) {
        cl_mem A = mem(a), B = mem(b), C = mem(c);
        int m = c.rows, n = c.cols, k = transA ? a.rows : a.cols;
        if (m == 0 || n == 0) return;
        GemmTiles t = program.tiles;
        cl_kernel kernel = kernel("gemm");
        args(kernel, m, n, k, alpha, A, a.cols, transA ? 1 : 0, B, b.cols, transB ? 1 : 0, beta, C, c.cols);
        long rtsm = t.tsm() / t.wptm(), rtsn = t.tsn() / t.wptn();
        long[] global = {(n + t.tsn() - 1L) / t.tsn() * rtsn, (m + t.tsm() - 1L) / t.tsm() * rtsm};
        clEnqueueNDRangeKernel(queue, kernel, 2, null, global, new long[] {rtsn, rtsm}, 0, null, null);
    }

    @Override
    protected void doAddBias(Tensor x, Tensor bias) {
        cl_mem X = mem(x), Bm = mem(bias);
        launch("add_bias", x.size(), x.size(), x.cols, X, Bm);
    }

    @Override
    protected void doColumnSums(Tensor x, float beta, Tensor out) {
        cl_mem X = mem(x), O = mem(out);
        launch("column_sums", x.cols, x.rows, x.cols, beta, X, O);
    }

    @Override
    protected void doRowSums(Tensor x, Tensor out) {
        cl_mem X = mem(x), O = mem(out);
        launch("row_sums", x.rows, x.rows, x.cols, X, O);
    }

    @Override
    protected void doAxpy(float alpha, Tensor x, Tensor y) {
        cl_mem X = mem(x), Y = mem(y);
        launch("axpy", x.size(), x.size(), alpha, X, Y);
    }

    // ---- activations ----

    @Override
    protected void doReluForward(Tensor x, Tensor y) {
        cl_mem X = mem(x), Y = mem(y);
        launch("relu_forward", x.size(), x.size(), X, Y);
    }

    @Override
    protected void doReluBackward(Tensor x, Tensor dy, Tensor dx) {
        cl_mem X = mem(x), DY = mem(dy), DX = mem(dx);
        launch("relu_backward", x.size(), x.size(), X, DY, DX);
    }

    @Override
    protected void doSquareForward(Tensor x, Tensor y) {
        cl_mem X = mem(x), Y = mem(y);
        launch("square_forward", x.size(), x.size(), X, Y);
    }

    @Override
    protected void doSquareBackward(Tensor x, Tensor dy, Tensor dx) {
        cl_mem X = mem(x), DY = mem(dy), DX = mem(dx);
        launch("square_backward", x.size(), x.size(), X, DY, DX);
    }

    // ---- batch norm ----

    @Override
    protected void doBatchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float momentum,
                                    float eps, Tensor y, Tensor saveMean, Tensor saveInvStd) {
        int rows = x.rows;
        float invN = 1f / rows, unbias = rows > 1 ? (float) rows / (rows - 1) : 1f; // as BatchNorm.forwardTrain
        launch("batch_norm_train", x.cols, rows, x.cols, invN, unbias, momentum, eps, mem(x), mem(gamma), mem(beta),
                mem(runMean), mem(runVar), mem(y), mem(saveMean), mem(saveInvStd));
    }

    @Override
    protected void doBatchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float eps, Tensor y) {
        launch("batch_norm_eval", x.size(), x.size(), x.cols, eps, mem(x), mem(gamma), mem(beta), mem(runMean), mem(runVar), mem(y));
    }

    @Override
    protected void doBiasBatchNormReluEval(Tensor x, Tensor bias, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar,
                                           float eps, Tensor y) {
        launch("bias_batch_norm_relu_eval", x.size(), x.size(), x.cols, eps, mem(x), mem(bias), mem(gamma), mem(beta),
                mem(runMean), mem(runVar), mem(y));
    }

    @Override
    protected void doBatchNormReluEvalBackward(Tensor y, Tensor dy, Tensor gamma, Tensor runVar, float eps, Tensor dx) {
        launch("batch_norm_relu_eval_backward", y.size(), y.size(), y.cols, eps, mem(y), mem(dy), mem(gamma), mem(runVar), mem(dx));
    }

    @Override
    protected void doBatchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                                       Tensor dx, Tensor dGamma, Tensor dBeta) {
        launch("batch_norm_backward", x.cols, x.rows, x.cols, 1f / x.rows, mem(x), mem(dy), mem(gamma), mem(saveMean),
                mem(saveInvStd), mem(dx), mem(dGamma), mem(dBeta));
    }

    // ---- quadratic readout ----

    @Override
    protected void doQuadReadoutForward(Tensor h, Tensor w, Tensor b, Tensor s, Tensor logit) {
        cl_mem H = mem(h), W = mem(w), Bm = mem(b), S = mem(s), L = mem(logit);
        launch("quad_readout_forward", h.rows, h.rows, h.cols, H, W, Bm, S, L);
    }

    @Override
    protected void doQuadReadoutBackward(Tensor dlogit, Tensor s, Tensor w, Tensor dh, Tensor dw, Tensor db) {
        cl_mem G = mem(dlogit), S = mem(s), W = mem(w), DH = mem(dh), DW = mem(dw), DB = mem(db);
        launch("quad_readout_params", 1, dh.rows, G, S, DW, DB);
        launch("quad_readout_input", dh.size(), dh.size(), dh.cols, G, W, DH);
    }

    // ---- loss and optimizer ----

    @Override
    protected double doBceWithLogits(Tensor logits, Tensor labels, Tensor grad) {
        cl_mem L = mem(logits), Y = mem(labels), G = grad == null ? none : mem(grad);
        int n = logits.size();
        cl_mem terms = buffer(bytes(n)), sum = buffer(bytes(2));
        try {
            launch("bce_with_logits", n, n, 1f / n, grad == null ? 0 : 1, L, Y, terms, G);
            cl_kernel k = kernel("sum_terms");
            args(k, n, terms, sum);
            clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {SUM_ITEMS}, new long[] {SUM_ITEMS}, 0, null, null);
            float[] pair = new float[2];
            clEnqueueReadBuffer(queue, sum, CL_TRUE, 0, 8, Pointer.to(pair), 0, null, null);
            staged.clear();
            return ((double) pair[0] + pair[1]) / n;
        } finally {
            recycle(terms, bytes(n));
            recycle(sum, bytes(2));
        }
    }

    @Override
    protected void doAdamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, long t) {
        cl_mem P = mem(param), G = mem(grad), M = mem(m), V = mem(v);
        launch("adam_step", param.size(), param.size(), Adam.stepSize(lr, beta1, t), Adam.invSqrtBias2(beta2, t),
                beta1, beta2, eps, P, G, M, V);
    }

    // ---- sampling and geometry ----

    private void draws(long seed, long stream, long first, Tensor out, boolean uniform) {
        cl_mem O = mem(out);
        int n = out.size();
        if (n == 0) return;
        int blocks = (int) (((first + n - 1) >>> 2) - (first >>> 2) + 1);
        launch("draws", blocks, blocks, seed, stream, first, n, uniform ? 1 : 0, O);
    }

    @Override
    protected void doGaussian(long seed, long stream, long first, Tensor out) {
        draws(seed, stream, first, out, false);
    }

    @Override
    protected void doUniform(long seed, long stream, long first, Tensor out) {
        draws(seed, stream, first, out, true);
    }

    @Override
    protected void doSampleSpheres(long seed, long stream, long first, long[] index, float inner, float outer, double pOuter,
                                   Tensor x, Tensor labels) {
        cl_mem X = mem(x), Y = labels == null ? none : mem(labels);
        int rows = x.rows, d = x.cols;
        if (rows == 0 || d == 0) return;
        cl_mem idx = none;
        long idxBytes = 8L * rows;
        if (index != null) {
            ByteBuffer b = direct(8 * rows);
            b.asLongBuffer().put(index, 0, rows);
            idx = buffer(idxBytes);
            stage(b, idx);
        }
        int useIndex = index == null ? 0 : 1;
        // u < pOuter for u = j 2^-24 and integer j is exactly j < ceil(pOuter 2^24).
        int threshold = (int) Math.min(1L << 24, (long) Math.ceil(pOuter * 0x1p24));
        int perRow = (d + 3) / 4 + 1; // Philox blocks that a row of d draws can overlap
        launch("sphere_directions", rows * perRow, rows, perRow, seed, 2 * stream, first, idx, useIndex, d, X);
        launch("sphere_radii", rows, rows, seed, 2 * stream + 1, first, idx, useIndex, threshold, inner, outer, d, X, Y,
                labels == null ? 0 : 1);
        if (index != null) recycle(idx, idxBytes); // reused only by later commands of this in-order queue
    }

    @Override
    protected void doRowNorms(Tensor x, Tensor out) {
        cl_mem X = mem(x), O = mem(out);
        launch("row_norms", x.rows, x.rows, x.cols, X, O);
    }

    @Override
    protected void doRescaleRows(Tensor x, Tensor norms) {
        cl_mem X = mem(x), N = mem(norms);
        launch("rescale_rows", x.rows, x.rows, x.cols, X, N);
    }

    @Override
    public void close() {
        if (closed) return;
        finish();
        closed = true;
        for (cl_kernel k : kernels.values()) clReleaseKernel(k);
        for (cl_mem m : owned) clReleaseMemObject(m);
        clReleaseCommandQueue(queue);
    }
}
