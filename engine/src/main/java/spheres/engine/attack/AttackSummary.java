package spheres.engine.attack;

import java.util.Arrays;
import spheres.engine.workflow.ErrorRate;

/**
 * The figures of an attack run: how many starts led to a verified error (with the Clopper-Pearson 95% interval of
 * that rate), and the L2 distances from the start to the error: mean, median, min, max and a histogram of
 * {@code bins} equal bins over {@code [0, max]}. Distances are NaN when nothing was found.
 */
public record AttackSummary(int starts, int found, int rejected, double successRate, double[] ci95, double meanDistance,
                            double medianDistance, double minDistance, double maxDistance, double[] histogramEdges,
                            long[] histogramCounts) {

    public static AttackSummary of(AttackResult r, int bins) {
        if (bins < 1) throw new IllegalArgumentException("--bins " + bins + ": must be >= 1");
        double[] d = new double[r.foundCount()];
        for (int i = 0, k = 0; i < r.n; i++) if (r.found[i]) d[k++] = r.distance[i];
        Arrays.sort(d);
        ErrorRate rate = new ErrorRate(d.length, Math.max(1, r.n));
        double mean = Double.NaN, median = Double.NaN, min = Double.NaN, max = Double.NaN;
        double[] edges = new double[bins + 1];
        long[] counts = new long[bins];
        if (d.length > 0) {
            double sum = 0;
            for (double v : d) sum += v;
            mean = sum / d.length;
            median = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
            min = d[0];
            max = d[d.length - 1];
            double width = max > 0 ? max / bins : 1.0 / bins; // all distances 0 (starts already wrong): one bin of them
            for (int b = 0; b <= bins; b++) edges[b] = b * width;
            for (double v : d) counts[Math.min(bins - 1, (int) (v / width))]++;
        }
        return new AttackSummary(r.n, d.length, r.rejected, r.n == 0 ? Double.NaN : rate.rate(),
                new double[] {rate.lower95(), rate.upper95()}, mean, median, min, max, edges, counts);
    }
}
