package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import spheres.engine.Backend;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.FormatException;
import spheres.engine.nn.ModelKind;
import spheres.engine.quadratic.QuadraticMonitor;
import spheres.engine.quadratic.QuadraticNet;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.LabeledPoints;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;
import spheres.engine.workflow.TrainingRun;

/**
 * Training (spec section 2) as a stage: a {@link TrainingRun} in a run folder, started fresh (from an initialisation
 * of the config's seed, the perfect sphere, or a model file) or resumed, with its log. Owns {@code config.json}
 * ({@link Setup}) and {@code train.csv}: the mean loss and accuracy per log window and the rate; a quadratic net adds
 * its train, test and worst-case losses and alphas out of range at each checkpoint (and at step 0).
 */
public final class Training {
    public static final String COMMAND = "train", LOG = "train.csv", PERFECT = "perfect";
    /**
     * The columns of train.csv; {@code diverged} is 1 from the first line after the divergence rule held
     * ({@link spheres.engine.workflow.Divergence}), else 0.
     */
    public static final String COLUMNS = "step,loss,accuracy,examples_per_s,diverged";
    /** The columns a quadratic run adds to train.csv, filled at each checkpoint. */
    public static final String QUADRATIC_COLUMNS = ",train_loss,test_loss,worst_case_loss,alphas_out_of_range";
    /** Training and test points behind a quadratic net's mean losses, unless a run says otherwise. */
    public static final long LOSS_SAMPLES = 10_000;
    /** The steps of a run that names neither a step count nor a number of examples. */
    public static final long STEPS = 2000;

    private Training() {}

    /**
     * The run: its configuration and folder; {@code init} ({@link #PERFECT}, a model file, or null), the points of a file
     * ({@code data}, or null: sampled), the cadence of checkpoints and log lines, the points behind a quadratic net's losses,
     * and whether this continues the folder's checkpoint.
     */
    public record Config(TrainConfig train, Path dir, String init, LabeledPoints data, long checkpointEvery, int logEvery,
                         long lossSamples, boolean resume) {
        public Config {
            if (logEvery < 1) throw new IllegalArgumentException("--log-every " + logEvery + ": must be >= 1");
            if (checkpointEvery < 1) throw new IllegalArgumentException("--checkpoint-every " + checkpointEvery + ": must be >= 1");
            if (lossSamples < 1) throw new IllegalArgumentException("--loss-samples " + lossSamples + ": must be >= 1");
            if (PERFECT.equals(init)) {
                if (train.model() != ModelKind.QUADRATIC) throw new IllegalArgumentException("--init perfect: only for --model quadratic");
                if (train.hidden() < train.dim())
                    throw new IllegalArgumentException("--init perfect: needs --hidden >= --dim (W1 = [I; 0]); got --hidden " + train.hidden()
                            + ", --dim " + train.dim());
            } else if (init != null && !Files.isRegularFile(Path.of(init))) {
                throw new IllegalArgumentException("--init " + init + ": no such file (or 'perfect')");
            }
        }

        /** The record of a fresh run (a resumed one keeps its own, {@link #resumable}). */
        public Setup setup(Environment environment) {
            DataFile file = data == null ? null : new DataFile(Path.of(data.source()).toAbsolutePath().toString(), data.n(), data.checksum());
            return new Setup(COMMAND, train, init, file, environment);
        }
    }

    /**
     * A run as the {@code train} command asks for it: {@code asked} holds its options' values (its step count aside), and
     * {@code given} the options named; the budget is {@code steps} or {@code examples} (rounded up to whole batches), one
     * of them or neither ({@link #STEPS}); {@code dir} is null for the default folder, {@code data} a file of points. The
     * options are checked against each other here, and against the data file and the folder's run by {@link #prepare}.
     */
    public record Request(TrainConfig asked, Set<String> given, Long steps, Long examples, Path dir, Path data, String init,
                          long checkpointEvery, int logEvery, long lossSamples, boolean resume) {
        public Request {
            if (steps != null && examples != null) throw new IllegalArgumentException("--steps and --examples: give one, not both");
            if (examples != null && examples < 0) throw new IllegalArgumentException("--examples " + examples + ": must be >= 0");
            if (resume && dir == null) throw new IllegalArgumentException("--resume: name the run folder with --out");
            if (resume && init != null) throw new IllegalArgumentException("--resume and --init: give one, not both");
            if (resume && data != null)
                throw new IllegalArgumentException("--resume and --data: a resumed run reads the data file it was started with");
        }

        /** The steps asked for, from {@code steps} or {@code examples}, at {@code asked}'s batch size. */
        long total() {
            return examples != null ? (examples + asked.batch() - 1) / Math.max(1, asked.batch()) : steps != null ? steps : STEPS;
        }
    }

