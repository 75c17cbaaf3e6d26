package spheres.engine.geometry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.Linear;
import spheres.engine.nn.ModelKind;
import spheres.engine.nn.QuadraticReadout;
import spheres.engine.nn.Sequential;
import spheres.engine.workflow.TrainConfig;
import spheres.engine.workflow.TrainedModel;

class PlaneSliceTest {
    /** logit = sum_k alpha_k x_k^2 - 1 in d = 4: a quadratic net whose boundary is known everywhere. */
    private static TrainedModel quadratic(Backend be, double... alpha) {
        int d = alpha.length;
        TrainConfig config = new TrainConfig(ModelKind.QUADRATIC, d, 1.3f, 1, 1, false, d, 10, 1e-3f, 0, 0, true, 1);
        Sequential net = config.newModel(be);
        float[] w = new float[d * d];
        for (int k = 0; k < d; k++) w[k * d + k] = (float) Math.sqrt(alpha[k]);
        be.write(w, ((Linear) net.layers().get(0)).weight.value);
        QuadraticReadout q = (QuadraticReadout) net.layers().get(2);
        be.write(new float[] {1}, q.w.value);
        be.write(new float[] {-1}, q.b.value);
        return new TrainedModel(config.spec(), net, null);
    }

    @Test
    void theIdealSphereLooksLikeACircleInAnyPlane() {
        double a = 1 / (1.15 * 1.15);
        try (Backend be = new CpuBackend(2)) {
            PlaneSlice s = PlaneSlice.of(be, quadratic(be, a, a, a, a), new double[] {1, 2, 0, -1}, new double[] {0, 1, 3, 1}, 1.6, 81);
            assertEquals(0.0, s.outerFraction(0, 1.12));
            assertEquals(1.0, s.outerFraction(1.18, 1.6));
        }
    }

    @Test
    void circleErrorsMatchTheEllipse() {
        // In the plane of x1, x2 of 2 x1^2 + 0.5 x2^2 = 1 the unit circle is wrong where |cos t| > 1/sqrt(3).
        try (Backend be = new CpuBackend(1)) {
            TrainedModel m = quadratic(be, 2, 0.5, 0.7, 0.9);
            PlaneSlice s = PlaneSlice.of(be, m, new double[] {1, 0, 0, 0}, new double[] {0, 1, 0, 0}, 1.5, 3);
            assertEquals(2 * Math.acos(1 / Math.sqrt(3)) / Math.PI, s.circleErrorFraction(be, m, 1, false, 100_000), 1e-4);
            assertEquals(0.0, s.circleErrorFraction(be, m, 1.5, true, 1000), "2 x1^2 + 0.5 x2^2 > 1 on r = 1.5");
        }
    }

    @Test
    void eachGridPointIsWhereTheLayoutSays() {
        double[] alpha = {2, 0.5, 0.7, 0.9};
        try (Backend be = new CpuBackend(1)) {
            // the plane of x1 and x2, passed in a non-orthonormal form
            PlaneSlice s = PlaneSlice.of(be, quadratic(be, alpha), new double[] {3, 0, 0, 0}, new double[] {1, 1, 0, 0}, 1.5, 31);
            double step = 3.0 / 30;
            for (int i = 0; i < 31; i++) {
                for (int j = 0; j < 31; j++) {
                    double x1 = -1.5 + j * step, x2 = -1.5 + i * step;
                    double expected = 2 * x1 * x1 + 0.5 * x2 * x2 - 1;
                    assertEquals(expected, s.logits()[i * 31 + j], 1e-5, "row " + i + " column " + j);
                }
            }
        }
    }

    @Test
    void gramSchmidtAndRefusals() {
        double[][] b = PlaneSlice.orthonormal(new double[] {2, 0, 0}, new double[] {5, 3, 4});
        assertEquals(1, b[0][0], 0);
        assertEquals(0, b[1][0], 1e-15);
        assertEquals(0.6, b[1][1], 1e-15);
        assertEquals(0.8, b[1][2], 1e-15);
        assertThrows(IllegalArgumentException.class, () -> PlaneSlice.orthonormal(new double[] {1, 1}, new double[] {2, 2}));
        assertThrows(IllegalArgumentException.class, () -> PlaneSlice.orthonormal(new double[] {0, 0}, new double[] {2, 2}));
    }
}
