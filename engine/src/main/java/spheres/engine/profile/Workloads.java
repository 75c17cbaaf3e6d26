package spheres.engine.profile;

import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.attack.AttackStep;
import spheres.engine.cpu.WorkerPool;
import spheres.engine.nn.Linear;
import spheres.engine.nn.ModelKind;
import spheres.engine.nn.Models;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.Evaluator;
import spheres.engine.workflow.Streams;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.Trainer;
import spheres.kernels.Gaussian;
import spheres.kernels.Peak;

/**
 * The workloads of {@code spheres bench}, at the paper's shapes (d 500, 2 x 1000 with batch norm, batch 50): the
 * machine's yardsticks (FMA peak, memory bandwidth) and the engine's hot paths. The JMH benchmarks of the same names
 * run the same code.
 */
public final class Workloads {
    private Workloads() {}

    /** The paper's ReLU net shape. */
    public static final int DIM = 500, WIDTH = 1000, BATCH = 50;

    /**
     * Steps of {@link Peak#fma12} per thread and run, 10-40 ms: long enough that waking the pool's threads (tens of
     * microseconds) costs under 1 % (at 0.3 ms per run it read 20 % under a C loop).
     */
    public static final int FMA_STEPS = 5_000_000;

    /** FMA chains on every thread of the pool. */
    public static Workload fmaPeak(WorkerPool pool) {
        int steps = FMA_STEPS, threads = pool.threads();
        float[] sink = new float[threads];
        return simple("FMA peak", "GFLOP/s", 1e9, threads * Peak.fma12Flops(steps), true,
                () -> pool.run(threads, t -> sink[t] = Peak.fma12(0.999f, 1e-3f, steps)));
    }

    /** STREAM copy over two arrays far larger than the caches (64 MiB each), split across the pool. */
    public static Workload copy(WorkerPool pool) {
        int n = 1 << 24, threads = pool.threads();
        float[] a = new float[n], b = new float[n];
        return simple("memory copy", "GB/s", 1e9, 8.0 * n, false,
                () -> pool.run(threads, t -> Peak.copy(a, b, (int) ((long) n * t / threads), (int) ((long) n * (t + 1) / threads))));
    }

    /** STREAM triad over three 64 MiB arrays, split across the pool. */
    public static Workload triad(WorkerPool pool) {
        int n = 1 << 24, threads = pool.threads();
        float[] a = new float[n], b = new float[n], c = new float[n];
        return simple("memory triad", "GB/s", 1e9, 12.0 * n, false,
                () -> pool.run(threads, t -> Peak.triad(a, b, c, 0.5f, (int) ((long) n * t / threads), (int) ((long) n * (t + 1) / threads))));
    }

    /** Gaussian draws from Philox, 64 Ki per thread per run. */
    public static Workload gaussians(WorkerPool pool) {
        int n = 1 << 16, threads = pool.threads();
        float[][] out = new float[threads][n];
        long[] next = {0};
        return simple("Gaussian draws", "M/s", 1e6, (double) n * threads, false, () -> {
            long first = next[0];
            pool.run(threads, t -> Gaussian.fill(Streams.DEFAULT_SEED, 9, first + (long) t * n, n, out[t], 0));
            next[0] += (long) n * threads;
        });
    }

    /**
     * {@code C = op(A) op(B)} on the backend; {@code shape} is {@code VARIANT-MxKxN} as in GemmBench, e.g.
     * {@code NT-50x500x1000} (the forward pass), {@code TN-1000x50x1000} (a weight gradient).
     */
    public static Workload gemm(Backend backend, String shape) {
        String[] parts = shape.split("-");
        String[] dims = parts.length == 2 ? parts[1].split("x") : new String[0];
        if (dims.length != 3 || parts[0].length() != 2 || !parts[0].matches("[NT][NT]"))
            throw new IllegalArgumentException("gemm shape '" + shape + "': expected VARIANT-MxKxN, e.g. NT-50x500x1000");
        boolean ta = parts[0].charAt(0) == 'T', tb = parts[0].charAt(1) == 'T';
        int m = Integer.parseInt(dims[0]), k = Integer.parseInt(dims[1]), n = Integer.parseInt(dims[2]);
        Tensor a = ta ? backend.allocate(k, m) : backend.allocate(m, k), b = tb ? backend.allocate(n, k) : backend.allocate(k, n);
        Tensor c = backend.allocate(m, n);
        backend.uniform(1, 1, 0, a);
        backend.uniform(1, 2, 0, b);
        double flops = 2.0 * m * n * k;
        return new Workload("sgemm " + parts[0] + " " + m + "x" + k + "x" + n, "GFLOP/s", 1e9, flops, flops, 0,
                () -> {
                    backend.gemm(ta, tb, 1f, a, b, 0f, c);
                    backend.finish(); // a device queues the call: time it to the end
                }, () -> {
                    a.close();
                    b.close();
                    c.close();
                });
    }

