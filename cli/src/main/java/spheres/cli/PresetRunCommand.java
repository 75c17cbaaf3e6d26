package spheres.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.ObjDoubleConsumer;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import spheres.engine.Backend;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.PresetRun;
import spheres.figures.Figures;
import spheres.figures.Format;

/**
 * A {@link ResultCommand} that runs a preset into a run folder it can resume (sweep, trade-off): {@code --preset},
 * {@code --seed}, {@code --out} with {@code --force}, {@code --resume}, the budgets every preset sets, and the run itself,
 * from opening the backend to the summary; each command gives its own settings, its bar's words, its figure and its last line.
 */
abstract class PresetRunCommand extends ResultCommand {
    @Spec
    CommandSpec spec;

    @Option(names = "--preset", defaultValue = "quick")
    String preset;

    @Mixin
    SeedOption seed;

    @Mixin
    OutOptions out;

    @Option(names = "--resume")
    boolean resume;

    // What every preset sets and a flag may change (null: the preset's): the nets' training, the sampled error rates, the attack.
    @Option(names = "--width")
    Integer width;

    @Option(names = "--batch")
    Integer batch;

    @Option(names = "--lr")
    Float lr;

    @Option(names = "--steps")
    Long steps;

    @Option(names = {"-n", "--samples"}, paramLabel = "N")
    Long samples;

    @Option(names = "--attack-starts", paramLabel = "N")
    Integer attackStarts;

    /** How the run begins once the backend is open and its folder made: the one resumed, or a fresh one started there. */
    interface Begin<P, R extends PresetRun.Result> {
        PresetRun<?, P, R> in(Path dir, Environment environment) throws IOException;
    }

    /** {@code --seed} where given, else null: the preset's seed holds (the same number), and a resume takes none. */
    Long seed() {
        return spec.commandLine().getParseResult().hasMatchedOption("--seed") ? seed.seed : null;
    }

    Path dir() {
        return out.or(Path.of("runs", spec.name() + "-" + preset));
    }

    /** Whether this continues a run; with {@code --resume} the folder must be named and no setting given, the seed included (the saved ones hold). */
    boolean resuming(boolean settingsGiven) {
        if (!resume) return false;
        if (out.out == null) throw new IllegalArgumentException("--resume: name the run folder with --out");
        if (settingsGiven || !preset.equals("quick"))
            throw new IllegalArgumentException("--resume: continues with the saved configuration; drop the settings flags");
        return true;
    }

    /**
     * Runs what {@code begin} gives, {@code progress} stepping a bar, into the run folder (the one to resume, or a fresh
     * one); then prints its table, draws its figure of {@code kind} and has {@code summary} say the last line, given the
     * seconds the run took.
     */
    <P, R extends PresetRun.Result> int run(Figures.Kind kind, Begin<P, R> begin, ObjDoubleConsumer<R> summary,
            Function<Progress, P> progress) throws IOException {
        try (Backend backend = runtime.open()) { // a bad --device or --threads is refused before the folder is made
            Path dir = resume ? RunFolder.existing(dir()) : RunFolder.create(dir(), out.force);
            PresetRun<?, P, R> stage = begin.in(dir, environment(backend));
            long start = System.nanoTime();
            R result;
            try (Progress bar = output.bar(spec.name(), stage.remainingSteps(), "steps")) {
                result = stage.run(backend, progress.apply(bar));
            }
            output.result(result);
            output.summary().print(result.table());
            Figures.draw(dir, kind, Format.PNG);
            summary.accept(result, (System.nanoTime() - start) / 1e9);
        }
        return ExitCodes.OK;
    }
}
