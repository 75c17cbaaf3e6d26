package spheres.cli;

import java.io.IOException;
import java.io.PrintStream;
import picocli.CommandLine.Option;
import spheres.engine.experiment.Json;

/** {@link Output} for a command that writes a result: {@code --json} prints its result record on stdout instead of the summary. */
final class ResultOutput extends Output {
    @Option(names = "--json")
    boolean json;

    @Override
    PrintStream summary() {
        return json ? NOWHERE : super.summary();
    }

    /** With {@code --json}, the record on stdout: the same JSON the result file holds. */
    void result(Object record) throws IOException {
        if (json) System.out.println(Json.text(record));
    }
}
