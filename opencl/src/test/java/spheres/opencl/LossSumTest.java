package spheres.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import spheres.engine.Tensor;

/**
 * The BCE loss is summed on the device (only the scalar crosses back) as float-float pairs, about as exact as the
 * CPU twin's double sum: a million equal terms average to the term itself, where a float sum would drift by 1e-4.
 */
class LossSumTest {
    @Test
    void aMillionEqualTermsAverageToTheTerm() {
        try (OpenClBackend be = OpenClTesting.backend()) {
            int n = 1_000_003;
            // Zero logits: every term is log1p(exp(0)), as the device rounds it, whatever the label.
            double term = be.bceWithLogits(be.allocate(1, 1), be.allocate(1, 1), null);
            Tensor zeros = be.allocate(n, 1), labels = be.allocate(n, 1);
            assertEquals(Math.log(2), term, 1e-6);
            double mean = be.bceWithLogits(zeros, labels, null);
            assertEquals(term, mean, 1e-12 * term, "mean of " + n + " copies of " + term);
        }
    }
}
