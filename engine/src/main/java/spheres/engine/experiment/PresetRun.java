package spheres.engine.experiment;

import java.io.IOException;
import spheres.engine.Backend;

/**
 * A stage that trains and measures several nets into one run folder, from a preset, and goes on where it stopped (the
 * sweep, the trade-off): what a command needs to draw its progress and print what it found.
 *
 * @param <P> its progress listener
 * @param <R> its result
 */
public interface PresetRun<P, R extends PresetRun.Result> {
    /** Training steps still to run, over all its nets. */
    long remainingSteps() throws IOException;

    /** Trains and measures what is still missing (what is done is read back), then writes the result's files into the folder. */
    R run(Backend backend, P progress) throws IOException;

    /** What a preset run found. */
    interface Result {
        /** The table of its points, a row each, as its command prints it. */
        String table();
    }
}
