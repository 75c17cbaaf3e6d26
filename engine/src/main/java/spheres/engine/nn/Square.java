package spheres.engine.nn;

import spheres.engine.Backend;
import spheres.engine.Tensor;

/** {@code y = x^2} elementwise, the quadratic net's activation; {@code dx = 2 x dy}. */
public final class Square extends Activation {
    public Square(Backend backend) {
        super(backend);
    }

    @Override
    void apply(Tensor x, Tensor y) {
        backend.squareForward(x, y);
    }

    @Override
    void derivative(Tensor x, Tensor dy, Tensor dx) {
        backend.squareBackward(x, dy, dx);
    }

    @Override
    public String describe() {
        return "Square()";
    }
}
