package spheres.engine.workflow;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.io.DType;
import spheres.engine.io.FormatException;
import spheres.engine.io.HostArray;
import spheres.engine.io.SafeTensors;
import spheres.engine.nn.BatchNorm1d;
import spheres.engine.nn.Layer;
import spheres.engine.nn.Linear;
import spheres.engine.nn.ModelKind;
import spheres.engine.nn.Parameter;
import spheres.engine.nn.QuadraticReadout;
import spheres.engine.nn.Sequential;

/**
 * Model and optimizer checkpoints as safetensors, with PyTorch's names and shapes so that Python loads them
 * without conversion: the ReLU net as {@code torch.nn.Sequential} ({@code 0.weight}, {@code 1.running_mean},
 * {@code 1.num_batches_tracked}, ...; biases and batch-norm vectors 1-D), the quadratic net as
 * {@code hidden.weight [h, d]}, {@code scale [1]}, {@code bias [1]}. A model file's metadata holds the model's own
 * fields ({@link ModelSpec}), so a checkpoint alone rebuilds its model; the optimizer file's holds the whole training
 * configuration, since it is the training's state.
 */
public final class Checkpoint {
    public static final String FORMAT = "spheres-checkpoint-1";

    private Checkpoint() {}

    /** One entry of the state dict: its name, its tensor, and the shape PyTorch gives it. */
    private record Entry(String name, Tensor value, long[] shape) {}