    /** A request made a run: its config, and for a resumed run its record with the new step budget (else null). */
    public record Prepared(Config config, Setup resumed) {
        /** The record to write as config.json: a resumed run's own, or a fresh one's in {@code environment}. */
        public Setup setup(Environment environment) {
            return resumed != null ? resumed : config.setup(environment);
        }
    }

    /**
     * The run {@code r} asks for. A data file's points set the dimension and the training-set size, refused where
     * {@code --dim} or {@code --train-size} was given otherwise; the default folder is {@code runs/train-<model>-d<dim>}. A
     * resumed run takes its configuration and data from its folder ({@link #resumable(Path, TrainConfig, Set, Long, Long)}).
     */
    public static Prepared prepare(Request r) throws IOException {
        TrainConfig asked = r.asked();
        LabeledPoints points = r.data() == null ? null : LabeledPoints.read(r.data());
        if (points != null) {
            if (r.given().contains("--dim") && asked.dim() != points.dim())
                throw new IllegalArgumentException("--dim " + asked.dim() + ": the points of " + r.data() + " have dimension " + points.dim());
            if (r.given().contains("--train-size") && asked.trainSize() != points.n())
                throw new IllegalArgumentException("--train-size " + asked.trainSize() + ": " + r.data() + " holds " + points.n() + " points");
        }
        int dim = points != null ? points.dim() : asked.dim();
        Path dir = r.dir() != null ? r.dir() : Path.of("runs", "train-" + asked.model() + "-d" + dim);
        // Not validated yet: a resumed run first names the options that contradict its own.
        TrainConfig config = new TrainConfig(asked.model(), dim, asked.radius(), asked.width(), asked.depth(), asked.batchNorm(), asked.hidden(),
                asked.batch(), asked.lr(), r.total(), points != null ? points.n() : asked.trainSize(), asked.shuffle(), asked.seed());
        Setup resumed = null;
        if (r.resume()) {
            resumed = resumable(dir, config, r.given(), r.steps(), r.examples());
            config = resumed.config();
            points = resumed.points();
        }
        return new Prepared(new Config(config.validate(), dir, r.init(), points, r.checkpointEvery(), r.logEvery(), r.lossSamples(), r.resume()),
                resumed);
    }

    /** A training file's identity, so that a resumed run checks it still holds the same points. */
    public record DataFile(String file, long points, long crc32) {}

    /** What {@code config.json} records of a training run ({@code data} only for a run on a file's points). */
    public record Setup(String command, TrainConfig config, String init, @JsonInclude(JsonInclude.Include.NON_NULL) DataFile data,
                        Environment environment) implements Versioned {
        public void write(Path dir) throws IOException {
            Json.write(dir.resolve(RunRecord.FILE), this);
        }

        /** The same run with another step budget (a resumed run may extend it). */
        public Setup withSteps(long steps) {
            return new Setup(command, config.withSteps(steps), init, data, environment);
        }

        /** The points of the data file the run started on, checked to be unchanged; null for a run on sampled points. */
        public LabeledPoints points() throws IOException {
            if (data == null) return null;
            LabeledPoints points = LabeledPoints.read(Path.of(data.file()));
            if (points.checksum() != data.crc32())
                throw new IllegalArgumentException("--resume: " + data.file() + " changed since the run started (its CRC-32 differs); resuming would train on other data");
            return points;
        }
    }

