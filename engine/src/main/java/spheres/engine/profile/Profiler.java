package spheres.engine.profile;

/**
 * Times a workload the way JMH would in miniature: runs it for a warm-up time (the JIT compiles the hot loops), then
 * takes several repetitions of at least a minimum time each, and reports their rates. Good enough to profile a machine
 * in a minute; the JMH suite remains the reference for detailed figures.
 */
public final class Profiler {
    private final double warmupSeconds, repetitionSeconds;
    private final int repetitions;

    public Profiler(double warmupSeconds, int repetitions, double repetitionSeconds) {
        if (repetitions < 1) throw new IllegalArgumentException("repetitions " + repetitions + ": must be >= 1");
        this.warmupSeconds = warmupSeconds;
        this.repetitions = repetitions;
        this.repetitionSeconds = repetitionSeconds;
    }

    public Measurement measure(Workload w, String device, int threads) {
        warmUp(w);
        double[] rates = new double[repetitions];
        for (int r = 0; r < repetitions; r++) {
            long start = System.nanoTime(), stop = start + (long) (repetitionSeconds * 1e9), now;
            long runs = 0;
            do {
                w.run();
                runs++;
                now = System.nanoTime();
            } while (now < stop);
            rates[r] = runs * w.work() / ((now - start) / 1e9) / w.scale();
        }
        return Measurement.of(w, device, threads, rates);
    }

    /**
     * Runs the workload for at least the warm-up time and until two windows in a row agree within 10 % (the JIT may
     * still be compiling a large step after a fixed time), but never longer than five warm-up times.
     */
    private void warmUp(Workload w) {
        long start = System.nanoTime(), window = Math.max(1, (long) (warmupSeconds * 1e9 / 2));
        double previous = 0;
        while (true) {
            long from = System.nanoTime(), runs = 0, now;
            do {
                w.run();
                runs++;
                now = System.nanoTime();
            } while (now - from < window);
            double rate = runs / ((now - from) / 1e9);
            boolean settled = previous > 0 && Math.abs(rate - previous) <= 0.1 * rate;
            if ((settled && now - start >= warmupSeconds * 1e9) || now - start >= 5 * warmupSeconds * 1e9) return;
            previous = rate;
        }
    }
}
