package spheres.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.experiment.Preset;
import spheres.engine.experiment.Reproduction;
import spheres.engine.experiment.ReproductionReport;
import spheres.figures.Figures;
import spheres.figures.Format;

/**
 * Every experiment of the paper in order ({@link Reproduction}'s plan for a {@link Preset}) into one run folder, with each
 * stage's figures, then {@code report.md} with a table "paper vs this run". {@code --resume} skips finished stages.
 */
@Command(name = "reproduce")
final class ReproduceCommand extends ResultCommand {
    @Option(names = "--preset", defaultValue = "quick")
    String preset;

    @Mixin
    OutOptions out;

    @Option(names = "--resume")
    boolean resume;

    @Override
    public Integer call() throws IOException {
        Preset p = Preset.named(preset);
        Path dir = out.or(Path.of("runs", "reproduce-" + preset));
        if (resume && out.force) throw new IllegalArgumentException("--resume and --force: give one, not both");
        List<Reproduction.Stage> stages = Reproduction.stages(p, dir);
        long start = System.nanoTime();
        Map<String, Double> seconds;
        try (Backend backend = runtime.open(); Bars bars = new Bars(output)) { // a bad --device or --threads: before the folder is made
            if (!resume) RunFolder.create(dir, out.force);
            else if (!Reproduction.started(dir)) throw new IllegalArgumentException("--resume: " + dir + " holds no reproduce run");
            seconds = Reproduction.run(dir, stages, new Reproduction.Context(backend, environment(backend), bars));
        }
        Path report = ReproductionReport.write(dir, p, seconds, stages);
        output.result(new Reproduction.Outcome(report, seconds));
        output.summary().printf(Locale.ROOT, "all %d stages in %.1f s; report: %s%n", stages.size(), (System.nanoTime() - start) / 1e9, report);
        return ExitCodes.OK;
    }

    /** One line per stage and a bar per training inside it, on stderr as {@link Output} allows; each written folder's figures. */
    private static final class Bars implements Reproduction.Listener, AutoCloseable {
        private final Output output;
        private Progress bar;
        private String task;

        Bars(Output output) {
            this.output = output;
        }

        public void stage(int index, int count, Reproduction.Stage s, boolean skipped) {
            String head = String.format(Locale.ROOT, "[%d/%d] %-18s %s", index + 1, count, s.name(), s.what());
            output.summary().println(head + (skipped ? ": done earlier, skipped" : ""));
        }

        public void training(String name, long done, long total) {
            if (bar == null || !name.equals(task) || done < bar.current()) {
                close();
                task = name;
                bar = output.bar(name, total, "steps", Math.max(0, done - 1));
            }
            bar.stepTo(done);
        }

        public void written(Path folder) throws IOException {
            close();
            Figures.drawAll(folder, Format.PNG);
        }

        public void finished(Reproduction.Stage s, double seconds) {
            output.summary().printf(Locale.ROOT, "      %.1f s%n", seconds);
        }

        @Override
        public void close() {
            if (bar != null) bar.close();
            bar = null;
        }
    }
}
