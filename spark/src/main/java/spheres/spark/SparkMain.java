package spheres.spark;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import spheres.engine.experiment.Evaluation;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.Preset;
import spheres.engine.workflow.Streams;

/**
 * The job jar's entry point for {@code spark-submit}:
 *
 * <pre>
 * spark-submit --class spheres.spark.SparkMain --master MASTER --driver-java-options "--add-modules jdk.incubator.vector" \
 *     spheres-spark.jar reproduce --preset paper --out hdfs://nn/runs/paper [--resume] [--threads N]
 * spark-submit ... spheres-spark.jar eval hdfs://nn/runs/paper/relu -n 1000000000 [--partitions P] [--seed S] [--chunk C]
 * </pre>
 *
 * Executors get {@code --add-modules jdk.incubator.vector} here (appended to {@code spark.executor.extraJavaOptions}).
 * Exit codes as the CLI's: 0 ok, 1 failure, 2 usage, 3 a value not accepted. stdout is data (eval's JSON, the report's
 * path); progress and errors go to stderr.
 */
public final class SparkMain {
    static final String VECTOR = "--add-modules jdk.incubator.vector";
    private static final String USAGE = "usage: reproduce --preset quick|paper|smoke --out URI [--resume] [--threads N]\n"
            + "       eval RUN_URI -n N [--partitions P] [--seed S] [--chunk C] [--threads N]";

    private SparkMain() {}

    public static void main(String[] args) {
        System.exit(run(args, new SparkConf(), System.out, System.err));
    }

    /** Runs one command on a context made from {@code conf}; returns the exit code. */
    static int run(String[] args, SparkConf conf, PrintStream out, PrintStream err) {
        if (args.length == 0 || !List.of("reproduce", "eval").contains(args[0])) {
            err.println(USAGE);
            return 2;
        }
        Map<String, String> opts = new HashMap<>();
        List<String> positional = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--resume")) opts.put(a, "true");
            else if (a.startsWith("-") && i + 1 < args.length) opts.put(a, args[++i]);
            else if (a.startsWith("-")) {
                err.println(a + ": needs a value\n" + USAGE);
                return 2;
            } else positional.add(a);
        }
        String options = conf.get("spark.executor.extraJavaOptions", "");
        if (!options.contains("jdk.incubator.vector")) conf.set("spark.executor.extraJavaOptions", (options + " " + VECTOR).strip());
        conf.setIfMissing("spark.app.name", "spheres " + String.join(" ", args));
        try {
            int threads = Integer.parseInt(opts.getOrDefault("--threads", conf.get("spark.task.cpus", "1")));
            if (args[0].equals("reproduce")) {
                Preset preset = Preset.named(opts.getOrDefault("--preset", "quick"));
                String dir = opts.get("--out");
                if (dir == null || !positional.isEmpty()) {
                    err.println(USAGE);
                    return 2;
                }
                try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                    out.println(SparkPlan.run(sc, preset, new SharedFolder(dir), opts.containsKey("--resume"), threads, err));
                }
            } else {
                if (positional.size() != 1 || !opts.containsKey("-n")) {
                    err.println(USAGE);
                    return 2;
                }
                long n = Long.parseLong(opts.get("-n"));
                try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                    int partitions = Integer.parseInt(opts.getOrDefault("--partitions", String.valueOf(sc.defaultParallelism())));
                    Evaluation.Result r = SparkEvaluation.run(sc, new SharedFolder(positional.get(0)), n,
                            Long.parseLong(opts.getOrDefault("--seed", String.valueOf(Streams.DEFAULT_SEED))),
                            Integer.parseInt(opts.getOrDefault("--chunk", String.valueOf(Evaluation.CHUNK))), partitions, threads);
                    out.println(Json.text(r));
                }
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 3;
        } catch (Exception e) {
            err.println("failed: " + e.getMessage());
            return 1;
        }
    }
}
