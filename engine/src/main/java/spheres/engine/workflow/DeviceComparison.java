package spheres.engine.workflow;

import java.util.List;
import java.util.Locale;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.Tensor;
import spheres.engine.nn.BatchNorm1d;
import spheres.engine.nn.Layer;
import spheres.engine.nn.Linear;
import spheres.engine.nn.Parameter;
import spheres.engine.nn.Sequential;

/**
 * The same training run on two backends, compared: how far a device's weights and outputs drift from the
 * reference's (the CPU's) after a few steps from the same seed. The data are the same bits on both (counter-based
 * sampling); what differs is rounding, mostly the gemm's summation order, so a healthy device stays close and a
 * broken kernel shows as a large difference at once.
 *
 * <p>The bias of a Linear layer followed by batch norm is left out, and so is that batch norm's running mean, which
 * follows the bias: batch norm subtracts the bias again, so its gradient is rounding noise, and Adam, which divides
 * by the gradient's size, moves it by up to lr per step in a direction each backend's noise decides. For the same
 * reason the probe logits are taken in training mode (batch statistics), where those tensors play no part.
 */
public final class DeviceComparison {
    private DeviceComparison() {}

    /** Points of the probe batch whose logits are compared. */
    static final int PROBE = 256;

    /**
     * After {@code steps} steps: the largest relative weight difference over the model's tensors, each tensor's
     * {@code max |a - b| / max |a|}, and the tensor that has it; the same measure on the logits of a probe batch
     * (training mode); the last training losses on both; the seconds both trainings took.
     */
    public record Result(long steps, double weights, String worstTensor, double logits, double referenceLoss,
                         double deviceLoss, double seconds) {

        /** One line of {@code spheres devices --validate}, after the device's name (the reference is the CPU). */
        public String text() {
            return String.format(Locale.ROOT, "after %d step%s, weights differ by at most %.2e (relative, %s), logits by %.2e; loss %.6f "
                    + "(cpu %.6f); %.1f s", steps, steps == 1 ? "" : "s", weights, worstTensor, logits, deviceLoss, referenceLoss, seconds);
        }
    }

    /**
     * One line of {@code spheres devices --validate} (and of the GPU runs' header): the name of the backend {@code device}
     * opens, then {@link #train} of the paper's ReLU net for {@code steps} steps on it and on the CPU, {@code threads}
     * workers each, as {@link Result#text}.
     */
    public static String validate(String device, int threads, long steps) {
        try (Backend cpu = Backends.open("cpu", threads); Backend dev = Backends.open(device, threads)) {
            return dev.name() + ": " + train(cpu, dev, TrainConfig.paperRelu().withSteps(steps), steps).text();
        }
    }

    public static Result train(Backend reference, Backend device, TrainConfig config, long steps) {
        if (steps < 1) throw new IllegalArgumentException("steps = " + steps + ": must be >= 1");
        long start = System.nanoTime();
        try (Trainer a = new Trainer(reference, config); Trainer b = new Trainer(device, config)) {
            double la = 0, lb = 0;
            for (long s = 0; s < steps; s++) {
                la = a.step().loss();
                lb = b.step().loss();
            }
            List<Layer> ka = a.model().layers(), kb = b.model().layers();
            String worst = "none";
            double weights = 0;
            for (int l = 0; l < ka.size(); l++) {
                List<Parameter> pa = ka.get(l).parameters(), pb = kb.get(l).parameters();
                for (int i = 0; i < pa.size(); i++) {
                    if (followsCancelledBias(ka, l, pa.get(i))) continue;
                    double r = relative(reference.download(pa.get(i).value), device.download(pb.get(i).value));
                    if (r > weights || worst.equals("none")) {
                        weights = Math.max(weights, r);
                        worst = "layer " + l + " " + pa.get(i).name + " " + pa.get(i).value.shape();
                    }
                }
            }
            return new Result(steps, weights, worst, relative(probe(reference, a.model(), config), probe(device, b.model(), config)),
                    la, lb, (System.nanoTime() - start) / 1e9);
        }
    }

    /** The bias of a Linear that feeds batch norm, or the running mean of that batch norm. */
    private static boolean followsCancelledBias(List<Layer> layers, int l, Parameter p) {
        Layer layer = layers.get(l);
        if (layer instanceof Linear && l + 1 < layers.size() && layers.get(l + 1) instanceof BatchNorm1d)
            return p == ((Linear) layer).bias;
        return layer instanceof BatchNorm1d && l > 0 && layers.get(l - 1) instanceof Linear
                && ((Linear) layers.get(l - 1)).bias != null && p == ((BatchNorm1d) layer).runningMean;
    }

    /** The logits of a fixed batch of both spheres, in training mode (the models are not used afterwards). */
    private static float[] probe(Backend be, Sequential model, TrainConfig config) {
        try (Tensor x = be.allocate(PROBE, config.dim())) {
            be.sampleSpheres(config.seed(), Streams.EVAL_INNER, 0, 1f, config.radius(), 0.5, x, null);
            return be.download(model.forward(x, true));
        }
    }

    /** {@code max |a - b| / max |a|}; 0 for two zero tensors, infinite where b is NaN or a is zero and b is not. */
    static double relative(float[] a, float[] b) {
        double diff = 0, scale = 0;
        for (int i = 0; i < a.length; i++) {
            double d = Math.abs((double) a[i] - b[i]);
            diff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(diff, d);
            scale = Math.max(scale, Math.abs(a[i]));
        }
        return diff == 0 ? 0 : diff / scale;
    }
}
