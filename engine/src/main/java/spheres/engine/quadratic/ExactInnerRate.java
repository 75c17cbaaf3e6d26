package spheres.engine.quadratic;

import java.util.OptionalDouble;
import spheres.engine.nn.ModelKind;
import spheres.engine.nn.Sequential;
import spheres.engine.tradeoff.ExactErrorMeasure;
import spheres.engine.workflow.TrainConfig;

/**
 * mu(E) of a quadratic net from its weights: the exact tail of the weighted chi-square sum (valid for every sign case
 * of w and b, since the sign of {@code sum (w r^2 lambda_i + b) z_i^2} decides the class), for the trade-off plot.
 */
public final class ExactInnerRate implements ExactErrorMeasure {
    @Override
    public OptionalDouble innerErrorRate(Sequential model, TrainConfig config) {
        if (config.model() != ModelKind.QUADRATIC) return OptionalDouble.empty();
        return OptionalDouble.of(QuadraticAnalysis.of(QuadraticNet.of(model), config.radius()).innerRate().exact());
    }
}
