package spheres.engine.nn;

import java.util.List;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/**
 * The quadratic net's readout {@code logit = w * sum_j h_j + b} with scalars w and b (the paper's
 * {@code w sum (W1 x)_j^2 + b}); output {@code [n, 1]}.
 */
public final class QuadraticReadout implements Layer {
    private final Backend backend;
    public final Parameter w, b;
    private Tensor s, logit, dh;

    public QuadraticReadout(Backend backend) {
        this.backend = backend;
        w = Parameter.trainable("w", backend.allocate(1, 1));
        b = Parameter.trainable("b", backend.allocate(1, 1));
    }

    @Override
    public Tensor forward(Tensor h, boolean training) {
        s = Buffers.ensure(backend, s, h.rows, 1);
        logit = Buffers.ensure(backend, logit, h.rows, 1);
        dh = Buffers.ensure(backend, dh, h.rows, h.cols);
        backend.quadReadoutForward(h, w.value, b.value, s, logit);
        return logit;
    }

    @Override
    public Tensor backward(Tensor dlogit, boolean inputGrad) {
        backend.quadReadoutBackward(dlogit, s, w.value, dh, w.grad, b.grad);
        return dh;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(w, b);
    }

    @Override
    public String describe() {
        return "QuadraticReadout()";
    }
}
