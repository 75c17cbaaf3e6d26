package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import spheres.engine.Backend;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.FormatException;
import spheres.engine.sweep.Sweep;
import spheres.engine.sweep.SweepConfig;
import spheres.engine.sweep.SweepPoint;
import spheres.engine.tradeoff.Tradeoff;
import spheres.engine.tradeoff.TradeoffConfig;
import spheres.engine.tradeoff.TradeoffPoint;
import spheres.engine.tradeoff.TradeoffRun;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;
import spheres.engine.workflow.TrainingRun;

/**
 * Every experiment of the paper as a plan: a list of stages, each a list of typed stage calls into one run folder.
 * A finished stage leaves a marker in {@code .stages/} with its time, so a resumed run skips it; an unfinished training
 * resumes from its checkpoint, an unfinished trade-off or sweep from its saved configuration. Each call's record is
 * appended to {@code logs/<stage>.log} before it runs.
 */
public final class Reproduction {
    private Reproduction() {}

    /** The folder of the stages' markers in a run folder: what a reproduce run leaves once it has started. */
    public static final String MARKERS = ".stages";

    /** Where the calls run and who hears of them. */
    public record Context(Backend backend, Environment environment, Listener listener) {}

    /** What a reproduce run gives: where its report is and each stage's seconds (a stage done earlier: its time then). */
    public record Outcome(Path report, Map<String, Double> seconds) implements Versioned {}

    /** Progress out of the plan. */
    public interface Listener {
        /** Stage {@code index} (from 0) of {@code count} starts, or is skipped as done earlier. */
        void stage(int index, int count, Stage stage, boolean skipped);

        /**
         * Steps of the training inside a call: {@code done} of {@code total}, never going back (a resumed train call
         * counts its run's steps and starts past 0; a sweep or trade-off counts the steps it has left, from 0).
         */
        void training(String task, long done, long total);

        /** A call wrote {@code folder}: its figures can be drawn. */
        void written(Path folder) throws IOException;

        /** The stage finished in {@code seconds}. */
        void finished(Stage stage, double seconds);
    }

    /** One typed call of a stage: a record of the stage's config, so a plan can be logged, saved or shipped as JSON and read back. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.SIMPLE_NAME, property = "call")
    @JsonSubTypes({@JsonSubTypes.Type(TrainCall.class), @JsonSubTypes.Type(EvalCall.class), @JsonSubTypes.Type(AttackCall.class),
            @JsonSubTypes.Type(SlicesCall.class), @JsonSubTypes.Type(NormsCall.class), @JsonSubTypes.Type(QuadraticCall.class),
            @JsonSubTypes.Type(FractionsCall.class), @JsonSubTypes.Type(BoundCall.class), @JsonSubTypes.Type(TradeoffCall.class),
            @JsonSubTypes.Type(SweepCall.class)})
    public sealed interface Call permits TrainCall, EvalCall, AttackCall, SlicesCall, NormsCall, QuadraticCall, FractionsCall, BoundCall, TradeoffCall, SweepCall {
        /** The folder the call writes. */
        Path folder();

        /** Its name in the report and the logs: the command that does the same ({@code train}, {@code eval}, ...). */
        default String name() {
            return getClass().getSimpleName().replace("Call", "").toLowerCase(java.util.Locale.ROOT);
        }

