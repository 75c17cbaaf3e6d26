package spheres.spark;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Preset;
import spheres.engine.experiment.Reproduction;
import spheres.engine.experiment.ReproductionReport;
import spheres.engine.experiment.RunRecord;
import spheres.engine.sweep.Sweep;
import spheres.engine.tradeoff.Tradeoff;
import spheres.figures.Figures;
import spheres.figures.Format;

/**
 * A reproduction plan on a Spark cluster. The engine's plan ({@link Reproduction#stages}) is split: the stages that
 * write under one top-level folder (a training with its evaluation, attack, slices) become one task, each run of the
 * trade-off and of the sweep one task; every task is its own Spark job, named after its folder. Then the driver runs
 * what is left through the engine's own {@link Reproduction#run} (the trade-off's and the sweep's tables, from the
 * runs' committed files), writes {@code report.md} with {@link ReproductionReport} and draws the figures, as a local
 * run does.
 *
 * <p>A stage's seconds are its compute time: a task's own, or for the trade-off and the sweep the sum of their runs'
 * and the tables' (what one machine would spend), so the report reads as a local run's.
 */
public final class SparkPlan {
    static final String TRADEOFF = "tradeoff", SWEEP = "sweep";

    private SparkPlan() {}

    /**
     * Runs the plan of {@code preset} into {@code out}; {@code threads} per task. Progress goes to {@code log}. Returns
     * where report.md is, as the run folder was named.
     */
    public static String run(JavaSparkContext sc, Preset preset, SharedFolder out, boolean resume, int threads, PrintStream log)
            throws IOException {
        if (!resume && out.exists("") && !isEmpty(out))
            throw new IllegalArgumentException("--out " + out.root() + ": exists; pass --resume to continue that run, or name a new folder");
        Path local = out.local().orElse(null);
        boolean remote = local == null;
        if (remote) {
            local = Files.createTempDirectory("spheres-driver");
            if (out.exists("")) out.download("", local);
        }
        Files.createDirectories(local);
        List<Reproduction.Stage> stages = Reproduction.stages(preset, local);
        try (Backend backend = Backends.open("cpu", threads)) {
            Environment env = Environment.of(backend, threads);
            Map<String, List<String>> runsOf = new LinkedHashMap<>();
            List<PlanTask> tasks = tasks(preset, stages, local, out, env, runsOf);
            log.printf(Locale.ROOT, "plan %s: %d stages, %d tasks on %s%n", preset.name(), stages.size(), tasks.size(), sc.master());
            Map<String, Double> computed = runTasks(sc, tasks, preset.name(), out, threads, log);
            out.dropCheckpoints("");
            if (remote) out.download("", local); // what the tasks committed, for the driver's pass and the report
            Reproduction.run(local, stages, new Reproduction.Context(backend, env, driverListener(log)));
            // The trade-off's and the sweep's seconds: their runs' (in the tasks) and their tables' (just now).
            for (Reproduction.Stage s : stages) {
                List<String> folders = runsOf.get(s.name());
                if (folders == null) continue;
                double secs = Reproduction.finished(local, s);
                for (String f : folders) secs += computed.getOrDefault(f, 0.0);
                Reproduction.markFinished(local, s, secs);
            }
            Map<String, Double> seconds = new LinkedHashMap<>();
            for (Reproduction.Stage s : stages) seconds.put(s.name(), Reproduction.finished(local, s));
            // The figures first: the report shows those that exist, as a local run's does after its stages drew theirs.
            Figures.Redrawn drawn = Figures.redraw(local, EnumSet.allOf(Figures.Kind.class), Format.PNG, figure -> {});
            log.printf(Locale.ROOT, "figures: %d drawn%s%n", drawn.count(), drawn.broken().isEmpty() ? "" : "; broken data: " + drawn.broken());
            Path report = ReproductionReport.write(local, preset, seconds, stages);
            if (!remote) return report.toString();
            upload(local, out);
            return out.root() + "/" + ReproductionReport.FILE;
        } finally {
            if (remote) TaskAttempt.delete(local);
        }
    }

    private static boolean isEmpty(SharedFolder out) throws IOException {
        return !out.exists(Reproduction.MARKERS) && !out.exists("logs") && !out.exists(ReproductionReport.FILE);
    }

