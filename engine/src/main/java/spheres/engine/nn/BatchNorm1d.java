package spheres.engine.nn;

import java.util.List;
import spheres.engine.Backend;
import spheres.engine.Tensor;

/**
 * {@code torch.nn.BatchNorm1d(features)} with eps 1e-5 and momentum 0.1: batch statistics in training (moving the
 * running statistics), running statistics in evaluation.
 *
 * <p>Backward after a training forward is the full batch-norm gradient. Backward after an evaluation forward
 * (an attack's input gradient) is the gradient of the fixed affine map, {@code dx = dy gamma / sqrt(var + eps)};
 * it reuses the evaluation kernel with zero mean and shift, and leaves the parameter gradients alone.
 */
public final class BatchNorm1d implements Layer {
    public static final float EPS = 1e-5f;
    public static final float MOMENTUM = 0.1f;

    private final Backend backend;
    public final int features;
    public final Parameter gamma, beta, runningMean, runningVar;
    private final Tensor saveMean, saveInvStd, zeros;

    private Tensor x, y, dx;
    private boolean lastTraining;
    /** PyTorch's {@code num_batches_tracked}: training forwards so far (saved in checkpoints). */
    public long batchesTracked;

    public BatchNorm1d(Backend backend, int features) {
        this.backend = backend;
        this.features = features;
        gamma = Parameter.trainable("weight", backend.allocate(1, features));
        beta = Parameter.trainable("bias", backend.allocate(1, features));
        runningMean = Parameter.buffer("running_mean", backend.allocate(1, features));
        runningVar = Parameter.buffer("running_var", backend.allocate(1, features));
        backend.fill(gamma.value, 1f);
        backend.fill(runningVar.value, 1f);
        saveMean = backend.allocate(1, features);
        saveInvStd = backend.allocate(1, features);
        zeros = backend.allocate(1, features);
    }

    @Override
    public Tensor forward(Tensor x, boolean training) {
        if (x.cols != features)
            throw new IllegalArgumentException("BatchNorm1d(" + features + "): input is " + x.shape() + ", expected [n, " + features + "]");
        if (training && x.rows < 2)
            throw new IllegalArgumentException("BatchNorm1d(" + features + "): a training batch of " + x.rows + " row; needs >= 2");
        this.x = x;
        lastTraining = training;
        y = Buffers.ensure(backend, y, x.rows, features);
        if (training) batchesTracked++;
        if (training)
            backend.batchNormTrain(x, gamma.value, beta.value, runningMean.value, runningVar.value, MOMENTUM, EPS,
                    y, saveMean, saveInvStd);
        else backend.batchNormEval(x, gamma.value, beta.value, runningMean.value, runningVar.value, EPS, y);
        return y;
    }

    @Override
    public Tensor backward(Tensor dy, boolean inputGrad) {
        dx = Buffers.ensure(backend, dx, dy.rows, features);
        if (lastTraining)
            backend.batchNormBackward(x, dy, gamma.value, saveMean, saveInvStd, dx, gamma.grad, beta.grad);
        else backend.batchNormEval(dy, gamma.value, zeros, zeros, runningVar.value, EPS, dx);
        return inputGrad ? dx : null;
    }

    @Override
    public List<Parameter> parameters() {
        return List.of(gamma, beta, runningMean, runningVar);
    }

    @Override
    public String describe() {
        return "BatchNorm1d(" + features + ", eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)";
    }
}
