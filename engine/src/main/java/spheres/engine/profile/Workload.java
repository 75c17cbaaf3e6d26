package spheres.engine.profile;

/**
 * One thing {@code spheres bench} times: a call of {@link #run} does {@code work} units of work (FLOPs, bytes,
 * steps, samples), shown as {@code work / second / scale} in {@code unit}. The JMH benchmarks time the same code.
 *
 * @param name    what it is, e.g. {@code sgemm NT 50x500x1000}
 * @param unit    the unit of the rate as shown, e.g. {@code GFLOP/s}
 * @param scale   divides the rate for display: 1e9 for GFLOP/s and GB/s, 1 for steps/s
 * @param work    work done by one run, before scaling
 * @param flops   FLOPs of one run where they are known (for a share of the FMA peak), else 0
 * @param bytes   the least memory traffic of one run that no cache can avoid (for the floor), else 0
 * @param body    one run
 * @param cleanup frees what the workload holds
 */
public record Workload(String name, String unit, double scale, double work, double flops, double bytes, Runnable body, Runnable cleanup)
        implements AutoCloseable {

    public void run() {
        body.run();
    }

    @Override
    public void close() {
        cleanup.run();
    }
}
