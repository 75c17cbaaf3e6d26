package spheres.engine.nn;

import java.util.List;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/** An elementwise function without parameters: keeps its input for the backward pass, owns its outputs. */
abstract class Activation implements Layer {
    protected final Backend backend;
    private Tensor x, y, dx;

    Activation(Backend backend) {
        this.backend = backend;
    }

    /** {@code y = f(x)}. */
    abstract void apply(Tensor x, Tensor y);

    /** {@code dx = f'(x) dy}. */
    abstract void derivative(Tensor x, Tensor dy, Tensor dx);

    @Override
    public final Tensor forward(Tensor x, boolean training) {
        this.x = x;
        y = Buffers.ensure(backend, y, x.rows, x.cols);
        apply(x, y);
        return y;
    }

    @Override
    public final Tensor backward(Tensor dy, boolean inputGrad) {
        dx = Buffers.ensure(backend, dx, dy.rows, dy.cols);
        derivative(x, dy, dx);
        return dx;
    }

    @Override
    public final List<Parameter> parameters() {
        return List.of();
    }
}
