package spheres.engine.nn;

import spheres.engine.Backend;
import spheres.engine.Tensor;

/**
 * Linear (with bias), BatchNorm1d and ReLU in a row, run by {@link Sequential} as one block when it evaluates (an
 * evaluation, an attack): the product {@code x W^T}, then bias, batch norm and ReLU in one pass over it
 * ({@link Backend#biasBatchNormReluEval}), and backward one pass for ReLU and batch norm before the Linear's own. The
 * same bits as the three layers one after the other; training runs them one after the other.
 */
final class EvalBlock {
    final Linear linear;
    final BatchNorm1d norm;
    private Tensor y, dz;

    private EvalBlock(Linear linear, BatchNorm1d norm) {
        this.linear = linear;
        this.norm = norm;
    }

    /** The block that starts at layer i, or null where layers i..i+2 are not Linear with bias, BatchNorm1d, ReLU. */
    static EvalBlock at(java.util.List<Layer> layers, int i) {
        if (i + 2 >= layers.size()) return null;
        if (layers.get(i) instanceof Linear l && l.bias != null && layers.get(i + 1) instanceof BatchNorm1d n
                && n.features == l.out && layers.get(i + 2) instanceof Relu) return new EvalBlock(l, n);
        return null;
    }

    Tensor forward(Tensor x) {
        y = linear.product(x);
        linear.backend().biasBatchNormReluEval(y, linear.bias.value, norm.gamma.value, norm.beta.value,
                norm.runningMean.value, norm.runningVar.value, BatchNorm1d.EPS, y);
        return y;
    }

    /** The gradient at the Linear's output, from the gradient at the ReLU's output. */
    Tensor backwardToLinear(Tensor dy) {
        dz = Buffers.ensure(linear.backend(), dz, dy.rows, dy.cols);
        linear.backend().batchNormReluEvalBackward(y, dy, norm.gamma.value, norm.runningVar.value, BatchNorm1d.EPS, dz);
        return dz;
    }
}