    /**
     * The tasks still to run. A stage whose calls write under one top-level folder joins that folder's task (unless the
     * folder stands committed: what is left of it then runs in the driver); the trade-off and the sweep give one task per
     * run, and their config.json is written first, so that the driver's pass later continues them rather than starts them
     * over. {@code runsOf} gets the folders of each expanded stage.
     */
    static List<PlanTask> tasks(Preset preset, List<Reproduction.Stage> stages, Path local, SharedFolder out, Environment env,
            Map<String, List<String>> runsOf)
            throws IOException {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        List<PlanTask> runs = new ArrayList<>();
        for (Reproduction.Stage s : stages) {
            if (Reproduction.finished(local, s) != null) continue;
            List<PlanTask> expanded = new ArrayList<>();
            for (Reproduction.Call c : s.calls()) {
                if (c instanceof Reproduction.TradeoffCall t) {
                    if (!Files.isRegularFile(t.folder().resolve(RunRecord.FILE))) {
                        Tradeoff.start(t.folder(), t.config(), env);
                        publish(local, out, t.folder().resolve(RunRecord.FILE));
                    }
                    for (String m : t.config().models()) for (long n : t.config().trainSizes()) expanded.add(new PlanTask.Tradeoff(m, n));
                } else if (c instanceof Reproduction.SweepCall w) {
                    if (!Files.isRegularFile(w.folder().resolve(RunRecord.FILE))) {
                        Sweep.start(w.folder(), w.config(), env);
                        publish(local, out, w.folder().resolve(RunRecord.FILE));
                    }
                    for (int d : w.config().dims()) expanded.add(new PlanTask.Sweep(d));
                }
            }
            if (!expanded.isEmpty()) {
                List<String> folders = new ArrayList<>();
                for (PlanTask t : expanded) {
                    folders.add(t.folder());
                    if (!out.exists(t.folder())) runs.add(t);
                }
                runsOf.put(s.name(), folders);
                continue;
            }
            Set<String> tops = new LinkedHashSet<>();
            for (Reproduction.Call c : s.calls()) tops.add(local.relativize(c.folder().toAbsolutePath()).getName(0).toString());
            if (tops.size() == 1 && !out.exists(tops.iterator().next())) groups.computeIfAbsent(tops.iterator().next(), k -> new ArrayList<>()).add(s.name());
        }
        List<PlanTask> tasks = new ArrayList<>();
        groups.forEach((folder, names) -> tasks.add(new PlanTask.Stages(folder, names)));
        tasks.addAll(runs);
        tasks.sort(Comparator.comparingDouble((PlanTask t) -> t.work(preset)).reversed()); // longest first (stable: ties keep plan order)
        return tasks;
    }

    /** Submits every task as its own named job, prints one line per finished task, and returns the seconds of each folder. */
    private static Map<String, Double> runTasks(JavaSparkContext sc, List<PlanTask> tasks, String preset, SharedFolder out, int threads,
            PrintStream log) throws IOException {
        Map<PlanTask, JavaFutureAction<List<TaskAttempt.Result>>> pending = new LinkedHashMap<>();
        sc.setJobGroup("spheres-" + preset, "spheres reproduce --preset " + preset, false);
        for (PlanTask t : tasks) {
            sc.setJobDescription(t.folder() + (t.stages().isEmpty() ? "" : ": " + String.join(", ", t.stages())));
            pending.put(t, sc.parallelize(List.of(t), 1).map(task -> TaskAttempt.run(task, preset, out, threads)).collectAsync());
        }
        Map<String, Double> seconds = new LinkedHashMap<>();
        int done = 0;
        try {
            while (!pending.isEmpty()) {
                for (var it = pending.entrySet().iterator(); it.hasNext(); ) {
                    var e = it.next();
                    if (!e.getValue().isDone()) continue;
                    it.remove();
                    TaskAttempt.Result r = result(e.getKey(), e.getValue());
                    double secs = r.seconds().values().stream().mapToDouble(Double::doubleValue).sum();
                    seconds.put(r.folder(), secs);
                    log.printf(Locale.ROOT, "[%d/%d] %s: %s (%.1f s%s)%n", ++done, tasks.size(), r.folder(), r.figures(), secs,
                            r.attempt() == 0 ? "" : ", attempt " + (r.attempt() + 1) + ", resumed from step " + r.resumedFrom());
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted; the finished runs stay in " + out.root() + ": --resume continues", e);
        } finally {
            pending.values().forEach(f -> f.cancel(true));
        }
        return seconds;
    }

    private static TaskAttempt.Result result(PlanTask t, JavaFutureAction<List<TaskAttempt.Result>> f) throws InterruptedException {
        try {
            return f.get().get(0);
        } catch (ExecutionException e) {
            throw new IllegalStateException("task " + t.folder() + " failed after its retries: " + e.getCause().getMessage()
                    + "; the finished runs stay, --resume continues", e);
        }
    }

    private static Reproduction.Listener driverListener(PrintStream log) {
        return new Reproduction.Listener() {
            public void stage(int index, int count, Reproduction.Stage stage, boolean skipped) {
                if (!skipped) log.printf(Locale.ROOT, "stage %d/%d in the driver: %s (%s)%n", index + 1, count, stage.name(), stage.what());
            }

            public void training(String task, long done, long total) {}

            public void written(Path folder) {}

            public void finished(Reproduction.Stage stage, double seconds) {}
        };
    }

    /** A file the driver wrote into its local copy of a remote run folder goes there at once (a local run folder is that copy). */
    private static void publish(Path local, SharedFolder out, Path file) throws IOException {
        if (out.local().isEmpty()) out.writeFile(local, local.relativize(file).toString());
    }

    /** A remote run folder gets what the driver wrote: every file not of a committed task folder. */
    private static void upload(Path local, SharedFolder out) throws IOException {
        List<Path> files;
        try (var walk = Files.walk(local)) {
            files = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            String rel = local.relativize(f).toString();
            if (!out.exists(rel)) out.writeFile(local, rel);
            else if (rel.equals(ReproductionReport.FILE) || rel.startsWith(Reproduction.MARKERS + "/") || rel.startsWith("logs/")
                    || rel.matches("(" + TRADEOFF + "|" + SWEEP + ")/[^/]+")) out.writeFile(local, rel);
        }
    }
}
