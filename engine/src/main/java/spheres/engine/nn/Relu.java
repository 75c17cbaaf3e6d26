package spheres.engine.nn;

import java.util.List;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/** {@code y = max(x, 0)}; {@code dx = x > 0 ? dy : 0}. */
public final class Relu implements Layer {
    private final Backend backend;
    private Tensor x, y, dx;

    public Relu(Backend backend) {
        this.backend = backend;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        this.x = x;
        y = Buffers.ensure(backend, y, x.rows, x.cols);
        backend.reluForward(x, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGrad) {
        dx = Buffers.ensure(backend, dx, dy.rows, dy.cols);
        backend.reluBackward(x, dy, dx);
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of();
    }

    @Override
    public String describe() {
        return "ReLU()";
    }
}
