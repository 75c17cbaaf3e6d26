package spheres.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.quadratic.QuadraticMonitor;
import spheres.engine.quadratic.QuadraticNet;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.LabeledPoints;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;
import spheres.engine.workflow.TrainingRun;
import spheres.engine.nn.ModelKind;

/** Trains the ReLU or the quadratic net on the spheres and writes a run folder. */
@Command(name = "train", description = "Train a network to tell the inner sphere (radius 1) from the outer one (radius R).",
        footer = {"", "Examples:",
                "  ./spheres train --steps 2000 --dim 50 --out runs/quick        # a quick online run",
                "  ./spheres train --model quadratic --train-size 1000000 --steps 100000",
                "  ./spheres train --examples 50000000                            # the paper's budget, online",
                "  ./spheres train --model quadratic --init perfect --train-size 10000 --steps 20000 --checkpoint-every 500",
                "  ./spheres train --data train.npz --steps 20000                  # a set from a file: x [N, d] float32, y [N] 0/1"})
final class TrainCommand implements Callable<Integer> {
    @Mixin
    RuntimeOptions runtime;

    @Option(names = "--model", defaultValue = "relu", description = "relu or quadratic (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--dim", defaultValue = "500", description = "Input dimension d (default: ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--radius", defaultValue = "1.3", description = "Outer radius R; the inner is 1 (default: ${DEFAULT-VALUE}).")
    float radius;

    @Option(names = "--width", defaultValue = "1000", description = "ReLU net: hidden width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--depth", defaultValue = "2", description = "ReLU net: hidden layers (default: ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--batch-norm", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "ReLU net: batch norm after each hidden Linear (default: on).")
    boolean batchNorm;

    @Option(names = "--hidden", defaultValue = "1000", description = "Quadratic net: hidden units h (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--batch", defaultValue = "50", description = "Batch size (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--lr", defaultValue = "1e-4", description = "Adam learning rate (default: ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--steps", description = "Training steps (default: 2000; the paper ran 1,000,000).")
    Long steps;

    @Option(names = "--examples", description = "Training examples instead of steps (steps = examples / batch).")
    Long examples;

    @Option(names = "--train-size", defaultValue = "0", description = "Fixed training set of N samples; 0 = online, a fresh batch every step (default).")
    long trainSize;

    @Option(names = "--data", paramLabel = "FILE",
            description = "Train on the points of this file (.safetensors or .npz with x [N, d] float32 and y [N] of 0/1) instead of sampled ones; sets --train-size N and --dim d.")
    Path data;

    @Spec
    CommandSpec spec;

    @Option(names = "--no-shuffle", description = "Fixed set: take batches in order instead of shuffling per epoch.")
    boolean noShuffle;

    @Option(names = "--seed", defaultValue = "" + Streams.DEFAULT_SEED, description = "Seed of data and initialisation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--log-every", defaultValue = "100", description = "Steps per line of train.csv (default: ${DEFAULT-VALUE}).")
    int logEvery;

    @Option(names = "--out", description = "Run folder (default: runs/train-<model>-d<dim>).")
    Path out;

    @Option(names = "--force", description = "Overwrite an existing run folder.")
    boolean force;

    @Option(names = "--checkpoint-every", defaultValue = "1000", paramLabel = "K",
            description = "Write model and optimizer checkpoints every K steps, and at the end (default: ${DEFAULT-VALUE}).")
    long checkpointEvery;

    @Option(names = "--resume", description = "Continue the run in --out from its last checkpoint (its configuration; --steps may extend it).")
    boolean resume;

    @Option(names = "--init", paramLabel = "FILE|perfect",
            description = {"Start from the weights of this model.safetensors (same architecture), or, for --model quadratic,",
                    "'perfect': W1 = [I; 0], w = 1, b = -(1+R)^2/4, every alpha 4/(1+R)^2 (the max-margin sphere; needs --hidden >= --dim)."})
    String init;

    @Option(names = "--loss-samples", defaultValue = "10000", paramLabel = "N",
            description = "Quadratic net: training and test points behind the mean losses logged at each checkpoint (default: ${DEFAULT-VALUE}).")
    long lossSamples;

