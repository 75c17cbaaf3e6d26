package spheres.cli;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import spheres.engine.Backend;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;

/** Trains the ReLU or the quadratic net on the spheres and writes a run folder. */
@Command(name = "train", description = "Train a network to tell the inner sphere (radius 1) from the outer one (radius R).",
        footer = {"", "Examples:",
                "  ./spheres train --steps 2000 --dim 50 --out runs/quick        # a quick online run",
                "  ./spheres train --model quadratic --train-size 1000000 --steps 100000",
                "  ./spheres train --examples 50000000                            # the paper's budget, online"})
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

    @Override
    public Integer call() throws IOException {
        if (steps != null && examples != null) throw new IllegalArgumentException("--steps and --examples: give one, not both");
        if (examples != null && examples < 0) throw new IllegalArgumentException("--examples " + examples + ": must be >= 0");
        if (logEvery < 1) throw new IllegalArgumentException("--log-every " + logEvery + ": must be >= 1");
        long total = examples != null ? (examples + batch - 1) / Math.max(1, batch) : steps != null ? steps : 2000;
        TrainConfig config = new TrainConfig(model, dim, radius, width, depth, batchNorm, hidden, batch, lr, total,
                trainSize, !noShuffle, seed).validate();
        Path dir = out != null ? out : Path.of("runs", "train-" + model + "-d" + dim);
        try (Backend backend = runtime.open()) {
            RunFolder run = RunFolder.create(dir, force);
            Map<String, Object> saved = new LinkedHashMap<>();
            saved.put("command", "train");
            saved.put("config", config);
            saved.put("environment", RunFolder.environment(backend, runtime.threads()));
            System.out.println(RunFolder.JSON.writeValueAsString(saved));
            run.writeJson("config.json", saved);
            try (Trainer trainer = new Trainer(backend, config)) {
                System.out.println(trainer.model().describe() + "\n" + trainer.model().parameterCount() + " parameters");
                train(trainer, run, total);
            }
            System.out.println("run folder: " + dir);
        }
        return ExitCodes.OK;
    }

    private void train(Trainer trainer, RunFolder run, long total) throws IOException {
        Path csv = run.file("train.csv");
        long start = System.nanoTime(), windowStart = start;
        double lossSum = 0, accSum = 0;
        int window = 0;
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             ProgressBar bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(total).setUnit(" steps", 1)
                     .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).showSpeed().build()) {
            w.write("step,loss,accuracy,examples_per_s\n");
            for (long s = 0; s < total; s++) {
                Trainer.Step st = trainer.step();
                lossSum += st.loss();
                accSum += st.accuracy();
                window++;
                if (st.step() % logEvery == 0 || s == total - 1) {
                    long now = System.nanoTime();
                    double rate = window * (double) trainer.config().batch() / ((now - windowStart) / 1e9);
                    w.write(String.format(Locale.ROOT, "%d,%.6g,%.4f,%.1f%n", st.step(), lossSum / window, accSum / window, rate));
                    w.flush();
                    bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f acc %.3f", lossSum / window, accSum / window));
                    lossSum = accSum = 0;
                    window = 0;
                    windowStart = now;
                }
                bar.stepTo(st.step());
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%d steps in %.1f s: %.1f steps/s, %.0f examples/s%n", total, secs, total / secs,
                total * trainer.config().batch() / secs);
    }
}
