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
import spheres.engine.Backend;
import spheres.engine.io.AtomicFiles;
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

        /** The record of a fresh run; a resumed one names no data file (its config.json, written at the start, does). */
        public Setup setup(Environment environment) {
            DataFile file = data == null || resume ? null : new DataFile(Path.of(data.source()).toAbsolutePath().toString(), data.n(), data.checksum());
            return new Setup(COMMAND, train, init, file, environment);
        }
    }

    /** A training file's identity, so that a resumed run checks it still holds the same points. */
    public record DataFile(String file, long points, long crc32) {}

    /** What {@code config.json} records of a training run ({@code data} only for a run on a file's points). */
    public record Setup(String command, TrainConfig config, String init, @JsonInclude(JsonInclude.Include.NON_NULL) DataFile data,
                        Environment environment) implements Versioned {
        public void write(Path dir) throws IOException {
            Json.write(dir.resolve(RunRecord.FILE), this);
        }
    }

    /**
     * What a session did: the steps it started and ended at, its time, whether a stop request ended it early, and why it
     * diverged (null when it did not).
     */
    public record Outcome(long first, long last, double seconds, boolean stopped, String diverged) implements Versioned {}

    /** The run's progress. */
    public interface Listener {
        /** The model is built and any checkpoint restored ({@code resumedAt} > 0); {@code run.requestStop()} ends it at a checkpoint. */
        void started(TrainingRun run, long resumedAt) throws IOException;

        /** After each step, with the window's mean loss and accuracy when a log line was just written (else NaN). */
        void stepped(Trainer.Step step, double windowLoss, double windowAccuracy);
    }

    /** The checkpoint's configuration of a run folder, to resume it. */
    public static TrainConfig saved(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve(TrainingRun.MODEL)) || !Files.isRegularFile(dir.resolve(TrainingRun.OPTIMIZER)))
            throw new IllegalArgumentException("--resume: " + dir + " holds no " + TrainingRun.MODEL + " and " + TrainingRun.OPTIMIZER
                    + " to resume from");
        return Checkpoint.config(dir.resolve(TrainingRun.MODEL));
    }

    /** The data file of a run started on one (from its config.json), checked to be unchanged; null otherwise. */
    public static LabeledPoints savedData(Path dir) throws IOException {
        JsonNode root = Json.tree(dir.resolve(RunRecord.FILE));
        if (root == null) return null;
        JsonNode d = root.path("data");
        if (d.isMissingNode() || d.isNull()) return null;
        Path file = Path.of(d.path("file").asText());
        LabeledPoints points = LabeledPoints.read(file);
        if (points.checksum() != d.path("crc32").asLong())
            throw new IllegalArgumentException("--resume: " + file + " changed since the run started (its CRC-32 differs); resuming would train on other data");
        return points;
    }

    /** Trains to the config's step count (or a stop request), logging into train.csv; config.json is the caller's. */
    public static Outcome run(Backend backend, Config c, Listener listener) throws IOException {
        TrainConfig config = c.train();
        try (TrainingRun training = TrainingRun.latest(backend, config, c.data(), c.dir())) {
            Trainer trainer = training.trainer();
            if (PERFECT.equals(c.init())) QuadraticNet.initPerfect(trainer.model(), config.radius());
            else if (c.init() != null) Checkpoint.loadModel(Path.of(c.init()), trainer.model(), config);
            long first = c.resume() ? training.resume() : 0;
            listener.started(training, first);
            return log(backend, c, training, first, listener);
        }
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
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            int comma = line.indexOf(',');
            if (comma < 1 || !Character.isDigit(line.charAt(0))) continue;
            if (Long.parseLong(line.substring(0, comma)) <= upTo) kept.add(line);
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