    @Override
    public Integer call() throws IOException {
        if (steps != null && examples != null) throw new IllegalArgumentException("--steps and --examples: give one, not both");
        if (examples != null && examples < 0) throw new IllegalArgumentException("--examples " + examples + ": must be >= 0");
        if (logEvery < 1) throw new IllegalArgumentException("--log-every " + logEvery + ": must be >= 1");
        if (checkpointEvery < 1) throw new IllegalArgumentException("--checkpoint-every " + checkpointEvery + ": must be >= 1");
        if (resume && out == null) throw new IllegalArgumentException("--resume: name the run folder with --out");
        if (resume && init != null) throw new IllegalArgumentException("--resume and --init: give one, not both");
        if (resume && data != null) throw new IllegalArgumentException("--resume and --data: a resumed run reads the data file it was started with");
        LabeledPoints points = data == null ? null : LabeledPoints.read(data);
        if (points != null) {
            if (given("--dim") && dim != points.dim())
                throw new IllegalArgumentException("--dim " + dim + ": the points of " + data + " have dimension " + points.dim());
            if (given("--train-size") && trainSize != points.n())
                throw new IllegalArgumentException("--train-size " + trainSize + ": " + data + " holds " + points.n() + " points");
            dim = points.dim();
            trainSize = points.n();
        }
        if (lossSamples < 1) throw new IllegalArgumentException("--loss-samples " + lossSamples + ": must be >= 1");
        ModelKind kind = ModelKind.parse(model);
        boolean perfect = PERFECT.equals(init);
        if (perfect && kind != ModelKind.QUADRATIC) throw new IllegalArgumentException("--init perfect: only for --model quadratic");
        if (perfect && hidden < dim)
            throw new IllegalArgumentException("--init perfect: needs --hidden >= --dim (W1 = [I; 0]); got --hidden " + hidden + ", --dim " + dim);
        if (init != null && !perfect && !Files.isRegularFile(Path.of(init)))
            throw new IllegalArgumentException("--init " + init + ": no such file (or 'perfect')");
        Path dir = out != null ? out : Path.of("runs", "train-" + model + "-d" + dim);
        TrainConfig config;
        if (resume) {
            if (!Files.isRegularFile(dir.resolve(MODEL)) || !Files.isRegularFile(dir.resolve(OPTIMIZER)))
                throw new IllegalArgumentException("--resume: " + dir + " holds no " + MODEL + " and " + OPTIMIZER + " to resume from");
            config = Checkpoint.config(dir.resolve(MODEL));
            if (steps != null || examples != null) config = withSteps(config, total(config.batch()));
            points = dataOf(dir);
        } else {
            config = new TrainConfig(kind, dim, radius, width, depth, batchNorm, hidden, batch, lr, total(batch),
                    trainSize, !noShuffle, seed).validate();
        }
        try (Backend backend = runtime.open()) {
            RunFolder run = resume ? RunFolder.existing(dir) : RunFolder.create(dir, force);
            Map<String, Object> saved = new LinkedHashMap<>();
            saved.put("command", "train");
            saved.put("config", config);
            saved.put("init", init);
            if (data != null) saved.put("data", Map.of("file", data.toAbsolutePath().toString(), "points", points.n(), "crc32", points.checksum()));
            saved.put("environment", RunFolder.environment(backend, runtime.threads()));
            System.out.println(RunFolder.JSON.writeValueAsString(saved));
            if (!resume) run.writeJson("config.json", saved);
            try (TrainingRun training = TrainingRun.latest(backend, config, points, run.dir)) {
                Trainer trainer = training.trainer();
                if (perfect) QuadraticNet.initPerfect(trainer.model(), config.radius());
                else if (init != null) Checkpoint.loadModel(Path.of(init), trainer.model(), config);
                if (resume) System.out.println("resuming at step " + training.resume() + " of " + config.steps());
                System.out.println(trainer.model().describe() + "\n" + trainer.model().parameterCount() + " parameters");
                return train(backend, training, run);
            }
        }
    }

    static final String MODEL = TrainingRun.MODEL, OPTIMIZER = TrainingRun.OPTIMIZER, PERFECT = "perfect";
    /** The columns a quadratic run adds to train.csv, filled at each checkpoint. */
    static final String QUADRATIC_COLUMNS = ",train_loss,test_loss,worst_case_loss,alphas_out_of_range";

