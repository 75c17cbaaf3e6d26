package spheres.cli;

import java.nio.file.Path;
import picocli.CommandLine.Parameters;

/** The trained model a command reads: a run folder or the model file itself. */
final class ModelArgument {
    @Parameters(paramLabel = "RUN", descriptionKey = "RUN")
    Path path;
}
