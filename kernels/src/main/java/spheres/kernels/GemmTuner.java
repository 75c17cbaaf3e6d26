package spheres.kernels;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The calibration behind {@link Gemm}'s plans: times candidates of the kernel family on the paper's shapes, one
 * thread, and keeps the fastest per shape class ({@link Gemm.Shape}). It is a coordinate search, so that it takes seconds: every packing
 * that fits this machine with the default kernel, every kernel that fits at each of its depths KB ({@link Gemm#depths})
 * with the best packing and with rows read in place, the packings again for a new kernel or depth, then (bulk only)
 * half and twice the winner's MC. Every plan gives the same bits, so a retune changes speed, never results.
 *
 * <p>Before the first candidate, every fitting kernel runs {@link #WARMUP_CALLS} one-tile products with each packing
 * (once per tuner), so that the kernels and the transposes that pack for them are compiled before any is timed. A
 * candidate's time is the best of its passes over its class's shapes (the best, not the mean: other work on a shared
 * machine only ever adds time). It warms up first, until C2 has compiled what it runs: passes until at least
 * {@link #WARMUP_NANOS} have passed and none of the last three was more than 3 % faster than the best before it nor
 * ended with the JIT having compiled something during it, or until more than {@link #MAX_WARMUP_NANOS} have passed (a
 * kernel still interpreted then loses, as it should). The JIT's part of that rule matters: the 16 x 16 transposes
 * compile late, and a pass in C1 is as steady as one in C2, so the first candidate was caught before its transposes
 * were compiled (the default plan of the batch-sized class timed at 23 GFLOP/s against 138 for the same kernel with
 * 8 x 8 transposes, so the default's packing could never win). Then
 * {@link #REPEATS} more passes, unless its best is already at most half the best rate so far (twice as slow): it is not
 * timed further. A candidate replaces the best only if it is faster; a tie keeps the earlier plan, the default first.
 * A winner other than the default then runs {@link #CONFIRM_ROUNDS} passes alternating with the default's, and
 * replaces it only if more than 3 % faster there.
 *
 * <p>What it times with is a {@link Bench}: {@link #MACHINE} runs the real products on {@code System.nanoTime}; the
 * tests script the passes' times, so that the policy above is checked without timing anything.
 */
public final class GemmTuner {
    /** One timed plan: GFLOP/s over its class's shapes. */
    public record Trial(Gemm.Plan plan, double gflops) {}

    /** The plan kept for one shape class, the default's speed beside it, and every trial in order. */
    public record Choice(Gemm.Plan plan, double gflops, double defaultGflops, List<Trial> trials) {}

    /** What a search times: passes of a plan over a class's shapes, on a clock. */
    interface Bench {
        /** Nanoseconds, on a clock whose differences alone matter. */
        long now();

        /** One pass of the plan over the shapes. */
        void run(Gemm.Plan plan);

        /** Floating-point operations in one pass. */
        double flops();

        /** Milliseconds the JIT has spent compiling so far: a change during a pass means code it ran was being compiled. */
        long compiledMillis();
    }

    /**
     * The shapes the classes are timed on, {@code {transA, transB, m, n, k}} (1 = transposed): a ReLU+BN training step
     * at batch 50 and width 1000 (forward X W^T, input gradient dY W, weight gradient dY^T X, at the first layer,
     * d = 500), and the bulk calls of an attack step at batch 1000.
     */
    static final int[][] STEP = {{0, 1, 50, 1000, 500}, {0, 0, 50, 500, 1000}, {1, 0, 1000, 500, 50}};
    static final int[][] BULK = {{0, 1, 1000, 1000, 500}, {0, 0, 1000, 500, 1000}};
    static final int REPEATS = 5, WARMUP_CALLS = 1000;
    /** Passes of the default and of the search's winner, alternated, before the winner replaces the default. */
    static final int CONFIRM_ROUNDS = 10;
    static final long WARMUP_NANOS = 150_000_000L, MAX_WARMUP_NANOS = 2_000_000_000L;

    /** This machine's tuner: the real products, timed on {@code System.nanoTime}. */
    public static final GemmTuner MACHINE = new GemmTuner(Problems::new, GemmTuner::oneTile);

    private final Function<int[][], Bench> benches;
    private final Consumer<Gemm.Plan> warmUpCall;
    private boolean warmed;

    /**
     * A tuner that times on {@code benches} (one per class's shapes), after {@code warmUpCall}s of every fitting kernel
     * with every packing.
     */
    GemmTuner(Function<int[][], Bench> benches, Consumer<Gemm.Plan> warmUpCall) {
        this.benches = benches;
        this.warmUpCall = warmUpCall;
    }

    /**
     * The plan of the three batch-sized classes: one plan, searched with a training step's three products in each pass,
     * and given to each class. Plans chosen per product did not carry over to the training step on JDK 17: timed alone,
     * each product packs fastest with gathers (NT 50x500x1000 104.5 GFLOP/s, 1.09x OpenBLAS), but the training step
     * with them ran at 129 steps/s against 152-163 with one plan (gathers are gone since: see {@link Gemm.Pack}), and a search per product inside a pass over the step
     * still picked plans that made the step slower (127 steps/s; bench/RESULTS.md). The classes stay separate in
     * {@link Gemm} and in the cache, so a plan per product can be set by hand or by a later, better objective.
     */
    public Map<Gemm.Shape, Choice> tuneStep(Consumer<String> progress) {
        progress.accept("batch-sized calls (a training step's three products, one plan):");
        Choice c = tune(STEP, false, progress);
        Map<Gemm.Shape, Choice> choices = new EnumMap<>(Gemm.Shape.class);
        for (int[] s : STEP) choices.put(classOf(s), c);
        return choices;
    }

    /** The fastest plan for bulk calls (MC searched too, since their A spans many blocks). */
    public Choice tuneBulk(Consumer<String> progress) {
        progress.accept(Gemm.Shape.BULK.label + ":");
        return tune(BULK, true, progress);
    }

    static Gemm.Shape classOf(int[] shape) {
        return Gemm.Shape.of(shape[0] == 1, shape[1] == 1, shape[2], shape[4]);
    }

    Choice tune(int[][] shapes, boolean blocks, Consumer<String> progress) {
        warmUp();
        Bench bench = benches.apply(shapes);
        Gemm.Plan start = Gemm.defaultPlan(classOf(shapes[0]));
        List<Trial> trials = new ArrayList<>();
        Trial initial = time(start, bench, 0, trials, progress), best = initial;
        // The packing first (with the default kernel): a slow packing hides the kernels' differences (JDK 17 runs the
        // register transposes of an AVX-512 machine 2-3x slower than interleaving rows by scalar code). Then every kernel
        // at each of its depths (Gemm.depths) with the best packing and reading rows in place, then every packing again
        // with the best kernel and depth. Rows in place run other code (the kernels' Rows twins, which C2 compiles
        // differently from the packed kernels), and the depth goes with the kernel, not after it: on a Zen 5 the best
        // bulk plans read rows in place with kernels that are slow packed (4x24 on JDK 25's AVX2 path) or unsplit with
        // a kernel that is the slowest at its split depth (6x64 on JDK 25's AVX-512), and a search that took the
        // packing or the depth as settled never got there.
        best = packings(best, bench, trials, progress);
        List<Gemm.Pack> packs = new ArrayList<>(List.of(best.plan().pack()));
        if (Gemm.Pack.ROWS.fits() && !packs.contains(Gemm.Pack.ROWS)) packs.add(Gemm.Pack.ROWS);
        for (Gemm.Kernel kernel : Gemm.Kernel.values()) {
            if (!kernel.fits()) continue;
            for (Gemm.Pack pack : packs) {
                for (int kb : Gemm.depths(kernel)) {
                    Gemm.Plan plan = Gemm.Plan.of(kernel, pack).withKb(kb);
                    if (timed(plan, trials)) continue;
                    best = faster(best, time(plan, bench, best.gflops(), trials, progress));
                }
            }
        }
        best = packings(best, bench, trials, progress); // none left to time if the first packings' winner is still ahead
        if (blocks) {
            Gemm.Plan p = best.plan();
            int mr = p.kernel().mr, half = Math.max(mr, p.mc() / 2 / mr * mr);
            for (int mc : new int[] {half, 2 * p.mc()}) {
                best = faster(best, time(new Gemm.Plan(p.kernel(), p.pack(), mc, p.nc(), p.kb()), bench, best.gflops(), trials, progress));
            }
        }
        if (best.plan().equals(start)) return new Choice(start, best.gflops(), initial.gflops(), List.copyOf(trials));
        // Side by side: the search's candidates are timed one after another, and later ones measured up to 10 % faster
        // than the same plan earlier (the machine's speed drifts), so the winner must beat the default when alternated.
        long a = Long.MAX_VALUE, b = Long.MAX_VALUE;
        for (int r = 0; r < CONFIRM_ROUNDS; r++) {
            a = Math.min(a, pass(bench, start));
            b = Math.min(b, pass(bench, best.plan()));
        }
        boolean won = b < 0.97 * a;
        progress.accept(String.format("side by side: %.1f GFLOP/s against the default's %.1f: %s", bench.flops() / b, bench.flops() / a,
                won ? "kept" : "not 3 % faster, the default kept"));
        return won ? new Choice(best.plan(), bench.flops() / b, bench.flops() / a, List.copyOf(trials))
                : new Choice(start, bench.flops() / a, bench.flops() / a, List.copyOf(trials));
    }

    /**
     * Calls every fitting kernel {@link #WARMUP_CALLS} times with each packing, once per tuner, so that C2 compiles all
     * of them and their transposes, concurrently, before any is timed: a kernel still in C1 runs the Vector API boxed,
     * 50-1000x slower, and a bulk pass at that speed would take seconds.
     */
    private synchronized void warmUp() {
        if (warmed) return;
        warmed = true;
        for (int round = 0; round < WARMUP_CALLS; round++) {
            for (Gemm.Kernel kernel : Gemm.Kernel.values()) {
                if (!kernel.fits()) continue;
                for (Gemm.Pack pack : Gemm.Pack.values()) {
                    if (pack.fits()) warmUpCall.accept(new Gemm.Plan(kernel, pack, kernel.mr, kernel.nr));
                }
            }
        }
    }

    /** The real warm-up call's operands (zeros) and workspace: only {@link #MACHINE} calls it, under its lock. */
    private static final float[] TILE_A = new float[16 * 512], TILE_B = new float[64 * 512], TILE_C = new float[16 * 64];
    private static final Gemm.Workspace TILE_WS = new Gemm.Workspace();

    /**
     * A one-tile product ({@code MR x NR x 512}, B transposed) with the plan: both panels are packed against their
     * grain, so the plan's packing runs on A's MR rows and B's NR rows. The real warm-up call.
     */
    private static void oneTile(Gemm.Plan plan) {
        Gemm.Kernel kernel = plan.kernel();
        Gemm.gemmSimd(plan, false, true, kernel.mr, kernel.nr, 512, 1f, TILE_A, 0, 512, TILE_B, 0, 512, 0f, TILE_C, 0, kernel.nr, TILE_WS);
    }

    /** The best of {@code best} and its kernel, at its depth, with every other packing not timed yet. */
    private static Trial packings(Trial best, Bench bench, List<Trial> trials, Consumer<String> progress) {
        Gemm.Plan p = best.plan();
        for (Gemm.Pack pack : Gemm.Pack.values()) {
            Gemm.Plan plan = Gemm.Plan.of(p.kernel(), pack).withKb(p.kb());
            if (!pack.fits() || timed(plan, trials)) continue;
            best = faster(best, time(plan, bench, best.gflops(), trials, progress));
        }
        return best;
    }

    private static boolean timed(Gemm.Plan plan, List<Trial> trials) {
        return trials.stream().anyMatch(t -> t.plan().equals(plan));
    }

    private static Trial faster(Trial a, Trial b) {
        return b.gflops() > a.gflops() ? b : a;
    }

    /** Times one candidate as the class comment says: warm-up, then the repeats unless it is twice as slow as the best. */
    private static Trial time(Gemm.Plan plan, Bench bench, double bestGflops, List<Trial> trials, Consumer<String> progress) {
        long start = bench.now(), best = Long.MAX_VALUE, compiled = bench.compiledMillis();
        for (int calm = 0; calm < 3 || bench.now() - start < WARMUP_NANOS; ) {
            long t = pass(bench, plan), now = bench.compiledMillis();
            if (t < 0.97 * best || now != compiled) calm = 0;
            else calm++;
            compiled = now;
            best = Math.min(best, t);
            if (bench.now() - start > MAX_WARMUP_NANOS) break;
        }
        if (bench.flops() / best > bestGflops / 2) {
            for (int r = 0; r < REPEATS; r++) best = Math.min(best, pass(bench, plan));
        }
        Trial trial = new Trial(plan, bench.flops() / best);
        trials.add(trial);
        progress.accept(String.format("%-58s %7.1f GFLOP/s", plan, trial.gflops()));
        return trial;
    }

    /** One pass, in nanoseconds. */
    private static long pass(Bench bench, Gemm.Plan plan) {
        long t0 = bench.now();
        bench.run(plan);
        return bench.now() - t0;
    }

    /**
     * The real bench: the shapes' products on operands random in [-1, 1) and fixed (seeded), with one workspace and a
     * sink against dead-code removal, timed on {@code System.nanoTime}. Bulk calls keep B's panels between passes
     * ({@link Gemm.Panels}), as an evaluation and an attack do with their frozen weights, so their plan is chosen for the
     * A side and the kernel; the step's products pack B every call, as training must.
     */
    static final class Problems implements Bench {
        final int[][] shapes;
        final float[][] a, b, c;
        final Gemm.Panels[] kept;
        final Gemm.Workspace ws = new Gemm.Workspace();
        final double flops;
        float sink;

        Problems(int[][] shapes) {
            this.shapes = shapes;
            kept = new Gemm.Panels[shapes.length];
            if (shapes == BULK) java.util.Arrays.setAll(kept, i -> new Gemm.Panels());
            a = new float[shapes.length][];
            b = new float[shapes.length][];
            c = new float[shapes.length][];
            SplittableRandom rnd = new SplittableRandom(1);
            double f = 0;
            for (int s = 0; s < shapes.length; s++) {
                int m = shapes[s][2], n = shapes[s][3], k = shapes[s][4];
                a[s] = random(rnd, m * k);
                b[s] = random(rnd, k * n);
                c[s] = new float[m * n];
                f += 2.0 * m * n * k;
            }
            flops = f;
        }

        @Override
        public long now() {
            return System.nanoTime();
        }

        @Override
        public double flops() {
            return flops;
        }

        @Override
        public long compiledMillis() {
            var jit = java.lang.management.ManagementFactory.getCompilationMXBean();
            return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : 0;
        }

        @Override
        public void run(Gemm.Plan plan) {
            for (int s = 0; s < shapes.length; s++) {
                boolean ta = shapes[s][0] == 1, tb = shapes[s][1] == 1;
                int m = shapes[s][2], n = shapes[s][3], k = shapes[s][4];
                Gemm.gemmSimd(plan, ta, tb, m, n, k, 1f, a[s], 0, ta ? m : k, b[s], 0, tb ? k : n, 0f, c[s], 0, n, ws, kept[s]);
                sink += c[s][s];
            }
        }

        private static float[] random(SplittableRandom rnd, int size) {
            float[] x = new float[size];
            for (int i = 0; i < size; i++) x[i] = (float) (rnd.nextDouble() * 2 - 1);
            return x;
        }
    }
}
