package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import spheres.engine.io.FormatException;
import spheres.engine.theory.CapBound;

/**
 * The theorem's optimal trade-off (spec section 7) as a stage: for each dimension, the cap bound at each mu of a list
 * or of a log grid. Pure float64 arithmetic: no backend. Owns {@code bound.csv} and {@code bound.json}.
 */
public final class Bound {
    public static final String COMMAND = "bound", CSV = "bound.csv", JSON = "bound.json";

    private Bound() {}

    /** Dimensions, and either the measures {@code mu} or the grid from {@code muMax} down to {@code muMin}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Config(int[] dims, double[] mu, @JsonProperty("mu_max") Double muMax, @JsonProperty("mu_min") Double muMin,
                         @JsonProperty("per_decade") Integer perDecade) {
        public static Config of(int[] dims, double[] mu) {
            return new Config(dims, mu, null, null, null);
        }

        public static Config grid(int[] dims, double muMax, double muMin, int perDecade) {
            return new Config(dims, null, muMax, muMin, perDecade);
        }

        double[] measures() {
            return mu != null ? mu : CapBound.muGrid(muMax, muMin, perDecade);
        }
    }

    /** What {@code bound.json} records: every point of every curve. */
    public record Points(List<CapBound.Point> points) implements Versioned {}

    /** Writes config.json (this machine), bound.csv and bound.json into {@code dir}. */
    public static void write(Path dir, Config config, Result result) throws IOException {
        new RunRecord<>(COMMAND, config, Environment.machine()).write(dir);
        result.write(dir);
    }

    /** One curve per dimension, in the order of the config. */
    public record Result(List<List<CapBound.Point>> curves) {
        public void write(Path dir) throws IOException {
            StringBuilder csv = new StringBuilder("dim,mu,threshold,d_opt,d_gaussian,gaussian_over_exact\n");
            for (List<CapBound.Point> curve : curves)
                for (CapBound.Point p : curve)
                    csv.append(String.format(Locale.ROOT, "%d,%.6e,%.10g,%.10g,%.10g,%.8f%n", p.dim(), p.mu(), p.threshold(), p.exact(),
                            p.gaussian(), p.gaussian() / p.exact()));
            Csv.write(dir.resolve(CSV), csv);
            Json.write(dir.resolve(JSON), points());
        }

        /** The table of every point, as {@code spheres bound} prints it. */
        public String table() {
            StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%6s %10s %10s %10s %10s %8s%n", "d", "mu", "a(mu)", "d_opt",
                    "gaussian", "ratio"));
            for (List<CapBound.Point> curve : curves)
                for (CapBound.Point p : curve)
                    t.append(String.format(Locale.ROOT, "%6d %10.3e %10.6f %10.6f %10.6f %8.5f%n", p.dim(), p.mu(), p.threshold(), p.exact(),
                            p.gaussian(), p.gaussian() / p.exact()));
            return t.toString();
        }

        /** What {@code bound.json} holds. */
        public Points points() {
            return new Points(curves.stream().flatMap(List::stream).toList());
        }

        /** The curves of {@code bound.csv} (as rounded there), or null when {@code dir} holds none. */
        public static Result read(Path dir) throws IOException {
            Path file = dir.resolve(CSV);
            if (!Files.isRegularFile(file)) return null;
            Csv table = Csv.read(file);
            List<List<CapBound.Point>> curves = new ArrayList<>();
            for (int r = 0; r < table.rows(); r++) {
                int d = (int) table.number(r, "dim");
                double mu = table.number(r, "mu");
                List<CapBound.Point> last = curves.isEmpty() ? null : curves.get(curves.size() - 1);
                // A new curve where the dimension changes or its grid of mu starts again (--dim 10,10 draws two).
                if (last == null || last.get(0).dim() != d || last.get(0).mu() == mu) curves.add(last = new ArrayList<>());
                last.add(new CapBound.Point(d, mu, table.number(r, "threshold"), table.number(r, "d_opt"), table.number(r, "d_gaussian")));
            }
            if (curves.isEmpty()) throw new FormatException(file + ": holds no point");
            return new Result(curves);
        }
    }

    /** Every point; a value out of range throws before anything is written. */
    public static Result run(Config config) {
        double[] grid = config.measures();
        List<List<CapBound.Point>> curves = new ArrayList<>();
        for (int d : config.dims()) {
            CapBound bound = new CapBound(d);
            List<CapBound.Point> curve = new ArrayList<>();
            for (double mu : grid) curve.add(bound.point(mu));
            curves.add(curve);
        }
        return new Result(curves);
    }
}