    /** One training step of the paper's ReLU+BN net (or the quadratic net, h 1000) at batch 50, sampling included. */
    public static Workload trainStep(Backend backend, ModelKind model) {
        TrainConfig config = new TrainConfig(model, DIM, 1.3f, WIDTH, 2, true, WIDTH, BATCH, 1e-4f, Long.MAX_VALUE, 0, true,
                Streams.DEFAULT_SEED).validate();
        Trainer trainer = new Trainer(backend, config);
        double flops = 6.0 * BATCH * weights(trainer.model()); // forward 2 B W, backward twice that
        String name = "train step " + (model == ModelKind.RELU ? "ReLU+BN" : model.id()) + " (batch " + BATCH + ")";
        // Adam reads parameter, gradient and both moments and writes three of them: 28 bytes per parameter, and 1.5 M
        // parameters (6 MB a tensor) do not stay in the caches between steps.
        double bytes = 28.0 * trainer.model().parameterCount();
        return new Workload(name, "steps/s", 1, 1, flops, bytes, trainer::step, trainer::close);
    }

    /** Evaluation of the paper's ReLU+BN net with sampling, chunks of 10,000 samples. */
    public static Workload evaluation(Backend backend) {
        int chunk = 10_000;
        Sequential net = Models.reluNet(backend, DIM, new int[] {WIDTH, WIDTH}, true, Streams.DEFAULT_SEED);
        Evaluator ev = new Evaluator(backend, net, DIM, 1.3f, Streams.DEFAULT_SEED, chunk);
        long[] next = {0};
        return new Workload("evaluation ReLU+BN", "samples/s", 1, chunk, 2.0 * chunk * weights(net), 0, () -> {
            ev.errors(false, next[0], next[0] + chunk);
            next[0] += chunk;
        }, ev::close);
    }

    /**
     * One manifold-attack iteration (forward in eval mode, input gradient, normalised step, projection onto each start's
     * sphere) for {@code batch} points of both spheres on the paper's ReLU+BN net: no weight gradients, so 4 FLOP per
     * multiply-add of the net per point.
     */
    public static Workload attackStep(Backend backend, int batch) {
        Sequential net = Models.reluNet(backend, DIM, new int[] {WIDTH, WIDTH}, true, Streams.DEFAULT_SEED);
        boolean[] outer = new boolean[batch];
        AttackStep step;
        try (Tensor x = backend.allocate(batch, DIM); Tensor labels = backend.allocate(batch, 1); Tensor norms = backend.allocate(batch, 1)) {
            backend.sampleSpheres(Streams.DEFAULT_SEED, Streams.ATTACK, 0, 1f, 1.3f, 0.5, x, labels);
            backend.rowNorms(x, norms);
            float[] y = backend.download(labels);
            for (int i = 0; i < batch; i++) outer[i] = y[i] > 0;
            step = new AttackStep(backend, net, x, backend.download(norms), outer, 0.002f);
        }
        float[] z = new float[batch];
        return new Workload("attack step ReLU+BN (batch " + batch + ")", "steps/s", 1, 1, 4.0 * batch * weights(net), 0, () -> {
            step.logits(z); // reads the logits back: the step is timed to its end on any device
            step.move();
        }, step::close);
    }

    /** Multiply-adds of one sample through the Linear layers: {@code sum in * out}. */
    public static long weights(Sequential net) {
        long s = 0;
        for (var l : net.layers()) if (l instanceof Linear) s += (long) ((Linear) l).in * ((Linear) l).out;
        return s;
    }

    private static Workload simple(String name, String unit, double scale, double work, boolean isFlops, Runnable body) {
        return new Workload(name, unit, scale, work, isFlops ? work : 0, 0, body, () -> {});
    }
}
