package spheres.cli;

import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Every command's progress bar, in one style, on stderr.
 */
final class Progress {
    private Progress() {}

    /** A bar counting {@code unit}s up to {@code max}, with the rate, already at {@code done} (a resumed run). */
    static ProgressBar bar(String task, long max, String unit, long done) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUnit(unit, 1).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(500).showSpeed().startsFrom(done, Duration.ZERO).build();
    }

    static ProgressBar bar(String task, long max, String unit) {
        return bar(task, max, unit, 0);
    }
}
