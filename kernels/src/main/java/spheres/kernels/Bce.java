package spheres.kernels;

/**
 * Sigmoid cross-entropy with logits, PyTorch's {@code BCEWithLogitsLoss}, in its numerically stable form
 * {@code loss = max(x, 0) - x y + log1p(exp(-|x|))}, and its gradient {@code (sigmoid(x) - y) * gradScale}
 * (the caller passes {@code 1/N} for mean reduction). Only {@code exp} of a non-positive number is taken, so
 * nothing overflows for any finite logit; the gradient uses the same {@code q = exp(-|x|) / (1 + exp(-|x|))} as
 * {@code (1 - y) - q} for {@code x >= 0} and {@code q - y} below, which keeps the small gradients of confidently
 * right logits (|x| > 17, where sigmoid rounds to 0 or 1 in float) accurate instead of rounding them to 0.
 *
 * <p>No SIMD twin, on purpose: the Vector API's {@code EXP} and {@code LOG1P} give different last bits in the
 * interpreter (a {@link Math} loop) and in C2 code (an intrinsic), so a run's numbers would depend on when the JIT
 * compiled the kernel. The loss runs over one batch of logits (50 numbers a training step): scalar is free.
 */
public final class Bce {
    private Bce() {}

    /**
     * Writes the gradient into {@code grad} (skipped when {@code grad} is null) and returns the sum of the
     * losses over the range, accumulated in double in index order.
     */
    public static double withLogits(int n, float[] logits, int lOff, float[] labels, int yOff,
                                    float[] grad, int gOff, float gradScale) {
        return withLogitsScalar(n, logits, lOff, labels, yOff, grad, gOff, gradScale);
    }

    public static double withLogitsScalar(int n, float[] logits, int lOff, float[] labels, int yOff,
                                          float[] grad, int gOff, float gradScale) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float x = logits[lOff + i], y = labels[yOff + i];
            float e = (float) StrictMath.exp(-Math.abs(x)); // StrictMath: the same bits in every JIT tier and JDK
            sum += Math.max(x, 0f) - x * y + (float) StrictMath.log1p(e);
            if (grad != null) {
                // sigmoid(x) - y without overflow, and without cancellation where sigmoid(x) rounds to 1:
                // for x >= 0, sigmoid(x) = 1 - q with q = e / (1 + e)
                float q = e / (1f + e);
                grad[gOff + i] = (x >= 0 ? (1f - y) - q : q - y) * gradScale;
            }
        }
        return sum;
    }
}
