package spheres.engine.workflow;

import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.nn.AdamOptimizer;
import spheres.engine.nn.BceLoss;
import spheres.engine.nn.Sequential;
import spheres.kernels.Uniform;

/**
 * Training on the spheres: online (a fresh batch every step) or on a fixed set of N samples, shuffled per epoch.
 *
 * <p>Batch t holds the samples at positions {@code t B .. t B + B - 1} of the run's sample sequence. Online, position
 * p is sample p of the online stream; on a fixed set, position p is sample {@code perm_e[p mod N]} of the set's
 * stream, {@code e = p / N}, where {@code perm_e} is a shuffle drawn from its own stream. So the data of any step
 * is a pure function of the seed and the step number: resuming needs no saved generator state. With a user's
 * {@link LabeledPoints} the set's stream is replaced by the file's rows; the shuffles stay the same.
 */
public final class Trainer implements AutoCloseable {
    private final Backend backend;
    private final TrainConfig config;
    private final Sequential model;
    private final AdamOptimizer adam;
    private final BceLoss loss;
    private final Tensor x, y;
    private final long[] index;
    private final float[] logits, labels;
    private final LabeledPoints data;
    private final float[] xHost;
    private int[] perm;
    private long permEpoch = -1;

    /** What one step saw: the mean loss of the batch and the fraction of it classified right before the update. */
    public record Step(long step, double loss, double accuracy) {}

    public Trainer(Backend backend, TrainConfig config) {
        this(backend, config, null);
    }

    /** Trains on the rows of {@code data} (when not null): the config's train size and dimension must be the file's. */
    public Trainer(Backend backend, TrainConfig config, LabeledPoints data) {
        if (data != null && (config.trainSize() != data.n() || config.dim() != data.dim()))
            throw new IllegalArgumentException(data.source() + ": holds " + data.n() + " points of dimension " + data.dim()
                    + "; the run expects " + config.trainSize() + " of dimension " + config.dim());
        this.data = data;
        this.xHost = data == null ? null : new float[config.batch() * config.dim()];
        this.backend = backend;
        this.config = config.validate();
        this.model = config.newModel(backend);
        this.adam = new AdamOptimizer(backend, model.trainable(), config.lr());
        this.loss = new BceLoss(backend);
        this.x = backend.allocate(config.batch(), config.dim());
        this.y = backend.allocate(config.batch(), 1);
        this.index = new long[config.batch()];
        this.logits = new float[config.batch()];
        this.labels = new float[config.batch()];
        if (!config.online() && config.trainSize() > Integer.MAX_VALUE)
            throw new IllegalArgumentException("--train-size " + config.trainSize() + ": at most " + Integer.MAX_VALUE);
    }

    public Sequential model() {
        return model;
    }

    public AdamOptimizer optimizer() {
        return adam;
    }

    public TrainConfig config() {
        return config;
    }

    /** Steps taken so far (the optimizer's count, restored on resume). */
    public long steps() {
        return adam.steps();
    }

    /** Fills x and y with the batch of step t. */
    void batch(long t) {
        long first = t * config.batch();
        if (config.online()) {
            backend.sampleSpheres(config.seed(), Streams.TRAIN_ONLINE, first, 1f, config.radius(), 0.5, x, y);
            return;
        }
        long n = config.trainSize();
        for (int i = 0; i < index.length; i++) {
            long p = first + i;
            int within = (int) (p % n);
            index[i] = config.shuffle() ? permutation(p / n)[within] : within;
        }
        if (data != null) {
            for (int i = 0; i < index.length; i++) data.copyRow((int) index[i], xHost, labels, i);
            backend.write(xHost, x);
            backend.write(labels, y);
            return;
        }
        backend.sampleSpheres(config.seed(), Streams.TRAIN_SET, index, 1f, config.radius(), 0.5, x, y);
    }

    /** The shuffle of epoch e: Fisher-Yates driven by uniforms of the epoch's stream. */
    private int[] permutation(long epoch) {
        if (epoch == permEpoch) return perm;
        int n = (int) config.trainSize();
        if (perm == null) perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        float[] u = new float[Math.min(n, 1 << 16)];
        for (int start = n - 1; start > 0; start -= u.length) {
            int len = Math.min(u.length, start);
            Uniform.fill(config.seed(), Streams.SHUFFLE + epoch, n - 1 - start, len, u, 0);
            for (int k = 0; k < len; k++) {
                int i = start - k;
                int j = Math.min(i, (int) (u[k] * (i + 1)));
                int tmp = perm[i];
                perm[i] = perm[j];
                perm[j] = tmp;
            }
        }
        permEpoch = epoch;
        return perm;
    }

    /** One Adam step on the next batch. Throws {@link ArithmeticException} naming the step if the loss is not finite. */
    public Step step() {
        long t = adam.steps();
        batch(t);
        Tensor out = model.forward(x, true);
        double l = loss.forward(out, y);
        if (!Double.isFinite(l)) throw new ArithmeticException("loss is " + l + " at step " + (t + 1));
        backend.read(out, logits);
        backend.read(y, labels);
        int right = 0;
        for (int i = 0; i < logits.length; i++) if ((logits[i] > 0) == (labels[i] > 0.5f)) right++;
        model.backward(loss.grad(), false);
        adam.step();
        return new Step(t + 1, l, (double) right / logits.length);
    }

    @Override
    public void close() {
        x.close();
        y.close();
    }
}
