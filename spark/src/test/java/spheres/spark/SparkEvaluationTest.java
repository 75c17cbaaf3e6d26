package spheres.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Evaluation;
import spheres.engine.nn.ModelKind;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainingRun;

/** Sharded evaluation: 8 tasks on local[2] count exactly the errors of the single-machine Evaluation stage. */
class SparkEvaluationTest {
    /** A ReLU net (d 6) after 5 steps: far from trained, so both spheres hold many errors to count. */
    static Path trainedModel(Path dir) throws Exception {
        TrainConfig config = new TrainConfig(ModelKind.RELU, 6, 1.3f, 8, 2, true, 8, 10, 1e-2f, 5, 0, true, Streams.DEFAULT_SEED).validate();
        java.nio.file.Files.createDirectories(dir);
        try (Backend backend = Backends.open("cpu", 1); TrainingRun run = TrainingRun.latest(backend, config, null, dir)) {
            run.runTo(config.steps(), config.steps(), step -> {});
            run.checkpoint();
        }
        return dir;
    }

    @Test
    void eightPartitionsCountWhatOneMachineCounts(@TempDir Path dir) throws Exception {
        trainedModel(dir);
        long n = 10_007; // 21 chunks of 500, the last one short: shards of 2 or 3 chunks
        Evaluation.Result local;
        try (Backend backend = Backends.open("cpu", 1)) {
            local = Evaluation.run(backend, new Evaluation.Config(dir, n, 42, 500, null), Environment.of(backend, 1), k -> {});
        }
        assertTrue(local.inner().errors() > 10 && local.outer().errors() > 10, "a model with errors to count: " + local);
        Evaluation.Result sharded;
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("eval"))) {
            sharded = SparkEvaluation.run(sc, new SharedFolder(dir.toUri().toString()), n, 42, 500, 8, 1);
        }
        assertEquals(local.inner().errors(), sharded.inner().errors());
        assertEquals(local.outer().errors(), sharded.outer().errors());
        assertEquals(local.inner().rate(), sharded.inner().rate());
        assertEquals(local.outer().ci95()[1], sharded.outer().ci95()[1]);
        assertEquals(local.model(), sharded.model());
        assertEquals(sharded.outer().errors(), Evaluation.Result.read(dir.resolve(Evaluation.JSON)).outer().errors(), "eval.json is the sharded result");
    }

    @Test
    void shardsCoverTheSamplesInWholeChunks() {
        List<SparkEvaluation.Shard> shards = SparkEvaluation.shards(10_007, 500, 8);
        assertEquals(8, shards.size());
        long next = 0;
        for (SparkEvaluation.Shard s : shards) {
            assertEquals(next, s.from());
            assertEquals(0, s.from() % 500);
            next = s.to();
        }
        assertEquals(10_007, next);
        assertEquals(List.of(new SparkEvaluation.Shard(0, 3)), SparkEvaluation.shards(3, 500, 8), "fewer chunks than tasks");
    }
}
