package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import spheres.engine.Backend;
import spheres.engine.attack.AttackConfig;
import spheres.engine.attack.ManifoldAttack;
import spheres.engine.attack.NormSweep;
import spheres.engine.workflow.ModelSpec;
import spheres.engine.workflow.Checkpoint;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainedModel;

/**
 * Accuracy against the input norm (spec section 5, figure 2) as a stage: at each norm of a grid, the share of random
 * directions classified as the ideal classifier would, and whether the manifold attack finds an error from points of
 * that norm. Owns {@code config.json} ({@link Setup}), {@code norms.csv} and {@code norms.json} ({@link Result}).
 */
public final class Norms {
    public static final String COMMAND = "norms", CSV = "norms.csv", JSON = "norms.json";

    private Norms() {}

    /**
     * The model, the norms {@code from .. to} ({@code count} of them, ends included), directions per norm and attack starts
     * per norm; the attack stops at the first error without bisecting (success only).
     */
    public record Config(Path model, float from, float to, int count, long samples, int chunk, int starts, float step, int maxIter,
                         int batch, long seed) {
        public Config {
            NormSweep.grid(from, to, count);
            if (samples < 0) throw new IllegalArgumentException("-n " + samples + ": must be >= 0");
            if (chunk < 1) throw new IllegalArgumentException("--chunk " + chunk + ": must be >= 1");
            if (starts < 0) throw new IllegalArgumentException("--starts " + starts + ": must be >= 0");
            new AttackConfig("nearest", step, maxIter, AttackConfig.defaults("nearest").tol(), 0, batch).validate();
        }

        /** Success only: stop at the first error, no bisection; the worst-case step length reaches far in few steps. */
        public AttackConfig attack() {
            return new AttackConfig("nearest", step, maxIter, AttackConfig.defaults("nearest").tol(), 0, batch).validate();
        }

        /** The default output folder: {@code norms} beside the model. */
        public Path defaultOut() {
            return TrainedModel.file(model).toAbsolutePath().getParent().resolve("norms");
        }

        public Setup setup(Environment environment) throws IOException {
            Path file = TrainedModel.file(model);
            return new Setup(COMMAND, file.toString(), NormSweep.grid(from, to, count), samples, starts, attack(), seed,
                    (1 + Checkpoint.spec(file).radius()) / 2, environment);
        }
    }

    /** What {@code config.json} records of a norms run. */
    public record Setup(String command, String model, float[] norms, long samples, int starts, AttackConfig attack, long seed,
                        float boundary, Environment environment) implements Versioned {}

    /** One norm: which class the ideal classifier gives, the share of directions it agrees with (null: none drawn), the attack. */
    public record Row(double norm, String ideal, @JsonProperty("fraction_ideal") Double fractionIdeal,
                      @JsonProperty("attack_success") Double attackSuccess, long samples, int starts, int found, int rejected) {
        static Row of(NormSweep.Point p) {
            return new Row(p.norm(), p.idealOuter() ? "outer" : "inner", p.samples() == 0 ? null : p.fractionIdeal(),
                    p.starts() == 0 ? null : p.attackSuccess(), p.samples(), p.starts(), p.found(), p.rejected());
        }
    }

    /** What {@code norms.json} records. */
    public record Result(double boundary, List<Row> points, double seconds) implements Versioned {
        public static Result read(Path dir) throws IOException {
            Path f = dir.resolve(JSON);
            return Files.isRegularFile(f) ? Json.read(f, Result.class) : null;
        }

        /** A line per norm, as {@code spheres norms} prints them. */
        public String table() {
            StringBuilder t = new StringBuilder();
            for (Row p : points)
                t.append(String.format(Locale.ROOT, "norm %.3f (%s): %.4f of directions classified ideally; attack %d / %d%n", p.norm(),
                        p.ideal(), p.fractionIdeal() == null ? Double.NaN : p.fractionIdeal(), p.found(), p.starts()));
            return t.toString();
        }
    }

    /** Called after each norm, and as its attack advances. */
    public interface Progress {
        ManifoldAttack.Progress attacking(float norm);

        void measured(NormSweep.Point point);
    }

    /** Measures every norm and writes norms.csv and norms.json into {@code dir} (config.json is the caller's). */
    public static Result run(Backend backend, Config c, Path dir, Progress progress) throws IOException {
        TrainedModel model = TrainedModel.load(backend, c.model());
        ModelSpec train = model.spec();
        float boundary = (1 + train.radius()) / 2;
        List<NormSweep.Point> points = new ArrayList<>();
        long start = System.nanoTime();
        try (NormSweep sweep = new NormSweep(backend, model.net(), train.dim(), boundary, c.seed(), c.samples(), c.chunk(), c.starts(),
                c.attack())) {
            for (float r : NormSweep.grid(c.from(), c.to(), c.count())) {
                NormSweep.Point p = sweep.at(r, progress.attacking(r));
                points.add(p);
                progress.measured(p);
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        StringBuilder csv = new StringBuilder("norm,ideal,samples,fraction_ideal,starts,found,attack_success\n");
        for (NormSweep.Point p : points)
            csv.append(String.format(Locale.ROOT, "%.6f,%s,%d,%.6g,%d,%d,%.6g%n", p.norm(), p.idealOuter() ? "outer" : "inner",
                    p.samples(), p.fractionIdeal(), p.starts(), p.found(), p.attackSuccess()));
        Csv.write(dir.resolve(CSV), csv);
        // The boundary as its decimal (1.15, not 1.1499999762): what the figure draws and the file has always said.
        Result r = new Result(Double.parseDouble(Float.toString(boundary)), points.stream().map(Row::of).toList(), secs);
        Json.write(dir.resolve(JSON), r);
        return r;
    }
}
