package spheres.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The job jar's command line: named exit codes and one line on stderr, before any Spark context starts. */
class SparkMainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

    private int run(SparkConf conf, String... args) {
        return SparkMain.run(args, conf, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void aMissingCommandIsUsage() {
        assertEquals(2, run(new SparkConf(), "train"));
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("usage: reproduce"));
        assertEquals(0, out.size(), "stdout is data only");
    }

    @Test
    void anUnknownPresetIsAValueNotAccepted() {
        assertEquals(3, run(new SparkConf(), "reproduce", "--preset", "huge", "--out", "/tmp/x"));
        assertEquals("--preset huge: accepted: quick, paper, smoke\n", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void executorsGetTheVectorModuleBesideTheirOwnOptions() {
        SparkConf conf = new SparkConf().set("spark.executor.extraJavaOptions", "-Xss4m");
        run(conf, "eval", "/tmp/x");
        assertEquals("-Xss4m " + SparkMain.VECTOR, conf.get("spark.executor.extraJavaOptions"));
    }
}
