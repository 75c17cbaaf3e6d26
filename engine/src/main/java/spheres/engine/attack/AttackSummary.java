package spheres.engine.attack;

import java.util.Arrays;
import spheres.engine.workflow.ErrorRate;

/**
 * The figures of an attack run: how many starts led to a verified error (with the Clopper-Pearson 95% interval of
 * that rate), and the L2 distances from the start to the error: mean, median, min, max and a histogram of
 * {@code bins} equal bins over {@code [0, max]}. Distances are null when nothing was found (JSON has no NaN).
 */
public record AttackSummary(int starts, int found, int rejected, Double successRate, double[] ci95, Double meanDistance,
                            Double medianDistance, Double minDistance, Double maxDistance, double[] histogramEdges,
                            long[] histogramCounts) {

    public static AttackSummary of(AttackResult r, int bins) {
        if (bins < 1) throw new IllegalArgumentException("--bins " + bins + ": must be >= 1");
        double[] d = new double[r.foundCount()];
        for (int i = 0, k = 0; i < r.n; i++) if (r.found[i]) d[k++] = r.distance[i];
        Arrays.sort(d);
        ErrorRate rate = new ErrorRate(d.length, Math.max(1, r.n));
        Double mean = null, median = null, min = null, max = null;
        double[] edges = new double[bins + 1];
        long[] counts = new long[bins];
        if (d.length > 0) {
            double sum = 0;
            for (double v : d) sum += v;
            mean = sum / d.length;
            median = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
            min = d[0];
            max = d[d.length - 1];
            double width = max > 0 ? max / bins : 1.0 / bins; // all distances 0 (starts already wrong): they fill bin 0
            for (int b = 0; b <= bins; b++) edges[b] = b * width;
            for (double v : d) counts[Math.min(bins - 1, (int) (v / width))]++;
        }
        return new AttackSummary(r.n, d.length, r.rejected, r.n == 0 ? null : rate.rate(),
                new double[] {rate.lower95(), rate.upper95()}, mean, median, min, max, edges, counts);
    }
}
