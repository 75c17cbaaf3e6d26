package spheres.cli;

import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Where every command gets its progress bar. The library writes to the process's stderr descriptor itself (not
 * {@code System.err}), so quieting it takes a consumer of its own: with {@link #QUIET} set (reproduce --quiet), bars
 * draw nowhere.
 */
final class Progress {
    /** System property that turns every progress bar off. */
    static final String QUIET = "spheres.quiet";

    private Progress() {}

    static ProgressBarBuilder builder() {
        ProgressBarBuilder b = new ProgressBarBuilder();
        if (Boolean.getBoolean(QUIET)) b.setConsumer(new DelegatingProgressBarConsumer(line -> {}));
        return b;
    }
}
