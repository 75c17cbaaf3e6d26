package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import spheres.engine.Backend;
import spheres.engine.workflow.ModelSpec;
import spheres.engine.workflow.ErrorRate;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.LabeledPoints;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainedModel;

/**
 * Error rates by sampling (spec section 3) as a stage: n uniform points per sphere, or the labelled points of a file,
 * through a saved model. Owns {@code eval.json}, beside the model.
 */
public final class Evaluation {
    public static final String JSON = "eval.json";
    /** Samples per forward pass, unless a run says otherwise: large enough to keep the gemm busy, small in memory. */
    public static final int CHUNK = 10_000;

    private Evaluation() {}

    /**
     * The model (a run folder or its file), samples per sphere and their seed, or a file of points ({@code data}, else
     * null); the result file {@code out}, or null for {@code eval.json} beside the model.
     */
    public record Config(Path model, long samples, long seed, int chunk, Path data, @JsonInclude(JsonInclude.Include.NON_NULL) Path out) {
        public Config {
            if (samples < 1) throw new IllegalArgumentException("-n " + samples + ": must be >= 1");
            if (chunk < 1) throw new IllegalArgumentException("--chunk " + chunk + ": must be >= 1");
        }

        public Config(Path model, long samples, long seed, int chunk, Path data) {
            this(model, samples, seed, chunk, data, null);
        }

        /** Where the result goes: {@code out}, else beside the model file. */
        public Path json() {
            return out != null ? out : TrainedModel.file(model).toAbsolutePath().getParent().resolve(JSON);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Result(String model, String data, @JsonProperty("samples_per_sphere") Long samplesPerSphere, Long seed,
                         Environment environment, Rate inner, Rate outer, double seconds, @JsonProperty("samples_per_s") double samplesPerS)
            implements Versioned {
        /** Points evaluated in all. */
        public long evaluated() {
            return inner.samples() + outer.samples();
        }

        public static Result read(Path file) throws IOException {
            return Files.isRegularFile(file) ? Json.read(file, Result.class) : null;
        }
    }

    /** Counts the errors and writes {@code eval.json}; {@code progress} hears of each block of samples as it is done. */
    public static Result run(Backend backend, Config config, Environment environment, LongConsumer progress) throws IOException {
        Path model = TrainedModel.file(config.model());
        TrainedModel trained = TrainedModel.load(backend, model);
        ModelSpec train = trained.spec();
        LabeledPoints points = config.data() == null ? null : LabeledPoints.read(config.data());
        long start = System.nanoTime(), evaluated;
        Rate inner, outer;
        try (Evaluator ev = new Evaluator(backend, trained.net(), train.dim(), train.radius(), config.seed(), config.chunk())) {
            if (points != null) {
                long[] c = ev.errors(points);
                inner = Rate.withBound(new ErrorRate(c[0], c[1]));
                outer = Rate.withBound(new ErrorRate(c[2], c[3]));
                evaluated = points.n();
            } else {
                inner = Rate.withBound(ev.rate(false, config.samples(), progress));
                outer = Rate.withBound(ev.rate(true, config.samples(), progress));
                evaluated = 2 * config.samples();
            }
        }
        double secs = (System.nanoTime() - start) / 1e9;
        Result r = new Result(model.toString(), points == null ? null : points.source(), points == null ? config.samples() : null,
                points == null ? config.seed() : null, environment, inner, outer, secs, evaluated / secs);
        Json.write(config.json(), r);
        return r;
    }
}
