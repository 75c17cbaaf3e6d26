package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.Linear;
import spheres.engine.nn.Models;
import spheres.engine.nn.QuadraticReadout;
import spheres.engine.nn.Sequential;

/** The sampled error rate of a hand-built model against the exact rate, and errors on given points. */
class EvaluatorTest {
    static final float R = 1.3f;

    /** logit = 2 x1^2 + 0.5 x2^2 - 1: the boundary is an ellipse crossing both circles, so both rates are known exactly. */
    private static Sequential ellipse(Backend be) {
        Sequential net = Models.quadraticNet(be, 2, 2, 1);
        be.write(new float[] {(float) Math.sqrt(2), 0, 0, (float) Math.sqrt(0.5)}, ((Linear) net.layers().get(0)).weight.value);
        QuadraticReadout q = (QuadraticReadout) net.layers().get(2);
        be.write(new float[] {1}, q.w.value);
        be.write(new float[] {-1}, q.b.value);
        return net;
    }

    @Test
    void sampledRatesContainTheExactRatesInTheirIntervals() {
        // On the circle of radius r, x = r (cos t, sin t) is an error of the inner circle when |cos t| > 1/sqrt(3),
        // and of the outer when |cos t| < sqrt((1/R^2 - 0.5) / 1.5); t is uniform.
        double inner = 2 * Math.acos(1 / Math.sqrt(3)) / Math.PI;
        double outer = 1 - 2 * Math.acos(Math.sqrt((1 / (R * R) - 0.5) / 1.5)) / Math.PI;
        int n = 200_000;
        for (int threads : new int[] {1, 2}) {
            try (Backend be = new CpuBackend(threads); Evaluator ev = new Evaluator(be, ellipse(be), 2, R, 5, 4096)) {
                ErrorRate in = new ErrorRate(ev.errors(false, 0, n), n), out = new ErrorRate(ev.errors(true, 0, n), n);
                assertTrue(in.lower95() <= inner && inner <= in.upper95(), "inner " + inner + " vs " + in);
                assertTrue(out.lower95() <= outer && outer <= out.upper95(), "outer " + outer + " vs " + out);
                // a wrong model would miss: the interval is narrow
                assertTrue(in.upper95() - in.lower95() < 0.01);
            }
        }
    }

    @Test
    void errorsOnGivenPointsAreCountedPerLabel() {
        float[] x = {1, 0, /* inner, called outer */ 0, 1, /* inner, right */ 0, 1.3f, /* outer, called inner */ 1.3f, 0 /* outer, right */, 0, 0.5f};
        float[] y = {0, 0, 1, 1, 0};
        try (Backend be = new CpuBackend(1); Evaluator ev = new Evaluator(be, ellipse(be), 2, R, 5, 2)) { // chunk 2: a short last chunk
            assertArrayEquals(new long[] {1, 3, 1, 2}, ev.errors(new LabeledPoints(x, y, 5, 2, "points")));
        }
        assertEquals(0.6081734479693927, 2 * Math.acos(1 / Math.sqrt(3)) / Math.PI, 1e-15); // the closed form used above
    }
}
