package spheres.engine.attack;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.Arrays;
import java.util.function.IntPredicate;
import spheres.engine.workflow.ErrorRate;

/**
 * The figures of an attack run, over all starts and per sphere: starts the model already got wrong (counted apart:
 * nothing was searched for), how many of the others led to a verified error (with the Clopper-Pearson 95% interval of
 * that rate), and the L2 distances from the start to the error over those: mean, median, min, max and, over all starts,
 * a histogram of {@code bins} equal bins over {@code [0, max]}. Distances are null when nothing was found (JSON has no NaN).
 */
public record AttackSummary(Part all, Part inner, Part outer, int rejected, double[] histogramEdges, long[] histogramCounts) {
    /**
     * The figures of a set of starts; a start the model got wrong already is in {@code alreadyWrong}, not in {@code found},
     * and the success rate is over the others. Its JSON keys are those of attack.json's top level.
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Part(int starts, int alreadyWrong, int found, Double successRate, double[] successCi95, Double distanceMean,
                       Double distanceMedian, Double distanceMin, Double distanceMax) {}

    public static AttackSummary of(AttackResult r, int bins) {
        if (bins < 1) throw new IllegalArgumentException("--bins " + bins + ": must be >= 1");
        double[] d = moved(r, i -> true);
        double[] edges = new double[bins + 1];
        long[] counts = new long[bins];
        if (d.length > 0) {
            double max = d[d.length - 1], width = max > 0 ? max / bins : 1.0 / bins;
            for (int b = 0; b <= bins; b++) edges[b] = b * width;
            for (double v : d) counts[Math.min(bins - 1, (int) (v / width))]++;
        }
        return new AttackSummary(part(r, i -> true), part(r, i -> !r.outer[i]), part(r, i -> r.outer[i]), r.rejected, edges, counts);
    }

    /** A verified error at the start itself: the model got the start wrong before any step. */
    private static boolean alreadyWrong(AttackResult r, int i) {
        return r.found[i] && r.iterations[i] == 0;
    }

    /** The sorted distances of the errors found by moving, among the starts {@code which} selects. */
    private static double[] moved(AttackResult r, IntPredicate which) {
        return java.util.stream.IntStream.range(0, r.n).filter(i -> which.test(i) && r.found[i] && !alreadyWrong(r, i))
                .mapToDouble(i -> r.distance[i]).sorted().toArray();
    }

    private static Part part(AttackResult r, IntPredicate which) {
        int starts = 0, wrong = 0;
        for (int i = 0; i < r.n; i++) {
            if (!which.test(i)) continue;
            starts++;
            if (alreadyWrong(r, i)) wrong++;
        }
        double[] d = moved(r, which);
        int searched = starts - wrong;
        ErrorRate rate = new ErrorRate(d.length, Math.max(1, searched));
        if (d.length == 0)
            return new Part(starts, wrong, 0, searched == 0 ? null : 0.0, new double[] {rate.lower95(), rate.upper95()}, null, null, null, null);
        double mean = Arrays.stream(d).sum() / d.length;
        double median = d.length % 2 == 1 ? d[d.length / 2] : (d[d.length / 2 - 1] + d[d.length / 2]) / 2;
        return new Part(starts, wrong, d.length, rate.rate(), new double[] {rate.lower95(), rate.upper95()}, mean, median, d[0], d[d.length - 1]);
    }
}
