package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.io.DType;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.TrainConfig;

/** Logits of a trained model for the points of a .npy file. */
@Command(name = "predict", description = "Write a model's logits for given points (an [n, d] float32 .npy).",
        footer = {"", "Examples:", "  ./spheres predict runs/quick --input x.npy --output logits.npy"})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Parameters(paramLabel = "RUN", description = "A run folder (with model.safetensors) or a model .safetensors file.")
    Path target;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Points, float32 [n, d].")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "LOGITS.npy", description = "Where to write the logits, float32 [n].")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @Override
    public Integer call() throws IOException {
        Path model = Files.isDirectory(target) ? target.resolve(TrainCommand.MODEL) : target;
        if (!Files.isRegularFile(model)) throw new IllegalArgumentException(target + ": no model.safetensors there");
        if (!Files.isRegularFile(input)) throw new IllegalArgumentException("--input " + input + ": no such file");
        if (Files.exists(output) && !force) throw new IllegalArgumentException("--output " + output + ": exists; pass --force to overwrite it");
        TrainConfig config = Checkpoint.config(model);
        HostArray x = Npy.read(input).expect(input.toString(), DType.F32, -1, config.dim());
        int n = (int) x.shape()[0];
        try (Backend backend = runtime.open()) {
            Sequential net = config.newModel(backend);
            Checkpoint.loadModel(model, net, config);
            float[] logits = new float[n];
            if (n > 0) {
                try (Tensor xs = backend.upload(x.floats(), n, config.dim())) {
                    backend.read(net.forward(xs, false), logits);
                }
            }
            Npy.write(output, HostArray.of(logits, n));
        }
        System.out.println(n + " logits written to " + output);
        return ExitCodes.OK;
    }
}
