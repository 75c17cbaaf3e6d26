package spheres.engine;

/**
 * Sizes at which {@code CpuBackend} really splits the work between threads: every gemm above its inline threshold
 * (2^18 multiply-adds; batch 50 x width 300 x dim 40 = 6e5), batch norm over 300 columns, more than one column block of
 * 256. Below them 1 and N threads run the same code, and a thread-count test cannot fail. 3 threads split 300 columns
 * unevenly, 2 evenly.
 */
public final class SplitWork {
    private SplitWork() {}

    public static final int DIM = 40, WIDTH = 300, BATCH = 50;
    public static final int[] THREADS = {1, 2, 3};
}
