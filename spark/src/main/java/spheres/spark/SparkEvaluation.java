package spheres.spark;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Evaluation;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.Rate;
import spheres.engine.workflow.ErrorRate;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.TrainedModel;

/**
 * {@code eval} of one model on n uniform samples per sphere, sharded by sample index: sample i of a sphere is a
 * function of (seed, stream, i), so each task counts the errors of its index range with the engine's {@link Evaluator}
 * and the driver adds the counts (longs, exact) and computes the Clopper-Pearson intervals once. Ranges are cut at
 * multiples of the chunk, so each task's forward passes are the single-machine run's.
 */
public final class SparkEvaluation {
    private SparkEvaluation() {}

    /** Samples {@code from .. to-1} of both spheres. */
    record Shard(long from, long to) implements Serializable {}

    /** What a task counted, and where (the first shard's machine goes into eval.json). */
    record Counts(long inner, long outer, String environment) implements Serializable {}

    /** The ranges of {@code n} samples over {@code partitions} tasks: whole chunks each, the last one short where n is. */
    static List<Shard> shards(long n, int chunk, int partitions) {
        long chunks = (n + chunk - 1) / chunk;
        List<Shard> shards = new ArrayList<>();
        for (int k = 0; k < partitions; k++) {
            long from = Math.min(n, chunks * k / partitions * chunk), to = Math.min(n, chunks * (k + 1) / partitions * chunk);
            if (to > from) shards.add(new Shard(from, to));
        }
        return shards;
    }

    /**
     * Evaluates the model of {@code run} (a run folder of {@code shared}, or "" for the folder itself) and writes eval.json
     * beside it, as {@code spheres eval} does. {@code threads} per task.
     */
    public static Evaluation.Result run(JavaSparkContext sc, SharedFolder run, long n, long seed, int chunk, int partitions, int threads)
            throws IOException {
        if (n < 1) throw new IllegalArgumentException("-n " + n + ": must be >= 1");
        if (partitions < 1) throw new IllegalArgumentException("--partitions " + partitions + ": must be >= 1");
        long start = System.nanoTime();
        // The model travels once per executor, from wherever the run folder is.
        Broadcast<byte[]> model = sc.broadcast(run.read(TrainedModel.MODEL_FILE));
        List<Shard> shards = shards(n, chunk, partitions);
        sc.setJobDescription(String.format("eval %s: %,d samples per sphere in %d tasks", run.root(), n, shards.size()));
        List<Counts> counts = sc.parallelize(shards, shards.size()).map(s -> count(model.value(), s, seed, chunk, threads)).collect();
        long inner = 0, outer = 0;
        for (Counts c : counts) {
            inner += c.inner();
            outer += c.outer();
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Evaluation.Result r = new Evaluation.Result(run.name() + "/" + TrainedModel.MODEL_FILE, null, n, seed,
                Json.MAPPER.readValue(counts.get(0).environment(), Environment.class), Rate.withBound(new ErrorRate(inner, n)),
                Rate.withBound(new ErrorRate(outer, n)), secs, 2 * n / secs);
        run.write(Evaluation.JSON, Json.bytes(r));
        return r;
    }

    private static Counts count(byte[] modelBytes, Shard s, long seed, int chunk, int threads) throws IOException {
        Path file = Files.createTempFile("spheres-model", ".safetensors");
        try (Backend backend = Backends.open("cpu", threads)) {
            Files.write(file, modelBytes);
            TrainedModel m = TrainedModel.load(backend, file);
            try (Evaluator ev = new Evaluator(backend, m.net(), m.spec().dim(), m.spec().radius(), seed, chunk)) {
                return new Counts(ev.errors(false, s.from(), s.to()), ev.errors(true, s.from(), s.to()),
                        Json.MAPPER.writeValueAsString(Environment.of(backend, threads)));
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
