package spheres.engine.profile;

import java.util.Arrays;

/** The rates of several timed repetitions of one workload: median, minimum and maximum, in the workload's unit. */
public record Measurement(String workload, String device, int threads, String unit, double median, double min, double max,
                          int repetitions, double flopsPerSecond) {

    /** Half the range over the median: the spread to read a change against. */
    public double spread() {
        return median == 0 ? 0 : (max - min) / 2 / median;
    }

    static Measurement of(Workload w, String device, int threads, double[] rates) {
        double[] s = rates.clone();
        Arrays.sort(s);
        int n = s.length;
        double median = n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
        double flopsPerSecond = w.flops() == 0 ? 0 : median * w.scale() / w.work() * w.flops();
        return new Measurement(w.name(), device, threads, w.unit(), median, s[0], s[n - 1], n, flopsPerSecond);
    }
}
