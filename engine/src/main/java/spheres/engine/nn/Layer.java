package spheres.engine.nn;

import java.util.List;
import spheres.engine.Tensor;

/**
 * One layer: forward and backward side by side. Outputs are buffers the layer owns and reuses while the batch
 * size stays the same; they are valid until the layer's next call. {@code backward} uses what the last
 * {@code forward} saw, writes (not accumulates) the parameter gradients, and computes the gradient with respect
 * to the input only when asked (the first layer of a training step needs none; an attack does).
 */
public interface Layer {
    Tensor forward(Tensor x, boolean training);

    /** Returns dL/dx when {@code inputGrad}, else null. */
    Tensor backward(Tensor dy, boolean inputGrad);

    /**
     * dL/dx only, for a model that is not being trained (an attack): parameter gradients may be left as they are,
     * which saves the weight-gradient gemms. Same bits as {@code backward(dy, true)}.
     */
    default Tensor inputGradient(Tensor dy) {
        return backward(dy, true);
    }

    /** Trainable parameters and buffers, in a fixed order, with local names. */
    List<Parameter> parameters();

    /** What PyTorch would print for it, e.g. {@code Linear(in_features=500, out_features=1000, bias=True)}. */
    String describe();
}
