package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import spheres.engine.Backend;
import spheres.engine.attack.AttackConfig;
import spheres.engine.attack.AttackResult;
import spheres.engine.attack.AttackSummary;
import spheres.engine.attack.ManifoldAttack;
import spheres.engine.attack.Starts;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.DType;
import spheres.engine.io.HostArray;
import spheres.engine.io.Npy;
import spheres.engine.workflow.ModelSpec;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainedModel;

/**
 * The manifold attack (spec section 4) as a stage: from random points of the data spheres, of one sphere, of any radius,
 * or from the points of a file. Owns {@code config.json} ({@link Setup}), {@code attack.csv} (one row per start),
 * {@code attack.json} ({@link Result}) and {@code adversarial.npy} (the verified errors, in start order).
 */
public final class Attack {
    public static final String COMMAND = "attack", CSV = "attack.csv", JSON = "attack.json", NPY = "adversarial.npy";

    private Attack() {}

    /** The model, the attack's settings and where it starts: {@code input} points, else {@code radius}, else {@code sphere}. */
    public record Config(Path model, AttackConfig attack, String sphere, Float radius, Path input, int starts, long seed, int bins) {
        public Config {
            attack.validate();
            if (radius != null && input != null) throw new IllegalArgumentException("--radius and --input: give one, not both");
            if (radius != null && !(radius >= 0 && radius < Float.POSITIVE_INFINITY))
                throw new IllegalArgumentException("--radius " + radius + ": must be >= 0");
            if (!sphere.equals("inner") && !sphere.equals("outer") && !sphere.equals("both"))
                throw new IllegalArgumentException("--sphere " + sphere + ": accepted: inner, outer, both");
            if (starts < 0) throw new IllegalArgumentException("--starts " + starts + ": must be >= 0");
            if (bins < 1) throw new IllegalArgumentException("--bins " + bins + ": must be >= 1");
        }
    }

    /** What {@code config.json} records of an attack run. */
    public record Setup(String command, String model, AttackConfig attack, @JsonProperty("starts_from") String startsFrom, int starts,
                        long seed, float boundary, Environment environment) implements Versioned {}

