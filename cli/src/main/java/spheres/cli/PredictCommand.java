package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.workflow.TrainedModel;

/** Logits of a trained model for the points of a .npy file. */
@Command(name = "predict", description = "Write a model's logits for given points (an [n, d] float32 .npy).",
        footer = {"", "Examples:", "  ./spheres predict runs/quick --input x.npy --output logits.npy"})
final class PredictCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Mixin
    Output say;

    @Mixin
    ModelArgument target;

    @Option(names = "--input", required = true, paramLabel = "X.npy", description = "Points, float32 [n, d].")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "LOGITS.npy", description = "Where to write the logits, float32 [n].")
    Path output;

    @Option(names = "--force", description = "Overwrite an existing output file.")
    boolean force;

    @Option(names = "--chunk", defaultValue = "10000", description = "Points per forward pass (default: ${DEFAULT-VALUE}).")
    int chunk;

    @Override
    public Integer call() throws IOException {
        Path model = TrainedModel.file(target.path);
        if (!Files.isRegularFile(input)) throw new IllegalArgumentException("--input " + input + ": no such file");
        if (Files.exists(output) && !force) throw new IllegalArgumentException("--output " + output + ": exists; pass --force to overwrite it");
        try (Backend backend = runtime.open()) {
            HostArray logits = TrainedModel.load(backend, model).logits(backend, input, chunk);
            Npy.write(output, logits);
            say.summary().println(logits.shape()[0] + " logits written to " + output);
        }
        return ExitCodes.OK;
    }
}
