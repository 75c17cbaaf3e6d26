package spheres.engine.nn;

import java.util.ArrayList;
import java.util.List;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/**
 * {@code y = x W^T + b}, W stored {@code [out, in]} as in {@code torch.nn.Linear}; b is {@code [1, out]}.
 * Backward: {@code dW = dy^T x}, {@code db = column sums of dy}, {@code dx = dy W}.
 */
public final class Linear implements Layer {
    private final Backend backend;
    public final int in, out;
    public final Parameter weight;
    /** Null without bias. */
    public final Parameter bias;

    private Tensor x, y, dx;

    public Linear(Backend backend, int in, int out, boolean bias) {
        if (in < 1 || out < 1) throw new IllegalArgumentException("Linear(" + in + ", " + out + "): sizes must be >= 1");
        this.backend = backend;
        this.in = in;
        this.out = out;
        this.weight = Parameter.trainable("weight", backend.allocate(out, in));
        this.bias = bias ? Parameter.trainable("bias", backend.allocate(1, out)) : null;
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        product(x);
        if (bias != null) backend.addBias(y, bias.value);
        return y;
    }

    /** {@code x W^T} without the bias, into this layer's output (kept for backward as the forward would). */
    Tensor product(Tensor x) {
        if (x.cols != in)
            throw new IllegalArgumentException("Linear(" + in + ", " + out + "): input is " + x.shape() + ", expected [n, " + in + "]");
        this.x = x;
        y = Buffers.ensure(backend, y, x.rows, out);
        backend.gemm(false, true, 1f, x, weight.value, 0f, y);
        return y;
    }

    Backend backend() {
        return backend;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGrad) {
        backend.gemm(true, false, 1f, dy, x, 0f, weight.grad);
        if (bias != null) backend.columnSums(dy, 0f, bias.grad);
        return inputGrad ? inputGradient(dy) : null;
    }

    @Override
    public Tensor inputGradient(Tensor dy) {
        dx = Buffers.ensure(backend, dx, dy.rows, in);
        backend.gemm(false, false, 1f, dy, weight.value, 0f, dx);
        return dx;
    }

    @Override
    public List<Parameter> parameters() {
        List<Parameter> ps = new ArrayList<>();
        ps.add(weight);
        if (bias != null) ps.add(bias);
        return ps;
    }

    @Override
    public String describe() {
        return "Linear(in_features=" + in + ", out_features=" + out + ", bias=" + (bias != null ? "True" : "False") + ")";
    }
}