        void run(Context c) throws IOException;
    }

    /** Trains into {@code folder}; resumes there when an earlier attempt left a checkpoint. */
    public record TrainCall(TrainConfig config, Path folder, String init, long checkpointEvery, int logEvery) implements Call {
        public void run(Context c) throws IOException {
            boolean resume = Files.isRegularFile(folder.resolve(TrainingRun.OPTIMIZER));
            Training.Setup saved = resume ? Training.resumable(folder) : null;
            Training.Config t = new Training.Config(resume ? saved.config() : config, folder, resume ? null : init,
                    resume ? saved.points() : null, checkpointEvery, logEvery, Training.LOSS_SAMPLES, resume);
            Training.run(c.backend(), t, resume ? null : t.setup(c.environment()), new Training.Listener() {
                public void started(TrainingRun run, long resumedAt) {}

                public void stepped(Trainer.Step step, double loss, double accuracy) {
                    c.listener().training("train", step.step(), t.train().steps());
                }
            });
        }
    }

    /** Evaluates the model of a run folder ({@code config.model()}); eval.json goes into it. */
    public record EvalCall(Evaluation.Config config) implements Call {
        public Path folder() {
            return config.model();
        }

        public void run(Context c) throws IOException {
            Evaluation.run(c.backend(), config, c.environment(), n -> {});
        }
    }

    public record AttackCall(Attack.Config config, Path folder) implements Call {
        public void run(Context c) throws IOException {
            Attack.Plan plan = Attack.plan(config);
            Files.createDirectories(folder);
            Json.write(folder.resolve(RunRecord.FILE), plan.setup(c.environment()));
            Attack.run(c.backend(), plan, folder, (done, t, settled) -> {});
        }
    }

    public record SlicesCall(Slices.Config config) implements Call {
        public Path folder() {
            return config.run();
        }

        public void run(Context c) throws IOException {
            Slices.run(c.backend(), config, c.environment());
        }
    }

    public record NormsCall(Norms.Config config, Path folder) implements Call {
        public void run(Context c) throws IOException {
            Files.createDirectories(folder);
            Json.write(folder.resolve(RunRecord.FILE), config.setup(c.environment()));
            Norms.run(c.backend(), config, folder, new Norms.Progress() {
                public spheres.engine.attack.ManifoldAttack.Progress attacking(float norm) {
                    return (done, t, settled) -> {};
                }

                public void measured(spheres.engine.attack.NormSweep.Point point) {}
            });
        }
    }

    /** Analyses the quadratic net of a run folder ({@code config.run()}); the results go into it. */
    public record QuadraticCall(Quadratic.Config config) implements Call {
        public Path folder() {
            return config.run();
        }

        public void run(Context c) throws IOException {
            Quadratic.run(c.backend(), config, c.environment(), (outer, n) -> k -> {});
        }
    }

    public record FractionsCall(Fractions.Config config, Path folder) implements Call {
        public void run(Context c) throws IOException {
            Files.createDirectories(folder);
            Fractions.write(folder, config, Fractions.run(config));
        }
    }

    public record BoundCall(Bound.Config config, Path folder) implements Call {
        public void run(Context c) throws IOException {
            Bound.Result result = Bound.run(config);
            Files.createDirectories(folder);
            Bound.write(folder, config, result);
        }
    }

    /** The trade-off into {@code folder}; continued with its saved configuration when an earlier attempt started it. */
    public record TradeoffCall(TradeoffConfig config, Path folder) implements Call {
        public void run(Context c) throws IOException {
            Tradeoff tradeoff = Files.isRegularFile(folder.resolve(RunRecord.FILE)) ? Tradeoff.resume(folder)
                    : Tradeoff.start(folder, config, c.environment());
            long total = tradeoff.remainingSteps();
            tradeoff.run(c.backend(), new Tradeoff.Progress() {
                public void trained(TradeoffRun run, long done) {
                    c.listener().training("tradeoff", done, total);
                }

                public void measured(TradeoffRun run, TradeoffPoint point) {}
            });
        }
    }

    /** The sweep into {@code folder}; continued with its saved configuration when an earlier attempt started it. */
    public record SweepCall(SweepConfig config, Path folder) implements Call {
        public void run(Context c) throws IOException {
            Sweep sweep = Files.isRegularFile(folder.resolve(RunRecord.FILE)) ? Sweep.resume(folder)
                    : Sweep.start(folder, config, c.environment());
            long total = sweep.remainingSteps();
            sweep.run(c.backend(), new Sweep.Progress() {
                public void trained(int dim, long done) {
                    c.listener().training("sweep", done, total);
                }

                public void measured(SweepPoint point) {}
            });
        }
    }

    /** A stage: its name (the marker's and the log's), what it shows, and its calls in order. */
    public record Stage(String name, String what, List<Call> calls) {}

    /** The paper's experiments at the scale of {@code p}, into {@code dir}. */
    public static List<Stage> stages(Preset p, Path dir) {
        Path relu = dir.resolve("relu"), d2 = dir.resolve("d2"), quad = dir.resolve("quadratic"), online = dir.resolve("quadratic-online");
        Path perfect = dir.resolve("perfect");
        long seed = Streams.DEFAULT_SEED, steps = p.relu().steps();
        TrainConfig q = p.quadratic();
        List<Stage> st = new ArrayList<>();
        st.add(new Stage("relu-train", "the ReLU net (2 hidden layers, batch norm), online",
                List.of(new TrainCall(p.relu(), relu, null, Math.max(1, steps / 10), (int) Math.max(1, steps / 100)))));
        st.add(new Stage("relu-eval", "errors among uniform samples of each sphere",
                List.of(new EvalCall(new Evaluation.Config(relu, p.evalSamples(), seed, Evaluation.CHUNK, null)))));
        st.add(new Stage("relu-attack", "the nearest-error manifold attack from random points", List.of(new AttackCall(
                new Attack.Config(relu, p.attack(), "both", null, null, p.attackStarts(), seed, 20),
                relu.resolve("attack")))));
        st.add(new Stage("relu-slices", "2D slices through the origin", List.of(new SlicesCall(
                new Slices.Config(relu, relu.resolve("attack").resolve(Attack.NPY), p.resolution(), 1.6, seed)))));
        // Norms 0 to 3; the attack's success only, in steps of 0.01 (the worst-case length reaches far), at most 1000 of them.
        st.add(new Stage("relu-norms", "accuracy and attack success against the input norm", List.of(new NormsCall(new Norms.Config(relu, 0, 3,
                p.norms().count(), p.norms().samples(), Evaluation.CHUNK, p.norms().starts(), 0.01f, 1000, 1000, seed), relu.resolve("norms")))));
        st.add(new Stage("d2", "the same net at d = 2: the learned boundary in the plane", List.of(
                new TrainCall(withDim(p.relu(), 2, p.d2Steps()), d2, null, p.d2Steps(), 100),
                new SlicesCall(new Slices.Config(d2, null, p.resolution(), 1.6, seed)))));
        st.add(new Stage("quadratic-fixed", "the quadratic net on a fixed training set: alphas, CLT and exact error rates", List.of(
                new TrainCall(q, quad, null, q.steps(), 100),
                new QuadraticCall(new Quadratic.Config(quad, p.quadSamples(), seed, 50)),
                new EvalCall(new Evaluation.Config(quad, p.quadSamples(), seed, Evaluation.CHUNK, null)))));
        TrainConfig qOnline = new TrainConfig(q.model(), q.dim(), q.radius(), q.width(), q.depth(), q.batchNorm(), q.hidden(), q.batch(),
                q.lr(), q.steps(), 0, q.shuffle(), q.seed());
        st.add(new Stage("quadratic-online", "the quadratic net trained online", List.of(
                new TrainCall(qOnline, online, null, q.steps(), 100),
                new QuadraticCall(new Quadratic.Config(online, p.quadSamples(), seed, 50)))));
        st.add(new Stage("perfect-init", "from the ideal sphere: average loss falls, worst-case loss rises",
                List.of(new TrainCall(p.perfect(), perfect, Training.PERFECT, p.perfectEvery(), 100))));
        st.add(new Stage("fractions", "the share of alphas needed in range, against d", List.of(new FractionsCall(
                new Fractions.Config(1.3, 0.1, new double[] {1e-2, 1e-5, 1e-10, 1e-20}, p.maxDim()), dir.resolve("fractions")))));
        int[] dims = p.relu().dim() == q.dim() ? new int[] {p.relu().dim()} : new int[] {p.relu().dim(), q.dim()};
        st.add(new Stage("bound", "the theorem's optimal trade-off curve", List.of(new BoundCall(Bound.Config.grid(dims, 0.5, 1e-30, 4),
                dir.resolve("bound")))));
        st.add(new Stage("tradeoff", "error rate against distance to the nearest error, beside the bound",
                List.of(new TradeoffCall(p.tradeoff(), dir.resolve("tradeoff")))));
        st.add(new Stage("sweep", "the same net at each d: the highest dimension without errors",
                List.of(new SweepCall(p.sweep(), dir.resolve("sweep")))));
        return st;
    }

    private static TrainConfig withDim(TrainConfig c, int dim, long steps) {
        return new TrainConfig(c.model(), dim, c.radius(), c.width(), c.depth(), c.batchNorm(), c.hidden(), c.batch(), c.lr(), steps,
                c.trainSize(), c.shuffle(), c.seed());
    }

    /**
     * Runs the stages not done yet, in order, and returns each stage's seconds (read from its marker when done earlier).
     * A failing call stops the run with its message and the log to read, then {@code --resume}.
     */
    public static Map<String, Double> run(Path dir, List<Stage> stages, Context c) throws IOException {
        Files.createDirectories(dir.resolve("logs"));
        Map<String, Double> seconds = new LinkedHashMap<>();
        for (int i = 0; i < stages.size(); i++) {
            Stage s = stages.get(i);
            Double earlier = finished(dir, s);
            if (earlier != null) {
                seconds.put(s.name(), earlier);
                c.listener().stage(i, stages.size(), s, true);
                continue;
            }
            c.listener().stage(i, stages.size(), s, false);
            long t0 = System.nanoTime();
            Path log = dir.resolve(logName(s.name()));
            for (Call call : s.calls()) {
                append(log, "$ " + call.name() + " " + Json.MAPPER.writeValueAsString(call) + "\n");
                try {
                    call.run(c);
                } catch (IOException | RuntimeException e) {
                    append(log, "failed: " + e + "\n");
                    throw new IllegalStateException("stage " + s.name() + ": " + e.getMessage() + "; see " + log + ", then --resume", e);
                }
                c.listener().written(call.folder());
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            seconds.put(s.name(), secs);
            markFinished(dir, s, secs);
            c.listener().finished(s, secs);
        }
        return seconds;
    }

    /** The seconds a stage took when it finished earlier (its marker in {@code .stages/}), or null when it has not. */
    public static Double finished(Path dir, Stage s) throws IOException {
        Path marker = marker(dir, s);
        if (!Files.isRegularFile(marker)) return null;
        String text = String.join("", Csv.lines(marker)).strip();
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            throw new FormatException(marker + ": '" + text + "' is not the seconds a finished stage took; delete it to run the stage again");
        }
    }

    /**
     * Marks a stage finished in {@code seconds}: a resumed run skips it. Besides {@link #run}, a plan whose calls ran
     * elsewhere (as Spark tasks) marks the stages it assembled with their wall time.
     */
    public static void markFinished(Path dir, Stage s, double seconds) throws IOException {
        Path marker = marker(dir, s);
        Files.createDirectories(marker.getParent());
        AtomicFiles.write(marker, o -> o.write(String.format(Locale.ROOT, "%.1f%n", seconds).getBytes(StandardCharsets.UTF_8)));
    }

    /** Whether {@code dir} holds a reproduce run to resume: one that has started its first stage. */
    public static boolean started(Path dir) {
        return Files.isDirectory(dir.resolve(MARKERS));
    }

    /** The marker file of a stage, relative to the run folder: {@code .stages/<stage>.done}. */
    public static String markerName(String stage) {
        return MARKERS + "/" + stage + ".done";
    }

    /** The log of a stage's calls, relative to the run folder: {@code logs/<stage>.log}. */
    public static String logName(String stage) {
        return "logs/" + stage + ".log";
    }

    private static Path marker(Path dir, Stage s) {
        return dir.resolve(markerName(s.name()));
    }

    private static void append(Path log, String entry) throws IOException {
        byte[] previous = Files.isRegularFile(log) ? Files.readAllBytes(log) : new byte[0];
        AtomicFiles.write(log, o -> {
            o.write(previous);
            o.write(entry.getBytes(StandardCharsets.UTF_8));
        });
    }
}
