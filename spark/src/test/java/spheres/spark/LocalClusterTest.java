package spheres.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.Backend;
import spheres.engine.Backends;
import spheres.engine.experiment.Environment;
import spheres.engine.experiment.Evaluation;

/**
 * A real standalone cluster on this machine, {@code local-cluster[2,1,1024]}: a master, two workers and two executor
 * JVMs started by Spark's launcher. The sharded evaluation and the smoke plan give the single machine's counts and files.
 *
 * <p>The launcher wants a Spark home ({@code SPARK_HOME}, set by Surefire to {@code target/spark-home}, and
 * {@code SPARK_SCALA_VERSION}): this test builds it from its own classpath, an empty {@code RELEASE} and {@code jars/}
 * with links to every jar; the module folders on the classpath reach the executors through their extra class path.
 */
class LocalClusterTest {
    static SparkConf cluster() throws Exception {
        String home = System.getenv("SPARK_HOME");
        if (home == null) throw new IllegalStateException("SPARK_HOME is not set: run through Maven (Surefire sets it to target/spark-home)");
        Path jars = Files.createDirectories(Path.of(home, "jars"));
        try (var old = Files.list(jars)) { // links of an earlier classpath could hold another version of a jar
            for (Path p : (Iterable<Path>) old::iterator) Files.delete(p);
        }
        Files.writeString(Path.of(home, "RELEASE"), "");
        List<String> folders = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(p)) folders.add(p.toString());
            else if (entry.endsWith(".jar") && !Files.exists(jars.resolve(p.getFileName()), LinkOption.NOFOLLOW_LINKS))
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p);
        }
        return new SparkConf().setMaster("local-cluster[2,1,1024]").setAppName("local-cluster")
                .set("spark.executor.extraClassPath", String.join(File.pathSeparator, folders))
                .set("spark.executor.extraJavaOptions", SparkMain.VECTOR);
    }

    @Test
    void twoExecutorJvmsCountAndWriteWhatOneMachineDoes(@TempDir Path dir) throws Exception {
        Path model = SparkEvaluationTest.trainedModel(dir.resolve("model"));
        long n = 20_000;
        Evaluation.Result local;
        try (Backend backend = Backends.open("cpu", 1)) {
            local = Evaluation.run(backend, new Evaluation.Config(model, n, 7, 1000, null), Environment.of(backend, 1), k -> {});
        }
        Path expected = RunComparison.localSmokeRun(dir.resolve("local"));
        try (JavaSparkContext sc = new JavaSparkContext(cluster())) {
            long t0 = System.nanoTime();
            Evaluation.Result sharded = SparkEvaluation.run(sc, new SharedFolder(model.toUri().toString()), n, 7, 1000, 8, 1);
            System.err.printf("local-cluster: sharded eval of 2 x %,d samples in %.1f s%n", n, (System.nanoTime() - t0) / 1e9);
            assertEquals(local.inner().errors(), sharded.inner().errors());
            assertEquals(local.outer().errors(), sharded.outer().errors());
            assertTrue(sharded.environment().jdk() != null);
            t0 = System.nanoTime();
            SparkPlanTest.runThroughSpark(sc, dir.resolve("cluster").toUri().toString(), false);
            System.err.printf("local-cluster: smoke plan in %.1f s%n", (System.nanoTime() - t0) / 1e9);
        }
        RunComparison.assertSameRun(expected, dir.resolve("cluster"));
    }
}
