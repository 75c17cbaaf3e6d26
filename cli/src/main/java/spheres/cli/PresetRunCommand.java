package spheres.cli;

import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A {@link ResultCommand} that runs a preset into a run folder it can resume (sweep, trade-off): {@code --preset},
 * {@code --seed}, {@code --out} with {@code --force}, {@code --resume}.
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

    /** The run folder: the one to resume, or a fresh one. */
    Path folder() throws IOException {
        return resume ? RunFolder.existing(dir()) : RunFolder.create(dir(), out.force);
    }
}