    /**
     * What a session did: the steps it started and ended at, its time, whether a stop request ended it early, and why it
     * diverged (null when it did not).
     */
    public record Outcome(long first, long last, double seconds, boolean stopped, String diverged) implements Versioned {
        /** The speed of this session of the run, {@code batch} examples a step: {@code 200 steps in 1.5 s: ...}. */
        public String speed(int batch) {
            long done = last - first;
            return String.format(Locale.ROOT, "%d steps in %.1f s: %.1f steps/s, %.0f examples/s", done, seconds, done / seconds, done * batch / seconds);
        }
    }

    /** The run's progress. */
    public interface Listener {
        /** The model is built and any checkpoint restored ({@code resumedAt} > 0); {@code run.requestStop()} ends it at a checkpoint. */
        void started(TrainingRun run, long resumedAt) throws IOException;

        /** After each step, with the window's mean loss and accuracy when a log line was just written (else NaN). */
        void stepped(Trainer.Step step, double windowLoss, double windowAccuracy);
    }

    /**
     * The record of the run in {@code dir}, to resume it: its config.json, which must be whole, beside a checkpoint of the
     * same run. Refused in one line naming the file when config.json is missing, empty or damaged, or when the checkpoint
     * is missing or of another configuration.
     */
    public static Setup resumable(Path dir) throws IOException {
        Path file = dir.resolve(RunRecord.FILE);
        if (!Files.isRegularFile(file))
            throw new IllegalArgumentException("--resume: " + file + " is missing; a run folder without its configuration cannot be resumed"
                    + " (start the run again with --force)");
        JsonNode root = Json.tree(file);
        if (root == null || !root.isObject() || root.isEmpty())
            throw new FormatException(file + ": empty; a run folder without its configuration cannot be resumed (start the run again with --force)");
        if (!COMMAND.equals(root.path("command").asText()))
            throw new IllegalArgumentException("--resume: " + file + " is the configuration of a '" + root.path("command").asText()
                    + "' run, not of a train run");
        Setup setup;
        try {
            setup = Json.MAPPER.treeToValue(root, Setup.class);
            setup.config().validate();
        } catch (com.fasterxml.jackson.core.JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new FormatException(file + ": not the configuration a train run writes (" + e.getMessage().lines().findFirst().orElse("")
                    + "); start the run again with --force");
        }
        Path model = dir.resolve(TrainingRun.MODEL), optimizer = dir.resolve(TrainingRun.OPTIMIZER);
        if (!Files.isRegularFile(model) || !Files.isRegularFile(optimizer))
            throw new IllegalArgumentException("--resume: " + dir + " holds no " + TrainingRun.MODEL + " and " + TrainingRun.OPTIMIZER
                    + " to resume from (the run stopped before its first checkpoint: start it again with --force)");
        TrainConfig saved = Checkpoint.config(optimizer);
        if (!saved.withSteps(setup.config().steps()).equals(setup.config()))
            throw new FormatException(optimizer + ": a checkpoint of another run than " + file + " describes (" + saved + "); start the run again with --force");
        return setup;
    }

    /**
     * {@link #resumable} as a command line asks for it: the options it gave ({@code given}, values in {@code asked}) must
     * agree with config.json, and {@code steps} (or {@code examples}, when not null) may only extend the run. A run already
     * at its last step is refused too: resuming it would do nothing. Returns the record with the new step budget, to be
     * written back.
     */
    public static Setup resumable(Path dir, TrainConfig asked, Set<String> given, Long steps, Long examples) throws IOException {
        Setup setup = resumable(dir);
        TrainConfig was = setup.config();
        for (String option : given) {
            java.util.function.Function<TrainConfig, Object> value = TrainConfig.OPTIONS.get(option);
            if (value != null && !value.apply(asked).equals(value.apply(was)))
                throw new IllegalArgumentException("--resume: " + option + " " + value.apply(asked) + " contradicts the run's "
                        + value.apply(was) + " (" + dir.resolve(RunRecord.FILE) + "); a resumed run keeps its configuration: drop the option");
        }
        long reached = Checkpoint.step(dir.resolve(TrainingRun.OPTIMIZER));
        long total = examples != null ? (examples + was.batch() - 1) / was.batch() : steps != null ? steps : was.steps();
        String asTold = examples != null ? "--examples " + examples + " (" + total + " steps)" : "--steps " + total;
        if (total < was.steps())
            throw new IllegalArgumentException("--resume: " + asTold + " is fewer than the run's " + was.steps() + "; --steps may only extend a run");
        if (total <= reached)
            throw new IllegalArgumentException("--resume: " + dir + " is at step " + reached + " of " + was.steps() + (total == was.steps()
                    ? ", complete" : "") + "; pass --steps N with N > " + reached + " to train on");
        return setup.withSteps(total);
    }

