package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static spheres.engine.SplitWork.*;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.attack.AttackConfig;
import spheres.engine.attack.AttackResult;
import spheres.engine.attack.ManifoldAttack;
import spheres.engine.attack.Starts;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.Sequential;

/**
 * Training with resume, evaluation and the attack give the same bytes on 1, 2 and 3 threads at sizes where the CPU
 * backend really splits the work ({@link spheres.engine.SplitWork}).
 */
class SplitWorkDeterminismTest {

    @TempDir
    Path dir;

    private static TrainConfig config(long trainSize) {
        return new TrainConfig(spheres.engine.nn.ModelKind.RELU, DIM, 1.3f, WIDTH, 2, true, WIDTH, BATCH, 1e-3f, 0, trainSize, true, 5);
    }

    /** Trains {@code steps} steps from scratch, or on from the checkpoint in {@code from}; saves to {@code to}. */
    private static void train(int threads, TrainConfig config, Path from, int steps, Path to) throws Exception {
        try (Backend be = new CpuBackend(threads); Trainer t = new Trainer(be, config)) {
            if (from != null) {
                Checkpoint.loadModel(from.resolve("model.safetensors"), t.model(), t.config().model());
                Checkpoint.loadOptimizer(from.resolve("optimizer.safetensors"), t);
            }
            for (int i = 0; i < steps; i++) t.step();
            Files.createDirectories(to);
            Checkpoint.saveModel(to.resolve("model.safetensors"), t.model(), t.config());
            Checkpoint.saveOptimizer(to.resolve("optimizer.safetensors"), t, Checkpoint.fileChecksum(to.resolve("model.safetensors")));
        }
    }

    /** The two files' bytes: weights, batch-norm statistics and counts, Adam moments and step. */
    private static void assertSameFiles(Path expected, Path actual, String what) throws Exception {
        for (String f : new String[] {"model.safetensors", "optimizer.safetensors"})
            assertArrayEquals(Files.readAllBytes(expected.resolve(f)), Files.readAllBytes(actual.resolve(f)), what + ": " + f);
    }

    @Test
    void trainingAndResumeGiveTheSameBytesOnAnyThreadCount() throws Exception {
        for (long trainSize : new long[] {0, 120}) { // online, and a fixed set reshuffled every epoch
            TrainConfig c = config(trainSize);
            Path straight = dir.resolve("straight" + trainSize);
            train(1, c, null, 6, straight);
            for (int threads : THREADS) {
                Path half = dir.resolve(trainSize + "half" + threads), resumed = dir.resolve(trainSize + "resumed" + threads);
                train(threads, c, null, 3, half);
                if (threads > 1) assertSameFiles(dir.resolve(trainSize + "half1"), half, threads + " threads, 3 steps");
                train(threads % 3 + 1, c, half, 3, resumed); // resume on another thread count
                assertSameFiles(straight, resumed, "3 steps on " + threads + " threads, 3 on " + (threads % 3 + 1));
            }
        }
    }

    /** Loads the model saved in {@code run}, on a backend the caller closes. */
    private static Sequential load(Backend be, Path run) throws Exception {
        ModelSpec c = Checkpoint.spec(run.resolve("model.safetensors"));
        Sequential model = c.newModel(be, 0);
        Checkpoint.loadModel(run.resolve("model.safetensors"), model, c.model());
        return model;
    }

    @Test
    void evaluationGivesTheSameLogitsCountsAndLossOnAnyThreadCount() throws Exception {
        Path run = dir.resolve("run");
        train(1, config(0), null, 4, run);
        float[] logits1 = null;
        long[] counts1 = null;
        double loss1 = 0;
        for (int threads : THREADS) {
            try (Backend be = new CpuBackend(threads)) {
                Sequential model = load(be, run);
                float[] logits;
                try (Tensor x = be.allocate(500, DIM)) {
                    be.sampleSpheres(9, Streams.TEST, 0, 1f, 1.3f, 0.5, x, null);
                    logits = be.download(model.forward(x, false));
                }
                long[] counts;
                double loss;
                try (Evaluator ev = new Evaluator(be, model, DIM, 1.3f, 9, 500)) {
                    counts = new long[] {ev.errors(false, 0, 1500), ev.errors(true, 0, 1500)};
                    loss = ev.meanLoss(Streams.TEST, 0, 1500);
                }
                if (threads == 1) {
                    logits1 = logits;
                    counts1 = counts;
                    loss1 = loss;
                    // a barely trained net: errors on both spheres, so a logit whose sign moved would show
                    assertTrue(counts[0] > 0 && counts[0] < 1500 && counts[1] > 0 && counts[1] < 1500, java.util.Arrays.toString(counts));
                    continue;
                }
                assertArrayEquals(logits1, logits, threads + " threads: logits");
                assertArrayEquals(counts1, counts, threads + " threads: error counts");
                assertEquals(Double.doubleToRawLongBits(loss1), Double.doubleToRawLongBits(loss), threads + " threads: mean loss");
            }
        }
    }

    @Test
    void theAttackGivesTheSamePointsOnAnyThreadCount() throws Exception {
        Path run = dir.resolve("run");
        train(1, config(0), null, 4, run);
        AttackResult[] first = new AttackResult[2];
        for (int threads : THREADS) {
            try (Backend be = new CpuBackend(threads)) {
                Sequential model = load(be, run);
                AttackConfig[] configs = {new AttackConfig("worst", 0.02f, 40, 1e-3f, 0, 64), new AttackConfig("nearest", 0.01f, 200, 1e-3f, 8, 64)};
                for (int k = 0; k < configs.length; k++) {
                    AttackResult r = new ManifoldAttack(be, model, DIM, 1.15f, configs[k]).run(Starts.spheres(3, 1f, 1.3f, 0.5), 64, (a, b, c) -> {});
                    if (threads == 1) {
                        first[k] = r;
                        long steps = java.util.Arrays.stream(r.iterations).sum();
                        assertTrue(steps >= 64 * 10, configs[k].mode() + ": the starts move (" + steps + " iterations in all)");
                        continue;
                    }
                    String what = threads + " threads, " + configs[k].mode();
                    assertArrayEquals(first[k].points, r.points, what + ": points");
                    assertArrayEquals(first[k].logit, r.logit, what + ": logits");
                    assertArrayEquals(first[k].distance, r.distance, what + ": distances");
                    assertArrayEquals(first[k].iterations, r.iterations, what + ": iterations");
                    assertArrayEquals(first[k].found, r.found, what + ": found");
                }
            }
        }
    }
}
