package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorRateTest {
    @Test
    void clopperPearsonMatchesPublishedValues() {
        // 5 of 100: exact interval [0.01643, 0.11284] (e.g. R's binom.test(5, 100)).
        ErrorRate r = new ErrorRate(5, 100);
        assertEquals(0.05, r.rate(), 0);
        assertEquals(0.01643, r.lower95(), 1e-5);
        assertEquals(0.11284, r.upper95(), 1e-5);
        // None in 10 M: the rule of three, 3e-7.
        ErrorRate none = new ErrorRate(0, 10_000_000);
        assertEquals(0, none.lower95(), 0);
        assertEquals(2.9957e-7, none.upperBoundIfNone(), 1e-10);
        assertEquals(3.689e-7, none.upper95(), 1e-9); // two-sided: 1 - 0.025^(1/n)
    }
}