    /**
     * Trains to the config's step count (or a stop request), logging into train.csv, with {@code record} as config.json
     * (when not null). All of it happens under the folder's lock: a fresh run first clears what an earlier run left
     * ({@code --force}), and one that fails before its first checkpoint takes its config.json, its log and, when it is left
     * empty, its folder with it: nothing stands in the way of a rerun.
     */
    public static Outcome run(Backend backend, Config c, Setup record, Listener listener) throws IOException {
        TrainConfig config = c.train();
        boolean done = false;
        try (TrainingRun training = TrainingRun.latest(backend, config, c.data(), c.dir())) {
            try {
                if (!c.resume()) startOver(c.dir(), c.data() == null ? null : Path.of(c.data().source()));
                if (record != null) record.write(c.dir());
                Trainer trainer = training.trainer();
                if (PERFECT.equals(c.init())) QuadraticNet.initPerfect(trainer.model(), config.radius());
                else if (c.init() != null) Checkpoint.loadModel(Path.of(c.init()), trainer.model(), config.model());
                long first = c.resume() ? training.resume() : 0;
                listener.started(training, first);
                Outcome o = log(backend, c, training, first, listener);
                done = true;
                return o;
            } catch (Throwable t) {
                // Under the lock: another writer's folder is never touched (a refused lock throws before this try).
                if (!c.resume() && !Files.exists(c.dir().resolve(TrainingRun.OPTIMIZER))) {
                    Files.deleteIfExists(c.dir().resolve(LOG));
                    Files.deleteIfExists(c.dir().resolve(RunRecord.FILE));
                }
                throw t;
            }
        } finally {
            if (!done && !c.resume()) deleteIfEmpty(c.dir()); // a folder still holding anything (another writer's lock) stays
        }
    }

    private static void deleteIfEmpty(Path dir) {
        try {
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // not empty (a file of the user's, or another run took the folder): it stays
        }
    }

    /** The subfolders a run's stages fill ({@code plot}'s figures, {@code slices}' planes). */
    private static final Set<String> RESULT_FOLDERS = Set.of("figures", Slices.FOLDER);

