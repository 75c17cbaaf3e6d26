package spheres.engine.nn;

import java.util.ArrayList;
import java.util.List;
import spheres.engine.Backend;

/** The paper's two networks as short compositions of layers. */
public final class Models {
    private Models() {}

    /**
     * The ReLU net: for each hidden width {@code Linear -> [BatchNorm1d] -> ReLU}, then {@code Linear(.., 1)}.
     * The paper's is {@code d -> 1000 -> 1000 -> 1} with batch norm. Weights He-uniform, biases zero, batch norm
     * gamma 1 and beta 0 (the spec's choice where the paper is silent).
     */
    public static Sequential reluNet(Backend backend, int d, int[] hidden, boolean batchNorm, long seed) {
        if (d < 1) throw new IllegalArgumentException("input dimension " + d + ": must be >= 1");
        List<Layer> layers = new ArrayList<>();
        int in = d;
        long stream = 0;
        for (int width : hidden) {
            Linear lin = new Linear(backend, in, width, true);
            Init.heUniform(lin.weight.value, seed, stream++);
            layers.add(lin);
            if (batchNorm) layers.add(new BatchNorm1d(backend, width));
            layers.add(new Relu(backend));
            in = width;
        }
        Linear out = new Linear(backend, in, 1, true);
        Init.heUniform(out.weight.value, seed, stream);
        layers.add(out);
        return new Sequential(layers);
    }

    /**
     * The quadratic net {@code logit = w sum_j (W1 x)_j^2 + b}, W1 {@code [h, d]} without bias. Starts from
     * {@code W1 ~ N(0, 1/d)}, {@code w = 1/h}, {@code b = 0}.
     */
    public static Sequential quadraticNet(Backend backend, int d, int h, long seed) {
        if (d < 1 || h < 1) throw new IllegalArgumentException("quadratic net d = " + d + ", h = " + h + ": both must be >= 1");
        Linear lin = new Linear(backend, d, h, false);
        Init.normal(lin.weight.value, (float) (1.0 / Math.sqrt(d)), seed, 0);
        QuadraticReadout readout = new QuadraticReadout(backend);
        Init.constant(readout.w.value, 1f / h);
        return new Sequential(List.of(lin, new Square(backend), readout));
    }
}
