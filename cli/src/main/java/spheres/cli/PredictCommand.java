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
@Command(name = "predict")
final class PredictCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Mixin
    Output say;

    @Mixin
    ModelArgument target;

    @Option(names = "--input", required = true, paramLabel = "X.npy")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "LOGITS.npy")
    Path output;

    @Option(names = "--force")
    boolean force;

    @Option(names = "--chunk", defaultValue = "10000")
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