    /**
     * Clears a run folder for a fresh run: the files stages write (JSON, CSV, safetensors, npy, Markdown, staged and
     * temporary files, figures) go, so no result of the earlier model stays beside the new one; other files, and
     * {@code keep} (a data file kept in the folder), stay.
     */
    private static void startOver(Path dir, Path keep) throws IOException {
        if (!Files.isDirectory(dir)) return;
        Path kept = keep == null ? null : keep.toAbsolutePath().normalize();
        try (var files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                if (f.equals(dir) || f.toAbsolutePath().normalize().equals(kept)) continue;
                Path top = dir.relativize(f).getName(0);
                boolean result = RESULT_FOLDERS.contains(top.toString())
                        || (f.getParent().equals(dir) && Files.isRegularFile(f) && f.getFileName().toString().matches(".*\\.(json|csv|safetensors|npy|md|next|tmp)"));
                if (result) deleteIfEmptyOrFile(f);
            }
        }
    }

    private static void deleteIfEmptyOrFile(Path f) throws IOException {
        if (Files.isDirectory(f)) deleteIfEmpty(f);
        else Files.delete(f);
    }

    private static Outcome log(Backend backend, Config c, TrainingRun training, long first, Listener listener) throws IOException {
        Trainer trainer = training.trainer();
        long total = trainer.config().steps();
        Path csv = c.dir().resolve(LOG);
        List<String> kept = keptLog(csv, first);
        boolean quadratic = trainer.config().model() == ModelKind.QUADRATIC;
        long start = System.nanoTime();
        // The kept history goes to the file whole (temporary file, then rename) before anything is appended: a run killed
        // in its first seconds after a resume keeps its loss history.
        StringBuilder head = new StringBuilder(COLUMNS + (quadratic ? QUADRATIC_COLUMNS : "") + "\n");
        for (String line : kept) head.append(line).append('\n');
        AtomicFiles.write(csv, out -> out.write(head.toString().getBytes(StandardCharsets.UTF_8)));
        try (QuadraticMonitor monitor = quadratic ? new QuadraticMonitor(backend, trainer.model(), trainer.config(), c.lossSamples()) : null;
             BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            if (quadratic && first == 0) w.write("0,,,,0," + columns(monitor.measure()) + "\n"); // the starting point
            training.runTo(total, c.checkpointEvery(), new TrainingRun.Listener() {
                long windowStart = start;
                double lossSum, accSum;
                int window;

                @Override
                public void stepped(Trainer.Step st) throws IOException {
                    lossSum += st.loss();
                    accSum += st.accuracy();
                    window++;
                    boolean atCheckpoint = st.step() % c.checkpointEvery() == 0 || st.step() == total;
                    if (!(st.step() % c.logEvery() == 0 || st.step() == total || (quadratic && atCheckpoint))) {
                        listener.stepped(st, Double.NaN, Double.NaN);
                        return;
                    }
                    long now = System.nanoTime();
                    double rate = window * (double) trainer.config().batch() / ((now - windowStart) / 1e9);
                    String extra = !quadratic ? "" : atCheckpoint ? "," + columns(monitor.measure()) : ",,,,";
                    w.write(String.format(Locale.ROOT, "%d,%.6g,%.4f,%.1f,%d%s%n", st.step(), lossSum / window, accSum / window, rate,
                            training.diverged() == null ? 0 : 1, extra));
                    w.flush();
                    listener.stepped(st, lossSum / window, accSum / window);
                    lossSum = accSum = 0;
                    window = 0;
                    windowStart = System.nanoTime(); // the monitor's time is not training time
                }
            });
            training.checkpoint();
        }
        return new Outcome(first, trainer.steps(), (System.nanoTime() - start) / 1e9, training.stopRequested(), training.diverged());
    }

    private static String columns(QuadraticMonitor.Row r) {
        return String.format(Locale.ROOT, "%.6g,%.6g,%.6g,%d", r.trainLoss(), r.testLoss(), r.worstCaseLoss(), r.alphasOutOfRange());
    }

    /** On resume, the lines of train.csv up to the checkpoint's step; the rest are logged again. */
    private static List<String> keptLog(Path csv, long upTo) throws IOException {
        List<String> kept = new ArrayList<>();
        if (upTo == 0 || !Files.isRegularFile(csv)) return kept;
        for (String line : Csv.lines(csv)) {
            int comma = line.indexOf(',');
            if (comma < 1 || !Character.isDigit(line.charAt(0))) continue;
            try {
                if (Long.parseLong(line.substring(0, comma)) <= upTo) kept.add(line);
            } catch (NumberFormatException e) {
                throw new FormatException(csv + ": '" + line.substring(0, comma) + "' is not a step number; the log is damaged (move it"
                        + " aside to resume without its history)");
            }
        }
        return kept;
    }

    /** The quadratic columns of a run's train.csv: one row per checkpoint (step, train, test and worst-case loss); null: none. */
    public static List<double[]> losses(Path dir) throws IOException {
        Path csv = dir.resolve(LOG);
        if (!Files.isRegularFile(csv) || !Csv.header(csv).contains("worst_case_loss")) return null; // a ReLU net's log
        Csv table = Csv.read(csv);
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < table.rows(); r++)
            if (!table.get(r, "train_loss").isEmpty())
                rows.add(new double[] {table.number(r, "step"), table.number(r, "train_loss"), table.number(r, "test_loss"),
                        table.number(r, "worst_case_loss")});
        return rows;
    }
}
