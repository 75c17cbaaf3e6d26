package spheres.cli;

import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarRenderer;
import me.tongfei.progressbar.ProgressState;

/**
 * Every command's progress bar, in one style, on stderr; silent where {@link Output} draws none (so commands step it
 * either way). The line fits the terminal: {@code COLUMNS} where the shell exports it, else progressbar's own reading
 * of the width; on a narrow one the extra message is cut first, then the speed, so the bar itself never collapses.
 */
final class Progress implements AutoCloseable {
    /** Columns the bar itself keeps however narrow the terminal. */
    private static final int MIN_BAR = 10;

    private final ProgressBar bar; // null: counting only, drawing nothing
    private long current;

    private Progress(ProgressBar bar, long done) {
        this.bar = bar;
        this.current = done;
    }

    /** A bar counting {@code unit}s up to {@code max}, already at {@code done} (a resumed run); drawn only if {@code draw}. */
    static Progress of(boolean draw, String task, long max, String unit, long done) {
        if (!draw) return new Progress(null, done);
        // System.err, not progressbar's default (the stderr file descriptor), so that a caller's redirection holds; width 0:
        // the terminal's, as progressbar reads it
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(max).setUpdateIntervalMillis(500)
                .setRenderer(new Fitted(unit)).setConsumer(new ConsoleProgressBarConsumer(System.err, columns()))
                .startsFrom(done, Duration.ZERO).build();
        return new Progress(bar, done);
    }

    /** {@code COLUMNS} when set to a number, else 0 (progressbar asks the terminal). */
    private static int columns() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "0").strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    void stepTo(long n) {
        current = n;
        if (bar != null) bar.stepTo(n);
    }

    void stepBy(long n) {
        stepTo(current + n);
    }

    long current() {
        return current;
    }

    /** A short note after the counts (the loss, the norm being attacked). */
    void message(String text) {
        if (bar != null) bar.setExtraMessage(text);
    }

    @Override
    public void close() {
        if (bar != null) bar.close();
    }

    /** {@code task  45% [=====     ] 4500/10000 steps 0:01:23 left 54.1 steps/s message}, cut to the width. */
    record Fitted(String unit) implements ProgressBarRenderer {
        @Override
        public String render(ProgressState s, int width) {
            long cur = s.getCurrent(), max = s.getMax();
            double frac = max > 0 ? Math.min(1, (double) cur / max) : 0;
            double secs = s.getElapsedAfterStart().toMillis() / 1e3, perS = secs > 0 ? (cur - s.getStart()) / secs : 0;
            String head = String.format(Locale.ROOT, "%s %3d%% [", s.getTaskName(), (int) (100 * frac));
            String eta = perS > 0 && cur < max ? " " + clock((max - cur) / perS) + " left" : " " + clock(secs);
            String[] tail = {"] " + cur + "/" + max + " " + unit, eta, String.format(Locale.ROOT, " %.1f %s/s", perS, unit),
                    s.getExtraMessage() == null || s.getExtraMessage().isBlank() ? "" : " " + s.getExtraMessage().strip()};
            int room = width - head.length() - MIN_BAR;
            StringBuilder end = new StringBuilder();
            for (String t : tail) {
                if (end.length() + t.length() <= room) end.append(t);
                else if (t == tail[3] && room - end.length() > 8) end.append(t, 0, room - end.length() - 3).append("...");
                else if (t == tail[0]) end.append(t, 0, Math.max(1, Math.min(t.length(), room)));
            }
            int length = Math.max(MIN_BAR, width - head.length() - end.length());
            int filled = (int) Math.round(frac * length);
            return head + "=".repeat(filled) + " ".repeat(length - filled) + end;
        }

        private static String clock(double seconds) {
            long s = Math.round(seconds);
            return String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
        }
    }
}
