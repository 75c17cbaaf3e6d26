package spheres.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The calibration's search on small shapes (so that it takes seconds): it starts from the default plan, tries every
 * packing and every kernel that fits (and no other), then half and twice MC for bulk calls, reports each trial, and
 * keeps the fastest. Its timings are real, so only what holds for any timing is checked, plus plausibility: no
 * plan runs above this core's FMA peak.
 */
class GemmTunerTest {
    /** A weight gradient and a forward product, transposes both ways, edges in every direction. */
    private static final int[][] SHAPES = {{1, 0, 24, 40, 56}, {0, 1, 13, 37, 20}};

    @Test
    void theSearchTriesTheFamilyAndKeepsTheFastest() {
        List<String> lines = new ArrayList<>();
        GemmTuner.Choice choice = GemmTuner.tune(SHAPES, true, lines::add);
        List<GemmTuner.Trial> trials = choice.trials();
        Gemm.Plan start = Gemm.defaultPlan();

        assertEquals(start, trials.get(0).plan(), "the default plan is timed first");
        assertEquals(trials.get(0).gflops(), choice.defaultGflops());
        GemmTuner.Trial best = trials.stream().max(Comparator.comparingDouble(GemmTuner.Trial::gflops)).orElseThrow();
        assertEquals(best.gflops(), choice.gflops());
        assertEquals(best.gflops(), trials.stream().filter(t -> t.plan().equals(choice.plan())).mapToDouble(GemmTuner.Trial::gflops).max().orElseThrow(),
                "the kept plan is the fastest trial");

        for (Gemm.Pack pack : Gemm.Pack.values())
            assertTrue(trials.stream().anyMatch(t -> t.plan().equals(Gemm.Plan.of(start.kernel(), pack))), "default kernel with " + pack);
        for (Gemm.Kernel kernel : Gemm.Kernel.values())
            assertEquals(kernel.fits() || kernel == start.kernel(), trials.stream().anyMatch(t -> t.plan().kernel() == kernel),
                    kernel + " tried if and only if it fits (or is the default's)");

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
            assertTrue(trials.stream().anyMatch(t -> t.plan().equals(Gemm.Plan.of(kernel, pack))), kernel + " with " + pack);

        // Physically plausible: positive, and below a generous peak (16 lanes x 2 flops x 2 FMA ports x 6 GHz).
        for (GemmTuner.Trial t : trials) assertTrue(t.gflops() > 0.01 && t.gflops() < 384, t.toString());
        assertEquals(trials.size(), lines.size());
        for (int i = 0; i < trials.size(); i++) {
            assertTrue(lines.get(i).startsWith(trials.get(i).plan().toString()), lines.get(i));
            assertTrue(lines.get(i).endsWith(String.format("%7.1f GFLOP/s", trials.get(i).gflops())), lines.get(i));
        }
    }
}