    private static List<Entry> entries(Sequential model, ModelKind kind) {
        List<Entry> out = new java.util.ArrayList<>();
        List<Layer> layers = model.layers();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            String pre = i + ".";
            if (l instanceof Linear) {
                Linear lin = (Linear) l;
                out.add(new Entry(kind == ModelKind.QUADRATIC ? "hidden.weight" : pre + "weight", lin.weight.value, new long[] {lin.out, lin.in}));
                if (lin.bias != null) out.add(new Entry(pre + "bias", lin.bias.value, new long[] {lin.out}));
            } else if (l instanceof BatchNorm1d) {
                BatchNorm1d bn = (BatchNorm1d) l;
                for (Parameter p : bn.parameters()) out.add(new Entry(pre + p.name, p.value, new long[] {bn.features}));
            } else if (l instanceof QuadraticReadout) {
                QuadraticReadout q = (QuadraticReadout) l;
                out.add(new Entry("scale", q.w.value, new long[] {1}));
                out.add(new Entry("bias", q.b.value, new long[] {1}));
            }
        }
        return out;
    }

    private static Backend backendOf(Sequential model) {
        return model.parameters().get(0).value.backend();
    }

    /**
     * Writes the model's state dict (atomically) with the configuration in the metadata; refuses non-finite weights
     * ({@link ArithmeticException}, nothing written), so every checkpoint on disk is usable.
     */
    public static void saveModel(Path file, Sequential model, TrainConfig config) throws IOException {
        Backend be = backendOf(model);
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        List<Layer> layers = model.layers();
        for (Entry e : entries(model, config.model())) {
            float[] v = be.download(e.value);
            int i = HostArray.firstNonFinite(v);
            if (i >= 0)
                throw new ArithmeticException("the weights hold " + v[i] + " (tensor '" + e.name + "', index " + i + "); no checkpoint of them is written");
            tensors.put(e.name, HostArray.of(v, e.shape));
            if (e.name.endsWith(".running_var")) {
                BatchNorm1d bn = (BatchNorm1d) layers.get(Integer.parseInt(e.name.substring(0, e.name.indexOf('.'))));
                tensors.put(e.name.replace("running_var", "num_batches_tracked"), HostArray.of(new long[] {bn.batchesTracked}));
            }
        }
        new SafeTensors(tensors, metadata(config.spec())).write(file);
    }

    /** Loads a state dict into a model of the same architecture, of kind {@code kind}; names, dtypes and shapes are checked. */
    public static void loadModel(Path file, Sequential model, ModelKind kind) throws IOException {
        SafeTensors st = SafeTensors.read(file);
        Backend be = backendOf(model);
        List<Layer> layers = model.layers();
        for (Entry e : entries(model, kind)) {
            float[] v = st.tensor(e.name, DType.F32, e.shape).floats();
            int i = HostArray.firstNonFinite(v);
            if (i >= 0)
                throw new FormatException(file + ": tensor '" + e.name + "' holds " + v[i] + " at index " + i
                        + "; a model with non-finite weights gives no usable numbers (a diverged run? use an earlier checkpoint)");
            be.write(v, e.value);
            if (e.name.endsWith(".running_var")) {
                BatchNorm1d bn = (BatchNorm1d) layers.get(Integer.parseInt(e.name.substring(0, e.name.indexOf('.'))));
                bn.batchesTracked = st.tensor(e.name.replace("running_var", "num_batches_tracked"), DType.I64).longs()[0];
            }
        }
    }

    /** The model a model file holds: its kind, dimension, radius and architecture (files of any version). */
    public static ModelSpec spec(Path file) throws IOException {
        Map<String, String> m = formatted(file);
        try {
            ModelKind kind = ModelKind.parse(m.get("model"));
            boolean quadratic = kind == ModelKind.QUADRATIC;
            return ModelSpec.of(kind, Integer.parseInt(m.get("dim")), Float.parseFloat(m.get("radius")),
                    quadratic ? 0 : Integer.parseInt(m.get("width")), quadratic ? 0 : Integer.parseInt(m.get("depth")),
                    !quadratic && Boolean.parseBoolean(m.get("batch_norm")), quadratic ? Integer.parseInt(m.get("hidden")) : 0);
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new FormatException(file + ": model metadata incomplete or invalid (" + e.getMessage() + ")");
        }
    }

    /** The training configuration an optimizer file was written with. */
    public static TrainConfig config(Path file) throws IOException {
        Map<String, String> m = formatted(file);
        try {
            return new TrainConfig(ModelKind.parse(m.get("model")), Integer.parseInt(m.get("dim")), Float.parseFloat(m.get("radius")),
                    Integer.parseInt(m.get("width")), Integer.parseInt(m.get("depth")), Boolean.parseBoolean(m.get("batch_norm")),
                    Integer.parseInt(m.get("hidden")), Integer.parseInt(m.get("batch")), Float.parseFloat(m.get("lr")),
                    Long.parseLong(m.get("steps")), Long.parseLong(m.get("train_size")), Boolean.parseBoolean(m.get("shuffle")),
                    Long.parseLong(m.get("seed"))).validate();
        } catch (NullPointerException | IllegalArgumentException e) {
            throw new FormatException(file + ": checkpoint metadata incomplete or invalid (" + e.getMessage() + ")");
        }
    }

    /** A spheres checkpoint's metadata; refused in one line when the file is another kind of safetensors. */
    private static Map<String, String> formatted(Path file) throws IOException {
        Map<String, String> m = SafeTensors.read(file).metadata();
        if (!FORMAT.equals(m.get("format")))
            throw new FormatException(file + ": metadata format is '" + m.get("format") + "'; expected '" + FORMAT + "' (a spheres checkpoint)");
        return m;
    }

    /** A model file's: the format and the model's own fields, those of its kind only. */
    private static Map<String, String> metadata(ModelSpec s) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("model", s.model().id());
        m.put("dim", "" + s.dim());
        m.put("radius", "" + s.radius());
        if (s.model() == ModelKind.QUADRATIC) {
            m.put("hidden", "" + s.hidden());
        } else {
            m.put("width", "" + s.width());
            m.put("depth", "" + s.depth());
            m.put("batch_norm", "" + s.batchNorm());
        }
        return m;
    }

    /** An optimizer file's: the format and the whole training configuration. */
    private static Map<String, String> metadata(TrainConfig c) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("model", c.model().id());
        m.put("dim", "" + c.dim());
        m.put("radius", "" + c.radius());
        m.put("width", "" + c.width());
        m.put("depth", "" + c.depth());
        m.put("batch_norm", "" + c.batchNorm());
        m.put("hidden", "" + c.hidden());
        m.put("batch", "" + c.batch());
        m.put("lr", "" + c.lr());
        m.put("steps", "" + c.steps());
        m.put("train_size", "" + c.trainSize());
        m.put("shuffle", "" + c.shuffle());
        m.put("seed", "" + c.seed());
        return m;
    }

    /**
     * Writes the Adam state: per trainable parameter its moments as {@code <name>.exp_avg} and {@code .exp_avg_sq}
     * (PyTorch's names), and the step count, which is also the data position: batch t is a function of t.
     */
    public static void saveOptimizer(Path file, Trainer trainer, String modelChecksum) throws IOException {
        Backend be = backendOf(trainer.model());
        Map<String, HostArray> tensors = new LinkedHashMap<>();
        List<Parameter> ps = trainer.model().trainable();
        List<Tensor> moments = trainer.optimizer().moments();
        for (int i = 0; i < ps.size(); i++) {
            long[] shape = {ps.get(i).value.rows, ps.get(i).value.cols};
            tensors.put(ps.get(i).name + ".exp_avg", HostArray.of(be.download(moments.get(2 * i)), shape));
            tensors.put(ps.get(i).name + ".exp_avg_sq", HostArray.of(be.download(moments.get(2 * i + 1)), shape));
        }
        tensors.put("step", HostArray.of(new long[] {trainer.steps()}));
        Map<String, String> meta = metadata(trainer.config());
        meta.put("examples_seen", "" + trainer.steps() * trainer.config().batch());
        meta.put(MODEL_CHECKSUM, modelChecksum);
        new SafeTensors(tensors, meta).write(file);
    }

    /** Loads the Adam state and the step into the trainer; returns the file's metadata (the weights' checksum among it). */
    public static Map<String, String> loadOptimizer(Path file, Trainer trainer) throws IOException {
        SafeTensors st = SafeTensors.read(file);
        Backend be = backendOf(trainer.model());
        List<Parameter> ps = trainer.model().trainable();
        List<Tensor> moments = trainer.optimizer().moments();
        for (int i = 0; i < ps.size(); i++) {
            long[] shape = {ps.get(i).value.rows, ps.get(i).value.cols};
            be.write(st.tensor(ps.get(i).name + ".exp_avg", DType.F32, shape).floats(), moments.get(2 * i));
            be.write(st.tensor(ps.get(i).name + ".exp_avg_sq", DType.F32, shape).floats(), moments.get(2 * i + 1));
        }
        trainer.optimizer().setSteps(step(st, file));
        return st.metadata();
    }

    /** Optimizer metadata key: the CRC32C of the weights file saved with it ({@link #fileChecksum}), pairing the two. */
    public static final String MODEL_CHECKSUM = "model_crc32c";

    /** The CRC32C of a whole file, as 8 hex digits. */
    public static String fileChecksum(Path file) throws IOException {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        try (java.io.InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) crc.update(buf, 0, n);
        }
        return String.format("%08x", crc.getValue());
    }

    /** The step an optimizer file was saved at (the training steps it holds), without loading its moments. */
    public static long step(Path file) throws IOException {
        return step(SafeTensors.read(file), file);
    }

    private static long step(SafeTensors st, Path file) throws FormatException {
        long step = st.tensor("step", DType.I64).longs()[0];
        if (step < 0) throw new FormatException(file + ": step " + step + " is negative");
        return step;
    }
}
