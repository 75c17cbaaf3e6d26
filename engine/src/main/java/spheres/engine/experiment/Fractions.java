package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import spheres.engine.quadratic.FractionNeeded;

/**
 * How many alphas a target error rate needs in range (spec section 6, "fraction of dimensions needed") as a stage: for
 * each sphere, target and d from 10 to {@code maxDim} (8 steps per decade), the smallest fraction of alphas in range, by
 * the CLT and exactly; the others lie {@code offset} past the edge. Pure float64: no backend. Owns {@code config.json}
 * ({@link Setup}) and {@code fractions.csv} (an empty cell: the target is out of reach).
 */
public final class Fractions {
    public static final String COMMAND = "quadratic --fractions", CSV = "fractions.csv";

    private Fractions() {}

    public record Config(double radius, double offset, double[] targets, int maxDim) {
        public Config {
            if (!(radius > 1) || Double.isInfinite(radius)) throw new IllegalArgumentException("--radius " + radius + ": must be > 1");
            if (!(offset > 0) || Double.isInfinite(offset)) throw new IllegalArgumentException("--offset " + offset + ": must be > 0");
            if (maxDim < 10) throw new IllegalArgumentException("--max-dim " + maxDim + ": must be >= 10");
            for (double t : targets)
                if (!(t > 0 && t < 1)) throw new IllegalArgumentException("--targets " + t + ": rates must lie in (0, 1)");
        }

        /** d from 10, 8 steps per decade, up to {@code maxDim}. */
        public double[] dims() {
            List<Double> dims = new ArrayList<>();
            for (int k = 0; ; k++) {
                double d = Math.rint(10 * Math.pow(10, k / 8.0));
                if (d > maxDim) break;
                dims.add(d);
            }
            return dims.stream().mapToDouble(Double::doubleValue).toArray();
        }

        public Setup setup() {
            return new Setup(COMMAND, radius, offset, FractionNeeded.idealAlpha(radius), targets, dims());
        }
    }

    /** What {@code config.json} records. */
    public record Setup(String command, double radius, double offset, @JsonProperty("ideal_alpha") double idealAlpha, double[] targets,
                        double[] dims) implements Versioned {}

    /** One sphere's table: fraction[target][dim], NaN where out of reach. */
    public record Table(String sphere, double[] targets, double[] dims, double[][] clt, double[][] exact) {}

    /** The two tables (inner, then outer). */
    public record Result(List<Table> tables) {
        public String csv() {
            StringBuilder csv = new StringBuilder("sphere,target,dim,fraction_clt,fraction_exact\n");
            for (Table t : tables)
                for (int i = 0; i < t.targets().length; i++)
                    for (int j = 0; j < t.dims().length; j++)
                        csv.append(String.format(Locale.ROOT, "%s,%s,%d,%s,%s%n", t.sphere(), t.targets()[i], (int) t.dims()[j],
                                fmt(t.clt()[i][j]), fmt(t.exact()[i][j])));
            return csv.toString();
        }

        /** The tables of {@code fractions.csv} (as rounded there), or null when {@code dir} holds none. */
        public static Result read(Path dir) throws IOException {
            Path file = dir.resolve(CSV);
            if (!Files.isRegularFile(file)) return null;
            Csv table = Csv.read(file);
            List<Table> tables = new ArrayList<>();
            for (String sphere : new String[] {"inner", "outer"}) {
                List<Double> targets = new ArrayList<>(), dims = new ArrayList<>();
                for (int r = 0; r < table.rows(); r++) {
                    if (!table.get(r, "sphere").equals(sphere)) continue;
                    double t = table.number(r, "target"), d = table.number(r, "dim");
                    if (!targets.contains(t)) targets.add(t);
                    if (!dims.contains(d)) dims.add(d);
                }
                if (targets.isEmpty()) continue;
                double[][] clt = new double[targets.size()][dims.size()], exact = new double[targets.size()][dims.size()];
                for (double[] row : clt) Arrays.fill(row, Double.NaN);
                for (double[] row : exact) Arrays.fill(row, Double.NaN);
                for (int r = 0; r < table.rows(); r++) {
                    if (!table.get(r, "sphere").equals(sphere)) continue;
                    int t = targets.indexOf(table.number(r, "target")), i = dims.indexOf(table.number(r, "dim"));
                    clt[t][i] = table.numberOrNaN(r, "fraction_clt");
                    exact[t][i] = table.numberOrNaN(r, "fraction_exact");
                }
                tables.add(new Table(sphere, targets.stream().mapToDouble(Double::doubleValue).toArray(),
                        dims.stream().mapToDouble(Double::doubleValue).toArray(), clt, exact));
            }
            return new Result(tables);
        }
    }

    public static Result run(Config c) {
        double[] dims = c.dims();
        List<Table> tables = new ArrayList<>();
        for (boolean outer : new boolean[] {false, true}) {
            double margin = FractionNeeded.margin(outer, c.radius());
            double[][] clt = new double[c.targets().length][dims.length], exact = new double[c.targets().length][dims.length];
            for (int t = 0; t < c.targets().length; t++)
                for (int i = 0; i < dims.length; i++) {
                    clt[t][i] = FractionNeeded.smallestFraction((int) dims[i], c.targets()[t], margin, c.offset(), false);
                    exact[t][i] = FractionNeeded.smallestFraction((int) dims[i], c.targets()[t], margin, c.offset(), true);
                }
            tables.add(new Table(outer ? "outer" : "inner", c.targets(), dims, clt, exact));
        }
        return new Result(tables);
    }

    /** Writes config.json and fractions.csv into {@code dir}. */
    public static void write(Path dir, Config c, Result r) throws IOException {
        Json.write(dir.resolve(RunRecord.FILE), c.setup());
        Csv.write(dir.resolve(CSV), r.csv());
    }

    private static String fmt(double f) {
        return Double.isNaN(f) ? "" : String.format(Locale.ROOT, "%.6f", f);
    }
}
