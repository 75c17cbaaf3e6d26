package spheres.engine.nn;

import java.util.ArrayList;
import java.util.List;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/** {@code torch.optim.Adam} over a fixed list of parameters: moments m and v per parameter, step count t. */
public final class AdamOptimizer {
    public final float lr, beta1, beta2, eps;
    private final Backend backend;
    private final List<Parameter> params;
    private final List<Tensor> m = new ArrayList<>(), v = new ArrayList<>();
    private long t;

    public AdamOptimizer(Backend backend, List<Parameter> params, float lr, float beta1, float beta2, float eps) {
        if (!(lr > 0) || !(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1) || !(eps >= 0))
            throw new IllegalArgumentException("Adam: lr = " + lr + ", betas = (" + beta1 + ", " + beta2 + "), eps = " + eps
                    + "; need lr > 0, 0 <= beta < 1, eps >= 0");
        this.backend = backend;
        this.params = List.copyOf(params);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        for (Parameter p : this.params) {
            if (!p.isTrainable()) throw new IllegalArgumentException("Adam: " + p.name + " is a buffer, not a trainable parameter");
            m.add(backend.allocate(p.value.rows, p.value.cols));
            v.add(backend.allocate(p.value.rows, p.value.cols));
        }
    }

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8. */
    public AdamOptimizer(Backend backend, List<Parameter> params, float lr) {
        this(backend, params, lr, 0.9f, 0.999f, 1e-8f);
    }

    /** Applies the gradients now in the parameters' {@code grad} tensors. */
    public void step() {
        t++;
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            backend.adamStep(p.value, p.grad, m.get(i), v.get(i), lr, beta1, beta2, eps, t);
        }
    }

    public long steps() {
        return t;
    }

    /** The moments, in parameter order (m then v per parameter), for checkpoints. */
    public List<Tensor> moments() {
        List<Tensor> all = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            all.add(m.get(i));
            all.add(v.get(i));
        }
        return all;
    }

    /** Resumes the step count of a restored checkpoint. */
    public void setSteps(long steps) {
        if (steps < 0) throw new IllegalArgumentException("Adam: step count " + steps + " must be >= 0");
        t = steps;
    }
}
