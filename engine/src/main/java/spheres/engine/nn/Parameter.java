package spheres.engine.nn;

import spheres.engine.Tensor;

/**
 * A named tensor of a layer: a trainable weight with its gradient, or a buffer (batch-norm running statistics)
 * with none. Names are PyTorch's ({@code weight}, {@code bias}, {@code running_mean}, ...), so that a state dict
 * we save loads into the same {@code torch.nn} layers.
 */
public final class Parameter {
    public final String name;
    public final Tensor value;
    /** The gradient, written by the layer's backward; null for a buffer. */
    public final Tensor grad;

    private Parameter(String name, Tensor value, Tensor grad) {
        this.name = name;
        this.value = value;
        this.grad = grad;
    }

    public static Parameter trainable(String name, Tensor value) {
        return new Parameter(name, value, value.backend().allocate(value.rows, value.cols));
    }

    public static Parameter buffer(String name, Tensor value) {
        return new Parameter(name, value, null);
    }

    public boolean isTrainable() {
        return grad != null;
    }

    /** The same parameter under a prefixed name, e.g. {@code 0.weight} inside a sequential model. */
    Parameter prefixed(String prefix) {
        return new Parameter(prefix + name, value, grad);
    }
}
