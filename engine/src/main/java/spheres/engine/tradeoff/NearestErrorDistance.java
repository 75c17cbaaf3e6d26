package spheres.engine.tradeoff;

import spheres.engine.Backend;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.TrainConfig;

/**
 * d(E) of a model: the mean L2 distance from uniform points of the inner sphere to the nearest error an attack
 * finds from each (spec section 4, nearest-error variant), an upper estimate of the true d(E). The manifold attack
 * implements this; {@link TradeoffRun} only asks for the number.
 */
public interface NearestErrorDistance {
    /**
     * What the attack found: of {@code starts} random inner points, {@code found} led to a verified error; the mean
     * distance over those and its standard error (null when none was found).
     */
    record Estimate(int starts, int found, Double mean, Double standardError) {}

    /** Attacks {@code starts} uniform inner points (drawn from {@code seed}) of a model in evaluation mode. */
    Estimate estimate(Backend backend, Sequential model, TrainConfig config, long seed, int starts);
}
