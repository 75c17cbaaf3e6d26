package spheres.engine.nn;

import java.util.List;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/** {@code y = x^2} elementwise, the quadratic net's activation; {@code dx = 2 x dy}. */
public final class Square implements Layer {
    private final Backend backend;
    private Tensor x, y, dx;

    public Square(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        y = Buffers.ensure(backend, y, x.rows, x.cols);
        backend.squareForward(x, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGrad) {
        dx = Buffers.ensure(backend, dx, dy.rows, dy.cols);
        backend.squareBackward(x, dy, dx);
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String describe() {
        return "Square()";
    }
}
