package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Sigmoid cross-entropy with logits, PyTorch's {@code BCEWithLogitsLoss}, in its numerically stable form
 * {@code loss = max(x, 0) - x y + log1p(exp(-|x|))}, and its gradient {@code (sigmoid(x) - y) * gradScale}
 * (the caller passes {@code 1/N} for mean reduction). Only {@code exp} of a non-positive number is taken, so
 * nothing overflows for any finite logit; the gradient uses the same {@code q = exp(-|x|) / (1 + exp(-|x|))} as
 * {@code (1 - y) - q} for {@code x >= 0} and {@code q - y} below, which keeps the small gradients of confidently
 * right logits (|x| > 17, where sigmoid rounds to 0 or 1 in float) accurate instead of rounding them to 0.
 *
 * <p>The SIMD twin uses the Vector API's {@code EXP} and {@code LOG1P} (within an ulp or so of {@link Math}'s, not
 * bit-equal), then adds the per-element float losses to the double sum in index order, as the scalar twin does.
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
        return scalarFrom(0, 0.0, n, logits, lOff, labels, yOff, grad, gOff, gradScale);
    }

    /** The scalar loop over {@code i = from..n-1}, continuing the running sum {@code sum} in index order. */
    private static double scalarFrom(int from, double sum, int n, float[] logits, int lOff, float[] labels, int yOff,
                                     float[] grad, int gOff, float gradScale) {
        for (int i = from; i < n; i++) {
            float x = logits[lOff + i], y = labels[yOff + i];
            float e = (float) Math.exp(-Math.abs(x));
            sum += Math.max(x, 0f) - x * y + (float) Math.log1p(e);
            if (grad != null) {
                // sigmoid(x) - y without overflow, and without cancellation where sigmoid(x) rounds to 1:
                // for x >= 0, sigmoid(x) = 1 - q with q = e / (1 + e)
                float q = e / (1f + e);
                grad[gOff + i] = (x >= 0 ? (1f - y) - q : q - y) * gradScale;
            }
        }
        return sum;
    }

    public static double withLogitsSimd(int n, float[] logits, int lOff, float[] labels, int yOff,
                                        float[] grad, int gOff, float gradScale) {
        VectorSpecies<Float> s = Simd.F;
        double sum = 0;
        int i = 0;
        for (int bound = s.loopBound(n); i < bound; i += s.length()) {
            FloatVector x = FloatVector.fromArray(s, logits, lOff + i), y = FloatVector.fromArray(s, labels, yOff + i);
            FloatVector e = x.abs().neg().lanewise(VectorOperators.EXP);
            FloatVector loss = x.max(0f).sub(x.mul(y)).add(e.lanewise(VectorOperators.LOG1P));
            for (int j = 0; j < s.length(); j++) sum += loss.lane(j);
            if (grad != null) {
                FloatVector q = e.div(e.add(1f));
                VectorMask<Float> nonNeg = x.compare(VectorOperators.GE, 0f);
                FloatVector d = q.sub(y).blend(y.neg().add(1f).sub(q), nonNeg);
                d.mul(gradScale).intoArray(grad, gOff + i);
            }
        }
        return scalarFrom(i, sum, n, logits, lOff, labels, yOff, grad, gOff, gradScale);
    }
}
