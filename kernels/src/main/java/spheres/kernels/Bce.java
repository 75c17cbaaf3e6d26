package spheres.kernels;

/**
 * Sigmoid cross-entropy with logits, PyTorch's {@code BCEWithLogitsLoss}, in its numerically stable form
 * {@code loss = max(x, 0) - x y + log1p(exp(-|x|))}, and its gradient {@code (sigmoid(x) - y) * gradScale}
 * (the caller passes {@code 1/N} for mean reduction).
 */
public final class Bce {
    private Bce() {}

    /**
     * Writes the gradient into {@code grad} (skipped when {@code grad} is null) and returns the sum of the
     * losses over the range, accumulated in double in index order.
     */
    public static double withLogits(int n, float[] logits, int lOff, float[] labels, int yOff,
                                    float[] grad, int gOff, float gradScale) {
        return Simd.ENABLED ? withLogitsSimd(n, logits, lOff, labels, yOff, grad, gOff, gradScale)
                : withLogitsScalar(n, logits, lOff, labels, yOff, grad, gOff, gradScale);
    }

    public static double withLogitsScalar(int n, float[] logits, int lOff, float[] labels, int yOff,
                                          float[] grad, int gOff, float gradScale) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            float x = logits[lOff + i], y = labels[yOff + i];
            float e = (float) Math.exp(-Math.abs(x));
            sum += Math.max(x, 0f) - x * y + (float) Math.log1p(e);
            if (grad != null) {
                float s = x >= 0 ? 1f / (1f + e) : e / (1f + e); // sigmoid(x) without overflow
                grad[gOff + i] = (s - y) * gradScale;
            }
        }
        return sum;
    }

    public static double withLogitsSimd(int n, float[] logits, int lOff, float[] labels, int yOff,
                                        float[] grad, int gOff, float gradScale) {
        return withLogitsScalar(n, logits, lOff, labels, yOff, grad, gOff, gradScale);
    }
}
