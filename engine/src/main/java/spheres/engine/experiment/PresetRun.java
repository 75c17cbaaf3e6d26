package spheres.engine.experiment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.function.Predicate;
import spheres.engine.Backend;

/**
 * A stage that trains and measures several nets into one run folder, from a preset, and goes on where it stopped (the
 * sweep, the trade-off): its parts, a net each in its own subfolder, the steps left over all of them (what a command's
 * bar counts), and what it found.
 *
 * @param <T> its part
 * @param <P> its progress listener
 * @param <R> its result
 */
public abstract class PresetRun<T extends PresetRun.Part, P, R extends PresetRun.Result> {
    /** One net of the stage, in its subfolder, resumable from its last save. */
    public interface Part {
        /** Training steps in all. */
        long steps();

        /** Training steps still to run: fewer after a save, none once trained. */
        long remainingSteps() throws IOException;

        /** Deletes what an earlier run left in its folder. */
        void clear() throws IOException;

        /** Deletes the files of {@code dir} (if it exists) whose names {@code ours} accepts: a part's {@link #clear}. */
        static void delete(Path dir, Predicate<String> ours) throws IOException {
            if (!Files.isDirectory(dir)) return;
            try (var files = Files.list(dir)) {
                for (Path f : (Iterable<Path>) files::iterator) if (ours.test(f.getFileName().toString())) Files.delete(f);
            }
        }
    }

    /** What a preset run found. */
    public interface Result {
        /** The table of its points, a row each, as its command prints it. */
        String table();
    }

    /** A part's run, told how to turn the step it reached into the steps run in this call over all parts. */
    protected interface PartRun<T> {
        void run(T part, LongUnaryOperator done) throws IOException;
    }

    protected final Path dir;
    private final List<T> parts;

    protected PresetRun(Path dir, List<T> parts) {
        this.dir = dir;
        this.parts = List.copyOf(parts);
    }

    protected List<T> parts() {
        return parts;
    }

    /** Training steps still to run, over all its nets. */
    public long remainingSteps() throws IOException {
        long total = 0;
        for (T p : parts) total += p.remainingSteps();
        return total;
    }

    /** Trains and measures what is still missing (what is done is read back), then writes the result's files into the folder. */
    public abstract R run(Backend backend, P progress) throws IOException;

    /** {@code run} started afresh: what earlier runs left in its parts' folders goes, and its config.json ({@code record}) is written. */
    protected static <S extends PresetRun<?, ?, ?>> S fresh(S run, RunRecord<?> record) throws IOException {
        Files.createDirectories(run.dir);
        for (Part p : run.parts()) p.clear();
        record.write(run.dir);
        return run;
    }

    /**
     * Runs {@code each} on every part in order. Its {@code done} maps the step a part reached to the steps run in this call
     * over all parts: never decreasing, from 0 (a part may first report where it resumed) to {@link #remainingSteps()}
     * however far each part had got before; what a bar shows.
     */
    protected void eachPart(PartRun<T> each) throws IOException {
        long before = 0; // steps run in this call by the parts before p
        for (T p : parts) {
            long remaining = p.remainingSteps(), base = before - (p.steps() - remaining);
            before += remaining;
            each.run(p, step -> Math.max(0, base + step));
        }
    }
}
