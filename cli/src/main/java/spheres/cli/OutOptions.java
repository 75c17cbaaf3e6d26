package spheres.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where a command writes, and whether it may overwrite: {@code --out} and {@code --force}. What each means in a
 * command (a run folder, a result file) is said in its help, from {@code Options.properties}.
 */
final class OutOptions {
    @Option(names = "--out")
    Path out;

    @Option(names = "--force")
    boolean force;

    /** {@code --out}, or the command's default. */
    Path or(Path fallback) {
        return out != null ? out : fallback;
    }

    /** A fresh run folder there ({@link RunFolder#create}). */
    Path folder(Path fallback) throws IOException {
        return RunFolder.create(or(fallback), force);
    }
}
