package spheres.engine.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import spheres.engine.workflow.ErrorRate;

/**
 * attack.json's figures from a hand-made result whose every number is known: inner and outer starts, errors found by
 * moving, starts already wrong, nothing found at all; medians of odd and even counts, the histogram's edges and counts.
 */
class AttackSummaryTest {
    /** Start i: outer or inner, found or not, after how many iterations, at what distance. */
    private static AttackResult result(boolean[] outer, boolean[] found, int[] iterations, double[] distance) {
        AttackResult r = new AttackResult(outer.length, 2);
        for (int i = 0; i < outer.length; i++) {
            r.outer[i] = outer[i];
            r.found[i] = found[i];
            r.iterations[i] = iterations[i];
            r.distance[i] = distance[i];
        }
        r.rejected = 3;
        return r;
    }

    @Test
    void figuresOfEachSphereAndTheHistogram() {
        // inner: moved to errors at 0.3, 0.1, 0.2; one already wrong; one not found. outer: moved at 0.4 and 0.8; one not found.
        boolean t = true, f = false;
        AttackResult r = result(new boolean[] {f, f, f, f, f, t, t, t},
                new boolean[] {t, t, t, t, f, t, t, f},
                new int[] {5, 7, 9, 0, 100, 3, 4, 100},
                new double[] {0.3, 0.1, 0.2, 0, 0.5, 0.4, 0.8, 0.6});
        AttackSummary s = AttackSummary.of(r, 4);
        check(s.inner(), 5, 1, 3, 0.75, ci(3, 4), (0.1 + 0.2 + 0.3) / 3, 0.2, 0.1, 0.3);
        check(s.outer(), 3, 0, 2, 2 / 3.0, ci(2, 3), 0.6, (0.4 + 0.8) / 2, 0.4, 0.8);
        AttackSummary.Part all = s.all();
        assertEquals(8, all.starts());
        assertEquals(1, all.alreadyWrong());
        assertEquals(5, all.found());
        assertEquals(5 / 7.0, all.successRate());
        assertArrayEquals(ci(5, 7), all.successCi95());
        assertEquals(0.3, all.distanceMedian(), "the middle of 0.1 0.2 0.3 0.4 0.8");
        assertEquals(3, s.rejected());
        // four bins of width 0.2 over [0, 0.8]; the maximum lands in the last bin
        assertArrayEquals(new double[] {0, 0.2, 0.4, 0.6000000000000001, 0.8}, s.histogramEdges());
        assertArrayEquals(new long[] {1, 2, 1, 1}, s.histogramCounts());
    }

    private static void check(AttackSummary.Part p, int starts, int wrong, int found, double rate, double[] ci, double mean,
                              double median, double min, double max) {
        assertEquals(starts, p.starts());
        assertEquals(wrong, p.alreadyWrong());
        assertEquals(found, p.found());
        assertEquals(rate, p.successRate(), 1e-15);
        assertArrayEquals(ci, p.successCi95());
        assertEquals(mean, p.distanceMean(), 1e-15);
        assertEquals(median, p.distanceMedian(), 1e-15);
        assertEquals(min, p.distanceMin());
        assertEquals(max, p.distanceMax());
    }

    private static double[] ci(long k, long n) {
        ErrorRate e = new ErrorRate(k, n);
        return new double[] {e.lower95(), e.upper95()};
    }

    @Test
    void nothingFoundAndNothingSearched() {
        boolean t = true, f = false;
        // every inner start already wrong (nothing searched); the outer one searched and not found
        AttackSummary s = AttackSummary.of(result(new boolean[] {f, f, t}, new boolean[] {t, t, f}, new int[] {0, 0, 50},
                new double[] {0, 0, 0.7}), 1);
        assertNull(s.inner().successRate(), "no start was searched");
        assertEquals(2, s.inner().alreadyWrong());
        assertEquals(0.0, s.outer().successRate(), "searched, nothing found");
        assertNull(s.outer().distanceMean());
        assertArrayEquals(ci(0, 1), s.outer().successCi95());
        assertArrayEquals(new double[2], s.histogramEdges(), "no distances: no edges");
        assertArrayEquals(new long[1], s.histogramCounts());
        assertThrows(IllegalArgumentException.class, () -> AttackSummary.of(result(new boolean[1], new boolean[1], new int[1], new double[1]), 0));
    }

    @Test
    void errorsFoundAtTheStartsOwnDistanceZeroStillBin() {
        // moved (iterations > 0) yet at distance 0: one bin of width 1 / bins
        AttackSummary s = AttackSummary.of(result(new boolean[] {false, false}, new boolean[] {true, true}, new int[] {2, 3},
                new double[] {0, 0}), 2);
        assertArrayEquals(new double[] {0, 0.5, 1}, s.histogramEdges());
        assertArrayEquals(new long[] {2, 0}, s.histogramCounts());
        assertEquals(0.0, s.all().distanceMedian());
    }
}
