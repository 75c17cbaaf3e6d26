package spheres.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import spheres.engine.Backend;
import spheres.engine.experiment.Environment;

/**
 * A command that computes on a backend and writes a result: the options of where and how to run ({@link RuntimeOptions})
 * and of what it says ({@link ResultOutput}: {@code --json}, {@code --quiet}, {@code --progress}), as jbang's commands
 * share theirs through a base class.
 */
abstract class ResultCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Mixin
    ResultOutput output;

    /** Where the run computes, as its config.json records it: the backend and the worker threads. */
    Environment environment(Backend backend) {
        return Environment.of(backend, runtime.threads());
    }
}
