package spheres.engine.sweep;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import spheres.engine.experiment.Json;
import spheres.engine.experiment.PresetRun;
import spheres.engine.experiment.Versioned;
import spheres.engine.io.AtomicFiles;

/**
 * What the sweep found: the highest clean dimension (null when every one erred) beside the paper's, and every point.
 * Owns {@code sweep.json} (this record) and {@code sweep.csv} (one row per dimension): written and read here only.
 */
public record SweepResult(@JsonProperty("highest_clean_dim") Integer highestClean,
                          @JsonProperty("paper_highest_clean_dim") int paperHighestClean, SweepConfig config, List<SweepPoint> points)
        implements Versioned, PresetRun.Result {
    /** The paper's highest dimension without an error found. */
    public static final int PAPER_HIGHEST_CLEAN = 60;
    public static final String JSON = "sweep.json", CSV = "sweep.csv";

    public static SweepResult of(SweepConfig config, List<SweepPoint> points) {
        return new SweepResult(Sweep.highestClean(points), PAPER_HIGHEST_CLEAN, config, points);
    }

    public void write(Path dir) throws IOException {
        StringBuilder csv = new StringBuilder("d,steps,samples_per_sphere,inner_errors,inner_rate,inner_ci95_low,inner_ci95_high,"
                + "outer_errors,outer_rate,outer_ci95_low,outer_ci95_high,attack_starts,attack_found,attack_mean_distance,clean\n");
        for (SweepPoint p : points)
            csv.append(String.join(",", "" + p.dim(), "" + p.steps(), "" + p.samples(), "" + p.innerErrors(), num(p.innerRate()),
                    num(p.innerLow()), num(p.innerHigh()), "" + p.outerErrors(), num(p.outerRate()), num(p.outerLow()), num(p.outerHigh()),
                    "" + p.attackStarts(), "" + p.attackFound(), p.attackMeanDistance() == null ? "" : num(p.attackMeanDistance()),
                    "" + p.clean())).append('\n');
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(dir.resolve(CSV), o -> o.write(bytes));
        Json.write(dir.resolve(JSON), this);
    }

    /** The result a sweep saved in {@code dir}, or null when it holds none. */
    public static SweepResult read(Path dir) throws IOException {
        Path f = dir.resolve(JSON);
        return java.nio.file.Files.isRegularFile(f) ? Json.read(f, SweepResult.class) : null;
    }

    /** The table of what each dimension found, a row per dimension, as {@code spheres sweep} prints it. */
    @Override
    public String table() {
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "%6s %10s %10s %12s %10s %6s%n", "d", "inner err", "outer err",
                "attack found", "mean dist", "clean"));
        for (SweepPoint p : points)
            t.append(String.format(Locale.ROOT, "%6d %10d %10d %12s %10s %6s%n", p.dim(), p.innerErrors(), p.outerErrors(),
                    p.attackFound() + "/" + p.attackStarts(), p.attackMeanDistance() == null ? "-" : num(p.attackMeanDistance()), p.clean()));
        return t.toString();
    }

    /** A number as sweep.csv and the table print it. */
    public static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
