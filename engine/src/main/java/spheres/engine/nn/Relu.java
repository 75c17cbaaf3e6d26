package spheres.engine.nn;

import spheres.engine.Backend;
import spheres.engine.Tensor;

/** {@code y = max(x, 0)}; {@code dx = x > 0 ? dy : 0}. */
public final class Relu extends Activation {
    public Relu(Backend backend) {
        super(backend);
    }

    @Override
    void apply(Tensor x, Tensor y) {
        backend.reluForward(x, y);
    }

    @Override
    void derivative(Tensor x, Tensor dy, Tensor dx) {
        backend.reluBackward(x, dy, dx);
    }

    @Override
    public String describe() {
        return "ReLU()";
    }
}
