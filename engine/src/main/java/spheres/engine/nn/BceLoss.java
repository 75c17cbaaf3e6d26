package spheres.engine.nn;

import spheres.engine.Backend;
import spheres.engine.Tensor;

/** {@code torch.nn.BCEWithLogitsLoss()} (mean reduction): the loss value and its gradient for the logits. */
public final class BceLoss {
    private final Backend backend;
    private Tensor grad;

    public BceLoss(Backend backend) {
        this.backend = backend;
    }

    /** Returns the mean loss; the gradient with respect to the logits is then {@link #grad()}. */
    public double forward(Tensor logits, Tensor labels) {
        grad = Buffers.ensure(backend, grad, logits.rows, logits.cols);
        return backend.bceWithLogits(logits, labels, grad);
    }

    public Tensor grad() {
        return grad;
    }
}