    /**
     * What {@code attack.json} records: the verified errors over all starts (those the model already got wrong counted
     * apart, in {@code already_wrong}; success rate and distances over the others), the same per sphere of the start's
     * class, the histogram of distances, and the speed.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Result(int starts, int alreadyWrong, int found, int rejected, Double successRate, double[] successCi95,
                         Double distanceMean, Double distanceMedian, Double distanceMin, Double distanceMax, Spheres spheres,
                         double[] histogramEdges, long[] histogramCounts, double seconds, double startsPerS, long pointSteps,
                         double pointStepsPerS) implements Versioned {
        static Result of(AttackSummary s, int n, double secs, long pointSteps) {
            AttackSummary.Part a = s.all();
            return new Result(a.starts(), a.alreadyWrong(), a.found(), s.rejected(), a.successRate(), a.successCi95(), a.distanceMean(),
                    a.distanceMedian(), a.distanceMin(), a.distanceMax(), new Spheres(s.inner(), s.outer()), s.histogramEdges(),
                    s.histogramCounts(), secs, n / secs, pointSteps, pointSteps / secs);
        }

        public static Result read(Path dir) throws IOException {
            Path f = dir.resolve(JSON);
            return Files.isRegularFile(f) ? Json.read(f, Result.class) : null;
        }

        /** What was found, in words: the starts already wrong, the verified errors and their distances, the speed. */
        public String summary() {
            StringBuilder s = new StringBuilder();
            if (alreadyWrong > 0) s.append(String.format(Locale.ROOT, "%d of %d starts were misclassified already (not attacked)%n", alreadyWrong, starts));
            if (found == 0) s.append(String.format(Locale.ROOT, "no verified error found from the other %d starts", starts - alreadyWrong));
            else s.append(String.format(Locale.ROOT, "%d of %d starts found a verified error (%.2f %%), L2 distance from the start: mean %.4f, "
                    + "median %.4f, min %.4f, max %.4f", found, starts - alreadyWrong, 100 * successRate, distanceMean, distanceMedian,
                    distanceMin, distanceMax));
            return s.append(String.format(Locale.ROOT, "; %d claimed errors rejected%n%.1f s: %.1f starts/s, %.0f point steps/s", rejected,
                    seconds, startsPerS, pointStepsPerS)).toString();
        }
    }

    /** The figures of the starts of each class (by the start's norm: inner below the boundary (1 + R) / 2). */
    public record Spheres(AttackSummary.Part inner, AttackSummary.Part outer) {}

    /** An attack ready to run: the checkpoint's configuration read and the {@code starts} resolved, before any folder is made. */
    public record Plan(Config config, Path model, ModelSpec train, Starts source, int starts, String from) {
        /** The default output folder: {@code attack} beside the model. */
        public Path defaultOut() {
            return model.toAbsolutePath().getParent().resolve("attack");
        }

        public Setup setup(Environment environment) {
            return new Setup(COMMAND, model.toString(), config.attack(), from, starts, config.seed(), (1 + train.radius()) / 2, environment);
        }
    }

    public static Plan plan(Config c) throws IOException {
        Path model = TrainedModel.file(c.model());
        ModelSpec train = Checkpoint.spec(model);
        if (c.input() != null) {
            if (!Files.isRegularFile(c.input())) throw new IllegalArgumentException("--input " + c.input() + ": no such file");
            HostArray x = Npy.read(c.input()).expect(c.input().toString(), DType.F32, -1, train.dim());
            return new Plan(c, model, train, Starts.points(x.finitePoints(c.input().toString()), train.dim()), Math.toIntExact(x.shape()[0]),
                    c.input().toString());
        }
        if (c.radius() != null) return new Plan(c, model, train, Starts.radius(c.seed(), c.radius()), c.starts(), "radius " + c.radius());
        double pOuter = c.sphere().equals("inner") ? 0.0 : c.sphere().equals("outer") ? 1.0 : 0.5;
        return new Plan(c, model, train, Starts.spheres(c.seed(), 1f, train.radius(), pOuter), c.starts(), "sphere " + c.sphere());
    }

    /** Runs the attack and writes its files into {@code dir} (config.json is the caller's, from {@link Plan#setup}). */
    public static Result run(Backend backend, Plan p, Path dir, ManifoldAttack.Progress progress) throws IOException {
        ManifoldAttack attack = new ManifoldAttack(backend, TrainedModel.load(backend, p.model()).net(), p.train().dim(),
                (1 + p.train().radius()) / 2, p.config().attack());
        long start = System.nanoTime();
        AttackResult result = attack.run(p.source(), p.starts(), progress);
        double secs = (System.nanoTime() - start) / 1e9;
        AttackSummary summary = AttackSummary.of(result, p.config().bins());
        writeCsv(dir.resolve(CSV), result);
        Npy.write(dir.resolve(NPY), HostArray.of(errors(result), result.foundCount(), result.dim));
        Result r = Result.of(summary, p.starts(), secs, result.pointSteps);
        Json.write(dir.resolve(JSON), r);
        return r;
    }

    /** The verified errors, in start order: row k is the k-th start with found = true in attack.csv. */
    private static float[] errors(AttackResult r) {
        float[] e = new float[r.foundCount() * r.dim];
        for (int i = 0, k = 0; i < r.n; i++) if (r.found[i]) System.arraycopy(r.points, i * r.dim, e, k++ * r.dim, r.dim);
        return e;
    }

    private static void writeCsv(Path file, AttackResult r) throws IOException {
        AtomicFiles.write(file, o -> {
            Writer w = new OutputStreamWriter(o, StandardCharsets.UTF_8);
            w.write("index,sphere,radius,found,iterations,distance,logit\n");
            for (int i = 0; i < r.n; i++)
                w.write(String.format(Locale.ROOT, "%d,%s,%.6f,%b,%d,%.6g,%.6g%n", i, r.outer[i] ? "outer" : "inner", r.radius[i],
                        r.found[i], r.iterations[i], r.distance[i], r.logit[i]));
            w.flush();
        });
    }
}
