package spheres.spark;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.engine.experiment.Preset;

/**
 * The smoke plan through Spark writes the files of the local smoke plan: every file, its bytes, except the timings
 * that {@link RunComparison} lists; and a task killed mid-training is retried, resumes from its checkpoint and ends
 * with the same files.
 */
class SparkPlanTest {
    @TempDir
    static Path tmp;
    static Path local;

    @BeforeAll
    static void localRun() throws Exception {
        local = RunComparison.localSmokeRun(tmp.resolve("local"));
    }

    @AfterEach
    void noInjectedFailure() {
        System.clearProperty(TaskAttempt.FAIL_AFTER_CHECKPOINT);
    }

    static String runThroughSpark(String master, Path out) throws Exception {
        return runThroughSpark(master, out, false);
    }

    static String runThroughSpark(String master, Path out, boolean resume) throws Exception {
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster(master).setAppName("plan"))) {
            return runThroughSpark(sc, out.toUri().toString(), resume);
        }
    }

    /** Runs the smoke plan into the folder {@code out} names; returns the driver's progress, which also goes to stderr. */
    static String runThroughSpark(JavaSparkContext sc, String out, boolean resume) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        try (PrintStream err = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            SparkPlan.run(sc, Preset.named("smoke"), new SharedFolder(out), resume, 1, err);
        }
        String text = log.toString(StandardCharsets.UTF_8);
        System.err.print(text);
        return text;
    }

    @Test
    void theSmokePlanThroughSparkWritesTheLocalFiles() throws Exception {
        Path out = tmp.resolve("spark");
        String log = runThroughSpark("local[2]", out);
        RunComparison.assertSameRun(local, out);
        assertTrue(log.contains("[1/"), log);
        assertTrue(Files.isRegularFile(out.resolve("report.md")));
        assertFalse(Files.exists(out.resolve(".checkpoints")), "no checkpoint left once the runs are committed");
    }

    @Test
    void aRunFolderOnAFileSystemThatIsNotLocalGetsTheSameFiles() throws Exception {
        // remote:// takes the path of hdfs:// and s3a:// (the driver works in a temporary copy and uploads what it wrote).
        Path out = tmp.resolve("remote");
        String name = RemoteFileSystem.SCHEME + "://" + out;
        assertTrue(new SharedFolder(name).local().isEmpty(), "the remote path is the one exercised");
        try (JavaSparkContext sc = new JavaSparkContext(new SparkConf().setMaster("local[2]").setAppName("plan"))) {
            String log = runThroughSpark(sc, name, false);
            assertTrue(log.contains("[1/"), log);
        }
        RunComparison.assertSameRun(local, out, name, Set.of());
        assertFalse(Files.exists(out.resolve(".checkpoints")), "no checkpoint left once the runs are committed");
    }

    @Test
    void aTaskKilledMidTrainingIsRetriedAndResumes() throws Exception {
        System.setProperty(TaskAttempt.FAIL_AFTER_CHECKPOINT, "relu");
        Path out = tmp.resolve("retried");
        // local[2,2]: two threads, and a failed task is tried twice (plain local[2] never retries).
        String log = runThroughSpark("local[2,2]", out);
        assertTrue(log.matches("(?s).*\\] relu: .*attempt 2, resumed from step \\d+.*"), log);
        RunComparison.assertSameRun(local, out);
    }

    @Test
    void aResumedPlanRunsOnlyWhatIsMissing() throws Exception {
        Path out = tmp.resolve("resumed");
        runThroughSpark("local[2]", out);
        // As if the driver had stopped before the ReLU net's task and one run of the sweep were committed.
        TaskAttempt.delete(out.resolve("relu"));
        TaskAttempt.delete(out.resolve("sweep/d-0008"));
        try (var markers = Files.list(out.resolve(".stages"))) {
            for (Path m : (Iterable<Path>) markers::iterator)
                if (m.getFileName().toString().matches("(relu-.*|sweep)\\.done")) Files.delete(m);
        }
        String log = runThroughSpark("local[2]", out, true);
        assertTrue(log.contains("plan smoke: 13 stages, 2 tasks"), log);
        // The driver ran the sweep's table again, and its log tells so, as a local --resume's does.
        RunComparison.assertSameRun(local, out, Set.of("logs/sweep.log"));
    }
}
