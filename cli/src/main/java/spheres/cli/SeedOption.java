package spheres.cli;

import picocli.CommandLine.Option;
import spheres.engine.workflow.Streams;

/** {@code --seed}: fixed by default, never the clock; what it seeds in a command is said in its help, from {@code Options.properties}. */
final class SeedOption {
    @Option(names = "--seed", defaultValue = "" + Streams.DEFAULT_SEED)
    long seed;
}
