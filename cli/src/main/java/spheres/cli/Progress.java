package spheres.cli;

import java.time.Duration;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Every command's progress bar, in one style. The library writes to the process's stderr descriptor itself (not
 * {@code System.err}), so quieting it takes a consumer of its own: with {@link #QUIET} set (reproduce --quiet), bars
 * draw nowhere.
 */
final class Progress {
    /** System property that turns every progress bar off. */
    static final String QUIET = "spheres.quiet";

    private Progress() {}

    /** A bar counting {@code unit}s up to {@code max}, with the rate, already at {@code done} (a resumed run). */
    static ProgressBar bar(String task, long max, String unit, long done) {
        ProgressBarBuilder b = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit, 1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().startsFrom(done, Duration.ZERO);
        if (Boolean.getBoolean(QUIET)) b.setConsumer(new DelegatingProgressBarConsumer(line -> {}));
        return b.build();
    }

    static ProgressBar bar(String task, long max, String unit) {
        return bar(task, max, unit, 0);
    }
}
