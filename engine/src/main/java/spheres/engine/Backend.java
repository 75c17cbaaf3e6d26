package spheres.engine;

/**
 * The contract between the engine and a device: about twenty primitive ops on device tensors. Layers, models and
 * workflows are written once against it; {@code CpuBackend} and {@code OpenClBackend} are the only places that
 * know SIMD or OpenCL.
 *
 * <p>Conventions: outputs are arguments (nothing is allocated behind the caller's back, except by
 * {@link #allocate}/{@link #upload}); shapes are checked and a mismatch throws {@link IllegalArgumentException}
 * naming both shapes; results are the same bits for any thread count. A backend serves one calling thread.
 */
public interface Backend extends AutoCloseable {

    /** Short description, e.g. {@code cpu (2 threads, 16-lane SIMD)}. */
    String name();

    // ---- memory ----

    /** A new zero-filled tensor. */
    Tensor allocate(int rows, int cols);

    /** A new tensor holding {@code data[0 .. rows*cols)}. */
    Tensor upload(float[] data, int rows, int cols);

    /** Overwrites {@code dst} with {@code src[0 .. dst.size())}. */
    void write(float[] src, Tensor dst);

    /** Copies {@code src} into {@code dst[0 .. src.size())}. */
    void read(Tensor src, float[] dst);

    default float[] download(Tensor t) {
        float[] out = new float[t.size()];
        read(t, out);
        return out;
    }

    void copy(Tensor src, Tensor dst);

    void fill(Tensor t, float value);

    // ---- linear algebra ----

    /** {@code C = alpha op(A) op(B) + beta C}; {@code op(X)} is {@code X^T} when its flag is set. */
    void gemm(boolean transA, boolean transB, float alpha, Tensor a, Tensor b, float beta, Tensor c);

    /** {@code x[r][c] += bias[c]}; bias is {@code 1 x cols}. */
    void addBias(Tensor x, Tensor bias);

    /** {@code out[c] = beta out[c] + sum_r x[r][c]}; out is {@code 1 x cols}. */
    void columnSums(Tensor x, float beta, Tensor out);

    /** {@code out[r] = sum_c x[r][c]}; out is {@code rows x 1}. */
    void rowSums(Tensor x, Tensor out);

    /** {@code y += alpha x}. */
    void axpy(float alpha, Tensor x, Tensor y);

    // ---- activations ----

    void reluForward(Tensor x, Tensor y);

    /** {@code dx = x > 0 ? dy : 0}; dx may be dy. */
    void reluBackward(Tensor x, Tensor dy, Tensor dx);

    void squareForward(Tensor x, Tensor y);

    /** {@code dx = 2 x dy}; dx may be dy. */
    void squareBackward(Tensor x, Tensor dy, Tensor dx);

    // ---- batch norm (per column, over the rows of a batch) ----

    void batchNormTrain(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float momentum, float eps,
                        Tensor y, Tensor saveMean, Tensor saveInvStd);

    void batchNormEval(Tensor x, Tensor gamma, Tensor beta, Tensor runMean, Tensor runVar, float eps, Tensor y);

    /** Writes dx, dGamma and dBeta (not accumulated). */
    void batchNormBackward(Tensor x, Tensor dy, Tensor gamma, Tensor saveMean, Tensor saveInvStd,
                           Tensor dx, Tensor dGamma, Tensor dBeta);

    // ---- the quadratic readout: logit = w * sum_j h_j + b, with w and b 1 x 1 tensors ----

    /** {@code s[r] = sum_j h[r][j]}, {@code logit[r] = w s[r] + b}. */
    void quadReadoutForward(Tensor h, Tensor w, Tensor b, Tensor s, Tensor logit);

    /** {@code dh[r][j] = w dlogit[r]}, {@code dw = sum_r dlogit[r] s[r]}, {@code db = sum_r dlogit[r]}. */
    void quadReadoutBackward(Tensor dlogit, Tensor s, Tensor w, Tensor dh, Tensor dw, Tensor db);

    // ---- loss and optimizer ----

    /**
     * Mean sigmoid cross-entropy of logits against 0/1 labels (both {@code n x 1}); writes the gradient of the mean
     * into {@code grad} unless it is null.
     */
    double bceWithLogits(Tensor logits, Tensor labels, Tensor grad);

    /** One Adam step with bias correction at step {@code t >= 1}. */
    void adamStep(Tensor param, Tensor grad, Tensor m, Tensor v, float lr, float beta1, float beta2, float eps, long t);

    // ---- sampling and geometry ----

    /** Row-major fill with Gaussians {@code first .. first + size - 1} of {@code (seed, stream)}. */
    void gaussian(long seed, long stream, long first, Tensor out);

    /** Row-major fill with uniforms in [0, 1), addressed like {@link #gaussian}. */
    void uniform(long seed, long stream, long first, Tensor out);

    /**
     * The spheres data: row {@code i} of x is sample {@code first + i} of {@code (seed, stream)}, uniform on the sphere
     * of radius {@code outer} with probability {@code pOuter} (label 1) and of radius {@code inner} otherwise
     * (label 0). The direction comes from Gaussians of stream {@code 2 stream}, the label from a uniform of stream
     * {@code 2 stream + 1}, so a sample depends on nothing but {@code (seed, stream, index)}. {@code labels} is
     * {@code rows x 1}, or null when not wanted.
     */
    default void sampleSpheres(long seed, long stream, long first, float inner, float outer, double pOuter, Tensor x, Tensor labels) {
        sampleSpheres(seed, stream, first, null, inner, outer, pOuter, x, labels);
    }

    /** As {@link #sampleSpheres(long, long, long, float, float, double, Tensor, Tensor)}, row i being sample {@code index[i]}. */
    default void sampleSpheres(long seed, long stream, long[] index, float inner, float outer, double pOuter, Tensor x, Tensor labels) {
        if (index.length < x.rows)
            throw new IllegalArgumentException("sampleSpheres: " + index.length + " indices for x " + x.shape());
        sampleSpheres(seed, stream, 0, index, inner, outer, pOuter, x, labels);
    }

    /** What a backend implements for both: row i is sample {@code index == null ? first + i : index[i]}. */
    void sampleSpheres(long seed, long stream, long first, long[] index, float inner, float outer, double pOuter, Tensor x, Tensor labels);

    /** {@code out[r] = ||x_r||}; out is {@code rows x 1}. */
    void rowNorms(Tensor x, Tensor out);

    /** Rescales each row of x to the norm in {@code norms[r]} (projection onto the sphere of that radius). */
    void rescaleRows(Tensor x, Tensor norms);

    /** Waits until every op enqueued so far has run: a no-op where ops run synchronously (the CPU); timing code calls it. */
    default void finish() {}

    @Override
    void close();
}
