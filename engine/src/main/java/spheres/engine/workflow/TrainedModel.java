package spheres.engine.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.io.DType;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.io.SafeTensors;
import spheres.engine.nn.Sequential;

/** A model loaded from a checkpoint, with what its file says of it; what eval, predict, attacks and figures start from. */
public record TrainedModel(ModelSpec spec, Sequential net, Path file) {
    public static final String MODEL_FILE = "model.safetensors";

    /** Loads {@code target}: a run folder (its {@code model.safetensors}) or a model file. */
    public static TrainedModel load(Backend backend, Path target) throws IOException {
        Path file = file(target);
        ModelSpec spec = Checkpoint.spec(file);
        Sequential net = spec.newModel(backend, 0); // every weight is then loaded: the seed draws nothing that stays
        Checkpoint.loadModel(file, net, spec.model());
        return new TrainedModel(spec, net, file);
    }

    /**
     * The model file a run folder or file argument names; one line when there is none, or when the file is not a
     * safetensors file at all (say what RUN must be, not how its bytes failed to parse).
     */
    public static Path file(Path target) {
        Path file = Files.isDirectory(target) ? target.resolve(MODEL_FILE) : target;
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(target + ": no " + MODEL_FILE + " there");
        if (!SafeTensors.looksLike(file))
            throw new IllegalArgumentException(target + ": not a model; RUN is a run folder (with " + MODEL_FILE + ") or a model .safetensors file");
        return file;
    }

    /**
     * The logits (evaluation mode) of the n points of {@code x} (row-major [n, dim]) into {@code out}, a chunk of rows
     * per forward pass so that memory stays bounded for any n.
     */
    public void logits(Backend backend, float[] x, int n, int chunk, float[] out) {
        if (chunk < 1) throw new IllegalArgumentException("--chunk " + chunk + ": must be >= 1");
        int dim = spec.dim();
        if (x.length < (long) n * dim || out.length < n)
            throw new IllegalArgumentException("logits: " + x.length + " floats and " + out.length + " outputs for " + n + " points of dimension " + dim);
        float[] rows = new float[Math.min(chunk, Math.max(n, 1)) * dim], part = new float[rows.length / dim];
        try (Backend.Frozen weights = net.freeze()) {
            for (int start = 0; start < n; start += chunk) {
                int k = Math.min(chunk, n - start);
                System.arraycopy(x, start * dim, rows, 0, k * dim);
                try (Tensor xs = backend.allocate(k, dim)) {
                    backend.write(rows, xs);
                    backend.read(net.forward(xs, false), part);
                }
                System.arraycopy(part, 0, out, start, k);
            }
        }
    }

    /** The logits of the points of a .npy file (float32 [n, dim], every value finite), as {@code spheres predict} writes them: float32 [n]. */
    public HostArray logits(Backend backend, Path points, int chunk) throws IOException {
        HostArray x = Npy.read(points).expect(points.toString(), DType.F32, -1, spec.dim());
        int n = (int) x.shape()[0];
        float[] out = new float[n];
        logits(backend, x.finitePoints(points.toString()), n, chunk, out);
        return HostArray.of(out, n);
    }
}