    private boolean given(String option) {
        return spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** The data file of a run started with --data (from its config.json), checked to be unchanged; null otherwise. */
    private static LabeledPoints dataOf(Path dir) throws IOException {
        Path json = dir.resolve("config.json");
        if (!Files.isRegularFile(json)) return null;
        com.fasterxml.jackson.databind.JsonNode d = RunFolder.JSON.readTree(json.toFile()).path("data");
        if (d.isMissingNode() || d.isNull()) return null;
        Path file = Path.of(d.path("file").asText());
        LabeledPoints points = LabeledPoints.read(file);
        if (points.checksum() != d.path("crc32").asLong())
            throw new IllegalArgumentException("--resume: " + file + " changed since the run started (its CRC-32 differs); resuming would train on other data");
        return points;
    }

    private long total(int batchSize) {
        return examples != null ? (examples + batchSize - 1) / Math.max(1, batchSize) : steps != null ? steps : 2000;
    }

    private static TrainConfig withSteps(TrainConfig c, long steps) {
        return new TrainConfig(c.model(), c.dim(), c.radius(), c.width(), c.depth(), c.batchNorm(), c.hidden(), c.batch(),
                c.lr(), steps, c.trainSize(), c.shuffle(), c.seed()).validate();
    }

    private int train(Backend backend, TrainingRun training, RunFolder run) throws IOException {
        Trainer trainer = training.trainer();
        long total = trainer.config().steps(), first = trainer.steps();
        Path csv = run.file("train.csv");
        List<String> kept = keptLog(csv, first);
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            training.requestStop();
            try {
                main.join(60_000); // let the loop write its checkpoint before the JVM exits
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        boolean quadratic = trainer.config().model() == ModelKind.QUADRATIC;
        long start = System.nanoTime();
        try (QuadraticMonitor monitor = quadratic ? new QuadraticMonitor(backend, trainer.model(), trainer.config(), lossSamples) : null;
             BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             ProgressBar bar = Progress.bar("train", total, " steps", first)) {
            w.write("step,loss,accuracy,examples_per_s" + (quadratic ? QUADRATIC_COLUMNS : "") + "\n");
            for (String line : kept) w.write(line + "\n");
            if (quadratic && first == 0) w.write("0,,,," + columns(monitor.measure()) + "\n"); // the starting point
            TrainingRun.Listener log = new TrainingRun.Listener() {
                long windowStart = start;
                double lossSum, accSum;
                int window;

                @Override
                public void stepped(Trainer.Step st) throws IOException {
                    lossSum += st.loss();
                    accSum += st.accuracy();
                    window++;
                    boolean atCheckpoint = st.step() % checkpointEvery == 0 || st.step() == total;
                    if (st.step() % logEvery == 0 || st.step() == total || (quadratic && atCheckpoint)) {
                        long now = System.nanoTime();
                        double rate = window * (double) trainer.config().batch() / ((now - windowStart) / 1e9);
                        String extra = !quadratic ? "" : atCheckpoint ? "," + columns(monitor.measure()) : ",,,,";
                        w.write(String.format(Locale.ROOT, "%d,%.6g,%.4f,%.1f%s%n", st.step(), lossSum / window, accSum / window, rate, extra));
                        w.flush();
                        bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.3f", lossSum / window, accSum / window));
                        lossSum = accSum = 0;
                        window = 0;
                        windowStart = System.nanoTime(); // the monitor's time is not training time
                    }
                    bar.stepTo(st.step());
                }
            };
            training.runTo(total, checkpointEvery, log);
            training.checkpoint();
        } finally {
            if (!training.stopRequested()) Runtime.getRuntime().removeShutdownHook(hook);
        }
        if (quadratic) SavedFigures.losses(run.dir);
        double secs = (System.nanoTime() - start) / 1e9;
        long done = trainer.steps() - first;
        System.out.printf(Locale.ROOT, "%d steps in %.1f s: %.1f steps/s, %.0f examples/s%n", done, secs, done / secs,
                done * trainer.config().batch() / secs);
        if (training.stopRequested()) {
            System.out.println("interrupted: checkpoint at step " + trainer.steps() + " in " + run.dir + "; continue with --resume --out " + run.dir);
            return ExitCodes.INTERRUPTED;
        }
        System.out.println("run folder: " + run.dir);
        return ExitCodes.OK;
    }

    private static String columns(QuadraticMonitor.Row r) {
        return String.format(Locale.ROOT, "%.6g,%.6g,%.6g,%d", r.trainLoss(), r.testLoss(), r.worstCaseLoss(), r.alphasOutOfRange());
    }

    /** On resume, the lines of train.csv up to the checkpoint's step; the rest are logged again. */
    private static List<String> keptLog(Path csv, long upTo) throws IOException {
        List<String> kept = new java.util.ArrayList<>();
        if (upTo == 0 || !Files.isRegularFile(csv)) return kept;
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            int comma = line.indexOf(',');
            if (comma < 1 || !Character.isDigit(line.charAt(0))) continue;
            if (Long.parseLong(line.substring(0, comma)) <= upTo) kept.add(line);
        }
        return kept;
    }
}
