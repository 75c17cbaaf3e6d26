package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ErrorRateTest {
    /**
     * {errors, samples, lower, upper}: the exact two-sided 95% Clopper-Pearson interval, from
     * {@code engine/src/test/python/clopper_pearson_reference.py} (mpmath at 60 digits: each end the root of the
     * binomial tail written as a finite sum, by bisection on ln x; cross-checked against mpmath's regularised incomplete
     * beta where it converges and against the closed forms at k = 0 and k = n). Printed to 17 digits; scipy's
     * {@code beta.ppf} agrees with the rows the issue quotes (5.57e-9 at k = 1, 8.77e-9 at k = 3, n = 10^9).
     */
    private static final double[][] REFERENCE = {
        {0, 1e3, 0.0, 0.0036820838968656721},
        {1, 1e3, 2.5317487491294043e-5, 0.0055589242798266729},
        {3, 1e3, 0.00061909993164957126, 0.0087420232384783036},
        {0, 1e4, 0.0, 0.00036881991461876230},
        {1, 1e4, 2.5317775934746866e-6, 0.00055703699794704741},
        {3, 1e4, 6.1871485748387139e-5, 0.00087647452251400091},
        {0, 1e5, 0.0, 3.6888114157924212e-5},
        {1, 1e5, 2.5317804779333140e-7, 5.5715160347742761e-5},
        {3, 1e5, 6.1867639589220312e-6, 8.7670202566362016e-5},
        {0, 1e6, 0.0, 3.6888726502064891e-6},
        {1, 1e6, 2.5317807663794178e-8, 5.5716306551722443e-6},
        {3, 1e6, 6.1867255019063986e-7, 8.7672477881452235e-6},
        {0, 1e7, 0.0, 3.6888787737224386e-7},
        {1, 1e7, 2.5317807952240305e-9, 5.5716421173607312e-7},
        {3, 1e7, 6.1867216562505893e-8, 8.7672705415797509e-7},
        {0, 1e8, 0.0, 3.6888793860747790e-8},
        {1, 1e8, 2.5317807981084918e-10, 5.5716432635810668e-8},
        {3, 1e8, 6.1867212716854659e-9, 8.7672728169260399e-8},
        {0, 1e9, 0.0, 3.6888794473100205e-9},
        {1, 1e9, 2.5317807983969380e-11, 5.5716433782031153e-9},
        {3, 1e9, 6.1867212332289581e-10, 8.7672730444606971e-9},
        {0, 1e10, 0.0, 3.6888794534335447e-10},
        {1, 1e10, 2.5317807984257826e-12, 5.5716433896653203e-10},
        {3, 1e10, 6.1867212293833074e-11, 8.7672730672141631e-10},
        {5, 100, 0.016431879182052159, 0.11283491110546277},
        {500, 1000, 0.46854917297179194, 0.53145082702820806},
        {2000, 1e10, 1.9132987178242394e-7, 2.0896174300825188e-7}, // above the summed range: the incomplete beta
        {5000, 10000, 0.49015138058998049, 0.50984861941001951},
        {1000, 1000, 0.99631791610313433, 1.0}, // k = n: lower = 0.025^(1/n)
        {1e10, 1e10, 0.99999999963111205, 1.0},
        {1, 1, 0.025, 1.0},
        {0, 1, 0.0, 0.975},
    };

    /**
     * 1e-9 relative: the summed rows come out within 1e-13 (bisection to 1e-15 in ln x); above 1000 errors the
     * incomplete beta keeps x to 1e-16 absolute, 1e-16 n / k relative (measured 2e-10 at 2000 of 10^10). The absolute
     * stopping rule this replaced was 12 % off at n = 10^9.
     */
    private static final double REL = 1e-9;

    @Test
    void clopperPearsonMatchesTheReferenceTableRelatively() {
        for (double[] row : REFERENCE) {
            ErrorRate r = new ErrorRate((long) row[0], (long) row[1]);
            String what = (long) row[0] + " of " + (long) row[1];
            assertEquals(row[2], r.lower95(), REL * row[2], what + ": lower");
            assertEquals(row[3], r.upper95(), REL * row[3], what + ": upper");
        }
    }

    @Test
    void noSampleGivesTheWholeRange() {
        ErrorRate none = new ErrorRate(0, 0);
        assertTrue(Double.isNaN(none.rate()));
        assertEquals(0, none.lower95(), 0);
        assertEquals(1, none.upper95(), 0);
        assertEquals(1, none.upperBoundIfNone(), 0, "no sample bounds nothing");
    }

    @Test
    void oneSidedBoundWithoutErrorsIsTheRuleOfThree() {
        // 1 - 0.05^(1/n), by mpmath at 50 digits: 2.99573182483344306e-7 at n = 10^7, 2.99573227310527040e-10 at n = 10^10.
        assertEquals(2.9957318248334431e-7, new ErrorRate(0, 10_000_000).upperBoundIfNone(), REL * 3e-7);
        assertEquals(2.9957322731052704e-10, new ErrorRate(0, 10_000_000_000L).upperBoundIfNone(), REL * 3e-10);
        assertEquals(0.05, new ErrorRate(7, 140).rate(), 0);
    }

    @Test
    void countsOutsideTheSamplesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new ErrorRate(3, 2));
        assertThrows(IllegalArgumentException.class, () -> new ErrorRate(-1, 2));
        assertThrows(IllegalArgumentException.class, () -> new ErrorRate(0, -1));
    }
}
