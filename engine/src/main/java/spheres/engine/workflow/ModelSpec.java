package spheres.engine.workflow;

import spheres.engine.Backend;
import spheres.engine.nn.ModelKind;
import spheres.engine.nn.Models;
import spheres.engine.nn.Sequential;

/**
 * What a model file says of its model, and all a lone checkpoint needs to be evaluated or attacked: the kind, the input
 * dimension, the outer radius of the sphere pair it was trained to separate, and the architecture of its kind (ReLU:
 * width, depth, batch norm; quadratic: hidden units). A field the kind does not have is 0 (false). How it was trained
 * (batch, learning rate, steps, data, seed) is the run's, in config.json and the optimizer file.
 */
public record ModelSpec(ModelKind model, int dim, float radius, int width, int depth, boolean batchNorm, int hidden) {
    /** The spec of a kind, with the fields of other kinds cleared. */
    public static ModelSpec of(ModelKind model, int dim, float radius, int width, int depth, boolean batchNorm, int hidden) {
        return model == ModelKind.QUADRATIC ? new ModelSpec(model, dim, radius, 0, 0, false, hidden)
                : new ModelSpec(model, dim, radius, width, depth, batchNorm, 0);
    }

    /** A freshly initialised model of this spec; {@code seed} draws the initial weights. */
    public Sequential newModel(Backend backend, long seed) {
        if (model == ModelKind.QUADRATIC) return Models.quadraticNet(backend, dim, hidden, seed);
        int[] widths = new int[depth];
        java.util.Arrays.fill(widths, width);
        return Models.reluNet(backend, dim, widths, batchNorm, seed);
    }
}
