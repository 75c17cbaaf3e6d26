package spheres.engine.tradeoff;

import java.util.OptionalDouble;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.TrainConfig;

/**
 * The inner error measure mu(E) computed from the weights rather than sampled, where the model allows it: for the
 * quadratic net, the exact tail of a weighted sum of chi-square(1) variables (spec section 6). It reaches the small
 * rates that sampling cannot, so such points are placed on the plot even when sampling finds too few errors.
 */
public interface ExactErrorMeasure {
    /** The exact inner error rate, or empty for a model this analysis does not cover. */
    OptionalDouble innerErrorRate(Sequential model, TrainConfig config);
}
