package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The calibration. On this machine, on small shapes (so that it takes seconds): it starts from the default plan, tries
 * every packing and every kernel that fits (and no other), then half and twice MC for bulk calls, reports each trial,
 * and keeps the fastest; those timings are real, so only what holds for any timing is checked, plus plausibility (no
 * plan runs above this core's FMA peak). Then the timing policy on a scripted clock ({@link Scripted}): the warm-up's
 * least time, its 3 % rule and its longest time, the repeats, the cut of a candidate twice as slow, the fastest kept,
 * and the warm-up calls; and what a real pass runs.
 */
class GemmTunerTest {
    /** A weight gradient and a forward product, transposes both ways, edges in every direction. */
    private static final int[][] SHAPES = {{1, 0, 24, 40, 56}, {0, 1, 13, 37, 20}};

    @Test
    void theSearchTriesTheFamilyAndKeepsTheFastest() {
        List<String> lines = new ArrayList<>();
        GemmTuner.Choice choice = GemmTuner.MACHINE.tune(SHAPES, true, lines::add);
        List<GemmTuner.Trial> trials = choice.trials();
        Gemm.Plan start = Gemm.defaultPlan();

        assertEquals(start, trials.get(0).plan(), "the default plan is timed first");
        // The search's winner is the first fastest trial; if it is not the default, the two were timed side by side (one
        // more line) and the choice is one of them, with the side-by-side figures.
        double top = trials.stream().mapToDouble(GemmTuner.Trial::gflops).max().orElseThrow();
        GemmTuner.Trial best = trials.stream().filter(t -> t.gflops() == top).findFirst().orElseThrow();
        boolean sideBySide = !best.plan().equals(start);
        if (sideBySide) assertTrue(choice.plan().equals(start) || choice.plan().equals(best.plan()), choice.plan() + " is neither the default nor the winner");
        else {
            assertEquals(start, choice.plan());
            assertEquals(best.gflops(), choice.gflops());
            assertEquals(trials.get(0).gflops(), choice.defaultGflops());
        }

        for (Gemm.Pack pack : Gemm.Pack.values())
            assertEquals(pack.fits() || pack == start.pack(), trials.stream().anyMatch(t -> t.plan().equals(Gemm.Plan.of(start.kernel(), pack))),
                    "default kernel with " + pack + " tried if and only if it fits");
        for (Gemm.Kernel kernel : Gemm.Kernel.values())
            assertEquals(kernel.fits() || kernel == start.kernel(), trials.stream().anyMatch(t -> t.plan().kernel() == kernel),
                    kernel + " tried if and only if it fits (or is the default's)");
        for (Gemm.Kernel kernel : Gemm.Kernel.values())
            for (int kb : Gemm.depths(kernel))
                assertEquals(kernel.fits(), trials.stream().anyMatch(t -> t.plan().kernel() == kernel && t.plan().kb() == kb
                        && t.plan().pack() == (Gemm.Pack.ROWS.fits() ? Gemm.Pack.ROWS : start.pack())), kernel + " at KB " + kb + ", rows in place");

        // Bulk calls: the winner of kernels and packings with half and twice its MC, the last two trials.
        GemmTuner.Trial half = trials.get(trials.size() - 2), twice = trials.get(trials.size() - 1);
        Gemm.Kernel kernel = twice.plan().kernel();
        int mc = Gemm.blockRows(kernel);
        assertEquals(kernel, half.plan().kernel());
        assertEquals(Math.max(kernel.mr, mc / 2 / kernel.mr * kernel.mr), half.plan().mc(), "half MC, in whole tiles");
        assertEquals(2 * mc, twice.plan().mc());
        // A coordinate search: no plan timed twice, and the kernel kept before the MC variants timed with every packing.
        assertEquals(trials.size(), trials.stream().map(GemmTuner.Trial::plan).distinct().count(), "a plan timed twice");
        for (Gemm.Pack pack : Gemm.Pack.values())
            if (pack.fits()) assertTrue(trials.stream().anyMatch(t -> t.plan().equals(Gemm.Plan.of(kernel, pack).withKb(twice.plan().kb()))), kernel + " with " + pack);

        // Physically plausible: positive, and below a generous peak (16 lanes x 2 flops x 2 FMA ports x 6 GHz).
        for (GemmTuner.Trial t : trials) assertTrue(t.gflops() > 0.01 && t.gflops() < 384, t.toString());
        for (double g : new double[] {choice.gflops(), choice.defaultGflops()}) assertTrue(g > 0.01 && g < 384, choice.toString());
        assertEquals(trials.size() + (sideBySide ? 1 : 0), lines.size());
        for (int i = 0; i < trials.size(); i++) {
            assertTrue(lines.get(i).startsWith(trials.get(i).plan().toString()), lines.get(i));
            assertTrue(lines.get(i).endsWith(String.format("%7.1f GFLOP/s", trials.get(i).gflops())), lines.get(i));
        }
    }

    /** FLOPs of a scripted pass: a pass of 1 ms is 100 GFLOP/s. */
    private static final double FLOPS = 1e8;
    private static final long MS = 1_000_000L;

    /**
     * A bench on a scripted clock: the clock moves only in a pass, by the plan's next scripted time (its last one
     * repeats; 1 ms for a plan without a script), from an origin far from 0 (a real clock's is arbitrary). It counts each
     * plan's passes, keeps the shapes it was made for and the warm-up calls' plans, and scripts the JIT's compile time.
     */
    private static final class Scripted implements GemmTuner.Bench {
        final Map<Gemm.Plan, long[]> script = new HashMap<>();
        final Map<Gemm.Plan, Integer> passes = new HashMap<>();
        final List<int[][]> shapes = new ArrayList<>();
        /** The warm-up calls' plans, and how many of them came before any pass. */
        final List<Gemm.Plan> warmUps = new ArrayList<>();
        int warmUpsBeforeFirstPass;
        long now = 1L << 50;
        /** Milliseconds of JIT compiling by the end of each pass so far, and what each next pass adds (then nothing). */
        long compiled;
        final java.util.ArrayDeque<Long> compiles = new java.util.ArrayDeque<>();

        Scripted times(Gemm.Plan plan, long... nanos) {
            script.put(plan, nanos);
            return this;
        }

        GemmTuner tuner() {
            return new GemmTuner(s -> {
                shapes.add(s);
                return this;
            }, plan -> {
                warmUps.add(plan);
                if (passes.isEmpty()) warmUpsBeforeFirstPass++;
            });
        }

        int passes(Gemm.Plan plan) {
            return passes.getOrDefault(plan, 0);
        }

        @Override
        public long now() {
            return now;
        }

        @Override
        public void run(Gemm.Plan plan) {
            int i = passes.merge(plan, 1, Integer::sum) - 1;
            long[] t = script.getOrDefault(plan, new long[] {MS});
            now += t[Math.min(i, t.length - 1)];
            if (!compiles.isEmpty()) compiled += compiles.poll();
        }

        @Override
        public double flops() {
            return FLOPS;
        }

        /** The JIT's compile time: moves by {@link #compiles}' next value at each pass (0 when not scripted). */
        @Override
        public long compiledMillis() {
            return compiled;
        }
    }

    private static List<Gemm.Plan> plans(GemmTuner.Choice choice) {
        return choice.trials().stream().map(GemmTuner.Trial::plan).toList();
    }

    /** The plan's kernel with every other packing, in the order of {@link Gemm.Pack}. */
    private static List<Gemm.Plan> otherPackings(Gemm.Plan p) {
        return Arrays.stream(Gemm.Pack.values()).filter(pack -> pack != p.pack() && pack.fits()).map(pack -> Gemm.Plan.of(p.kernel(), pack).withKb(p.kb())).toList();
    }

    /**
     * The search's first trials when no other packing beats the default's: the default, its other packings, every fitting
     * kernel with the default's packing and with rows in place, each at each of its depths (no plan twice).
     */
    private static List<Gemm.Plan> firstTrials() {
        Gemm.Plan start = Gemm.defaultPlan();
        List<Gemm.Plan> order = new ArrayList<>(List.of(start));
        order.addAll(otherPackings(start));
        List<Gemm.Pack> packs = Gemm.Pack.ROWS.fits() && start.pack() != Gemm.Pack.ROWS ? List.of(start.pack(), Gemm.Pack.ROWS) : List.of(start.pack());
        for (Gemm.Kernel k : Gemm.Kernel.values()) {
            if (!k.fits()) continue;
            for (Gemm.Pack pack : packs)
                for (int kb : Gemm.depths(k)) if (!order.contains(Gemm.Plan.of(k, pack).withKb(kb))) order.add(Gemm.Plan.of(k, pack).withKb(kb));
        }
        return order;
    }

    /** Steady 1 ms passes: every candidate warms up for exactly the least time (150 passes), then repeats; ties keep the default. */
    @Test
    void steadyCandidatesWarmUpForTheLeastTimeThenRepeat() {
        Scripted bench = new Scripted();
        GemmTuner.Choice choice = bench.tuner().tune(SHAPES, false, line -> {});
        Gemm.Plan start = Gemm.defaultPlan();
        List<Gemm.Plan> order = firstTrials();
        assertEquals(order, plans(choice), "the default, its kernel's other packings, the other fitting kernels; no MC variants");
        assertEquals(start, choice.plan(), "a tie keeps the earlier plan, the default first");
        assertEquals(100, choice.gflops());
        assertEquals(100, choice.defaultGflops());
        for (GemmTuner.Trial t : choice.trials()) {
            assertEquals(100, t.gflops(), t.toString());
            assertEquals(GemmTuner.WARMUP_NANOS / MS + GemmTuner.REPEATS, bench.passes(t.plan()), t.plan().toString());
        }
    }

    /**
     * Passes longer than the least warm-up time, so that the 3 % rule alone ends it. 180 ms beats 200 by 10 %, 176
     * beats 180 by 2.2 % (one calm pass), 160 beats 176 by 9 %, 155.2 is exactly 3 % below 160 and so not faster
     * (calm), twice more (three calm): 7 passes. Then the repeats, the first of them the fastest pass.
     */
    @Test
    void aPassIsFasterOnlyWhenMoreThanThreePercentFaster() {
        Gemm.Plan start = Gemm.defaultPlan();
        long calm = 155_200_000L;
        assertEquals(calm, 0.97 * (160 * MS), "0.97 x 160 ms is 155.2 ms in double, exactly");
        Scripted bench = new Scripted().times(start, 200 * MS, 180 * MS, 176 * MS, 160 * MS, calm, calm, calm, 150 * MS, 152 * MS);
        GemmTuner.Choice choice = bench.tuner().tune(SHAPES, false, line -> {});
        // The 1 ms candidates win, so the default also runs the side-by-side rounds after its trial.
        assertEquals(7 + GemmTuner.REPEATS + GemmTuner.CONFIRM_ROUNDS, bench.passes(start));
        assertEquals(FLOPS / (150 * MS), choice.trials().get(0).gflops(), "the best pass, repeats included");
    }

    /** 1 s, then 0.5 s passes: at 2 s (exactly the longest warm-up) it goes on; at 2.5 s it stops, with two calm passes only. */
    @Test
    void theWarmUpEndsOnceMoreThanTheLongestHasPassed() {
        Gemm.Plan start = Gemm.defaultPlan();
        assertEquals(2000 * MS, GemmTuner.MAX_WARMUP_NANOS);
        Scripted bench = new Scripted().times(start, 1000 * MS, 500 * MS);
        GemmTuner.Choice choice = bench.tuner().tune(SHAPES, false, line -> {});
        assertEquals(4 + GemmTuner.REPEATS + GemmTuner.CONFIRM_ROUNDS, bench.passes(start), "its trial, then the side-by-side rounds");
        assertEquals(FLOPS / (500 * MS), choice.trials().get(0).gflops());
    }

    /**
     * Against the default's 1 ms, a candidate of 2 ms (exactly half the rate) is not timed after its warm-up (75 passes
     * reach the least time); one of 1.999 ms is (76 passes, then the repeats). The default, timed against no best, is.
     */
    @Test
    void aCandidateTwiceAsSlowAsTheBestIsNotRepeated() {
        Gemm.Plan start = Gemm.defaultPlan();
        Gemm.Plan twice = firstTrials().get(1), under = firstTrials().get(2);
        Scripted bench = new Scripted().times(twice, 2 * MS).times(under, 2 * MS - 1000);
        bench.tuner().tune(SHAPES, false, line -> {});
        assertEquals(75, bench.passes(twice), "twice as slow: the warm-up only");
        assertEquals(76 + GemmTuner.REPEATS, bench.passes(under), "just under twice as slow: warm-up and repeats");
        assertEquals(150 + GemmTuner.REPEATS, bench.passes(start));
    }

    /**
     * Another kernel beats the default, then a packing beats that, then twice MC beats half MC and it: the search keeps
     * each, times the new kernel with every packing, and its MC variants; each trial is reported as it is timed.
     */
    @Test
    void theFastestCandidateIsKeptAndTheSearchFollowsIt() {
        Gemm.Plan start = Gemm.defaultPlan();
        Gemm.Kernel other = Arrays.stream(Gemm.Kernel.values()).filter(k -> k.fits() && k != start.kernel()).findFirst().orElse(null);
        assumeTrue(other != null, "needs a second kernel that fits this machine");
        Gemm.Plan kernelWins = Gemm.Plan.of(other, start.pack()), packWins = otherPackings(kernelWins).get(0);
        int mr = other.mr, mc = packWins.mc();
        Gemm.Plan half = new Gemm.Plan(other, packWins.pack(), Math.max(mr, mc / 2 / mr * mr), packWins.nc(), packWins.kb());
        Gemm.Plan twice = new Gemm.Plan(other, packWins.pack(), 2 * mc, packWins.nc(), packWins.kb());
        Scripted bench = new Scripted().times(kernelWins, 800_000).times(packWins, 600_000).times(half, 700_000).times(twice, 500_000);
        List<String> lines = new ArrayList<>();
        GemmTuner.Choice choice = bench.tuner().tune(SHAPES, true, lines::add);

        List<Gemm.Plan> order = firstTrials();
        for (Gemm.Plan p : otherPackings(kernelWins)) if (!order.contains(p)) order.add(p); // rows in place timed already
        order.addAll(List.of(half, twice));
        assertEquals(order, plans(choice));
        assertEquals(twice, choice.plan());
        assertEquals(200, choice.gflops());
        assertEquals(100, choice.defaultGflops());
        assertEquals(List.of(125.0, 1e8 / 600_000, 1e8 / 700_000, 200.0), choice.trials().stream()
                .filter(t -> Set.of(kernelWins, packWins, half, twice).contains(t.plan())).map(GemmTuner.Trial::gflops).toList());
        assertEquals(choice.trials().stream().map(t -> String.format("%-58s %7.1f GFLOP/s", t.plan(), t.gflops())).toList(),
                lines.subList(0, lines.size() - 1));
        assertEquals("side by side: 200.0 GFLOP/s against the default's 100.0: kept", lines.get(lines.size() - 1));
        assertEquals(GemmTuner.WARMUP_NANOS / MS + GemmTuner.REPEATS + GemmTuner.CONFIRM_ROUNDS, bench.passes(start),
                "the default: its trial, then the side-by-side rounds");
    }

    /**
     * Another kernel wins unsplit (KB = KC): the search gets there because it times each kernel at every depth it may
     * run at (on JDK 17 only KC, which is then that kernel's plan), and times the winner's packings and MC variants at
     * the winner's depth.
     */
    @Test
    void aKernelThatWinsUnsplitIsFoundAndKeepsItsDepth() {
        Gemm.Plan start = Gemm.defaultPlan();
        Gemm.Kernel other = Arrays.stream(Gemm.Kernel.values()).filter(k -> k.fits() && k != start.kernel()).findFirst().orElse(null);
        assumeTrue(other != null, "needs a second kernel that fits this machine");
        Gemm.Plan deep = Gemm.Plan.of(other, start.pack()).withKb(Gemm.KC);
        Scripted bench = new Scripted().times(deep, 500_000);
        GemmTuner.Choice choice = bench.tuner().tune(SHAPES, true, line -> {});

        assertEquals(deep, choice.plan());
        assertEquals(200, choice.gflops());
        List<Gemm.Plan> tried = plans(choice);
        for (Gemm.Kernel k : Gemm.Kernel.values())
            for (int kb : Gemm.depths(k)) assertEquals(k.fits(), tried.contains(Gemm.Plan.of(k, start.pack()).withKb(kb)), k + " at KB " + kb);
        assertTrue(tried.containsAll(otherPackings(deep)), "the winner's packings at its depth");
        assertEquals(List.of(new Gemm.Plan(other, start.pack(), Math.max(other.mr, deep.mc() / 2 / other.mr * other.mr), deep.nc(), Gemm.KC),
                new Gemm.Plan(other, start.pack(), 2 * deep.mc(), deep.nc(), Gemm.KC)), tried.subList(tried.size() - 2, tried.size()), "MC variants at KB = KC");
        int split = Gemm.blockDepth(other);
        assertEquals(split == Gemm.KC ? List.of(Gemm.KC) : List.of(split, Gemm.KC), Arrays.stream(Gemm.depths(other)).boxed().toList());
        if (Runtime.version().feature() < 25) assertEquals(Gemm.KC, split, "JDK 17's kernels run unsplit only");
    }

    /**
     * A winner that was fast during the search but is not 3 % faster than the default when the two alternate (the
     * machine sped up, say) does not replace it: the default is kept, with the side-by-side figure.
     */
    @Test
    void aWinnerNotFasterSideBySideLeavesTheDefault() {
        Gemm.Plan start = Gemm.defaultPlan();
        Gemm.Plan lucky = otherPackings(start).get(0);
        long[] times = new long[(int) (GemmTuner.WARMUP_NANOS / 800_000) + 1 + GemmTuner.REPEATS + 1];
        Arrays.fill(times, 800_000); // its trial: warm-up to the least time, then the repeats
        times[times.length - 1] = 980_000; // then, beside the default's 1 ms: 2 % faster
        Scripted bench = new Scripted().times(lucky, times);
        List<String> lines = new ArrayList<>();
        GemmTuner.Choice choice = bench.tuner().tune(SHAPES, false, lines::add);
        assertEquals(start, choice.plan());
        assertEquals(100, choice.gflops());
        assertEquals(100, choice.defaultGflops());
        assertTrue(choice.trials().stream().anyMatch(t -> t.plan().equals(lucky) && t.gflops() == 125), "its trial, as timed");
        assertEquals(String.format("side by side: %.1f GFLOP/s against the default's 100.0: not 3 %% faster, the default kept", 1e8 / 980_000),
                lines.get(lines.size() - 1));
        assertEquals(times.length - 1 + GemmTuner.CONFIRM_ROUNDS, bench.passes(lucky));
    }

    /**
     * Every fitting kernel (and no other) gets its warm-up calls with every packing before the first pass, and only once
     * per tuner.
     */
    @Test
    void theWarmUpCallsEveryFittingKernelWithEveryPackingOnceBeforeAnyPass() {
        Scripted bench = new Scripted();
        GemmTuner tuner = bench.tuner();
        tuner.tune(SHAPES, false, line -> {});
        tuner.tune(SHAPES, true, line -> {});
        int firstPass = bench.warmUps.size();
        for (Gemm.Kernel k : Gemm.Kernel.values()) {
            for (Gemm.Pack pack : Gemm.Pack.values()) {
                assertEquals(k.fits() && pack.fits() ? GemmTuner.WARMUP_CALLS : 0, Collections.frequency(bench.warmUps, new Gemm.Plan(k, pack, k.mr, k.nr)),
                        k + " with " + pack);
            }
        }
        assertEquals(firstPass, bench.warmUpsBeforeFirstPass, "warm-up calls after the first pass");
    }

    /**
     * A pass during which the JIT compiled something is not calm, however steady its time: the warm-up goes on until
     * three passes in a row compiled nothing (C1's code runs as steadily as C2's, only slower).
     */
    @Test
    void aPassWhileTheJitCompilesIsNotCalm() {
        Scripted bench = new Scripted();
        Gemm.Plan start = Gemm.defaultPlan();
        for (int i = 0; i < 145; i++) bench.compiles.add(0L);
        bench.compiles.addAll(List.of(5L, 0L, 7L, 0L, 0L, 3L));
        GemmTuner.Choice c = bench.tuner().tune(SHAPES, false, line -> {});
        // Steady 1 ms passes would stop at 150 (the least warm-up time, calm long before); compiles during passes 146,
        // 148 and 151 reset the count, so three calm passes end it at 154, then the repeats.
        assertEquals(151 + 3 + GemmTuner.REPEATS, bench.passes(start));
        assertEquals(start, c.plan());
    }

    /** The step's search (on its shapes, no MC variants) gives its plan to its three classes; bulk's searches MC too. */
    @Test
    void theStepsPlanGoesToItsThreeClassesAndBulkAlsoSearchesMc() {
        Scripted bench = new Scripted();
        GemmTuner tuner = bench.tuner();
        List<String> lines = new ArrayList<>();
        Map<Gemm.Shape, GemmTuner.Choice> step = tuner.tuneStep(lines::add);
        assertEquals(Set.of(Gemm.Shape.THIN_NT, Gemm.Shape.THIN_NN, Gemm.Shape.THIN_TN), step.keySet());
        GemmTuner.Choice c = step.get(Gemm.Shape.THIN_NT);
        assertSame(c, step.get(Gemm.Shape.THIN_NN));
        assertSame(c, step.get(Gemm.Shape.THIN_TN));
        assertSame(GemmTuner.STEP, bench.shapes.get(0));
        assertTrue(plans(c).stream().allMatch(p -> p.mc() == Gemm.Plan.of(p.kernel(), p.pack()).mc()), "MC searched for the step");
        assertEquals("batch-sized calls (a training step's three products, one plan):", lines.get(0));
        assertEquals(1 + c.trials().size(), lines.size());

        lines.clear();
        GemmTuner.Choice bulk = tuner.tuneBulk(lines::add);
        assertSame(GemmTuner.BULK, bench.shapes.get(1));
        assertEquals("bulk:", lines.get(0));
        assertEquals(1 + bulk.trials().size(), lines.size());
        List<Gemm.Plan> p = plans(bulk);
        Gemm.Plan kept = Gemm.defaultPlan(Gemm.Shape.BULK); // every pass takes 1 ms: the default is kept
        assertEquals(List.of(kept.mc() / 2 / kept.kernel().mr * kept.kernel().mr, 2 * kept.mc()),
                List.of(p.get(p.size() - 2).mc(), p.get(p.size() - 1).mc()), "half and twice the kept plan's MC last");
    }

    /**
     * STEP's shapes are a training step's forward, input gradient and weight gradient, in that order; BULK's are bulk,
     * timed with B's panels kept between passes (frozen weights) where the step's pack B every call.
     */
    @Test
    void theTimedShapesAreOfTheirClasses() {
        assertEquals(List.of(Gemm.Shape.THIN_NT, Gemm.Shape.THIN_NN, Gemm.Shape.THIN_TN),
                Arrays.stream(GemmTuner.STEP).map(GemmTuner::classOf).toList());
        for (int[] s : GemmTuner.BULK) assertEquals(Gemm.Shape.BULK, GemmTuner.classOf(s), Arrays.toString(s));
        assertTrue(Arrays.stream(new GemmTuner.Problems(GemmTuner.BULK).kept).allMatch(java.util.Objects::nonNull), "bulk keeps B");
        assertTrue(Arrays.stream(new GemmTuner.Problems(GemmTuner.STEP).kept).allMatch(java.util.Objects::isNull), "the step packs B");
    }

    /** A real pass computes its shapes' products (transposed as each shape says) on seeded operands in [-1, 1): 2mnk flops each. */
    @Test
    void aRealPassRunsTheShapesProducts() {
        GemmTuner.Problems problems = new GemmTuner.Problems(SHAPES);
        assertEquals(2.0 * (24 * 40 * 56 + 13 * 37 * 20), problems.flops());
        problems.run(Gemm.defaultPlan());
        for (int s = 0; s < SHAPES.length; s++) {
            boolean ta = SHAPES[s][0] == 1, tb = SHAPES[s][1] == 1;
            int m = SHAPES[s][2], n = SHAPES[s][3], k = SHAPES[s][4];
            float[] a = problems.a[s], b = problems.b[s];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int p = 0; p < k; p++) sum += (double) (ta ? a[p * m + i] : a[i * k + p]) * (tb ? b[j * k + p] : b[p * n + j]);
                    assertEquals(sum, problems.c[s][i * n + j], 1e-5 * k, "shape " + s + " C(" + i + ", " + j + ")");
                }
            }
        }
        GemmTuner.Problems again = new GemmTuner.Problems(SHAPES);
        for (int s = 0; s < SHAPES.length; s++) {
            for (float[] x : new float[][] {problems.a[s], problems.b[s]}) {
                double min = 1, max = -1;
                for (float v : x) {
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
                assertTrue(min >= -1 && min < -0.9 && max > 0.9 && max < 1, "operands span [-1, 1): " + min + " .. " + max);
            }
            assertTrue(Arrays.equals(problems.a[s], again.a[s]) && Arrays.equals(problems.b[s], again.b[s]), "seeded operands");
        }
    }
}
