package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;
import spheres.engine.nn.ModelKind;
import spheres.engine.quadratic.QuadraticAnalysis;
import spheres.engine.quadratic.QuadraticNet;

class TrainerTest {
    private static TrainConfig small(String model, long trainSize, float lr) {
        return new TrainConfig(ModelKind.parse(model), 10, 1.3f, 64, 2, true, 32, 50, lr, 0, trainSize, true, 7);
    }

    private static double meanLoss(Trainer t, int steps) {
        double s = 0;
        for (int i = 0; i < steps; i++) s += t.step().loss();
        return s / steps;
    }

    @Test
    void quadraticNetLearnsOnline() {
        try (Backend be = new CpuBackend(1); Trainer t = new Trainer(be, small("quadratic", 0, 1e-2f))) {
            double first = meanLoss(t, 20);
            double before = distanceFromRange(t);
            for (int i = 0; i < 600; i++) t.step();
            double last = meanLoss(t, 20);
            assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
            double after = distanceFromRange(t);
            assertTrue(Double.isFinite(before), "the boundary is an ellipsoid after 20 steps");
            assertTrue(after < 0.25 * before && after < 0.05, "alphas' distance from [1/R^2, 1]: " + before + " -> " + after);
            try (Evaluator ev = new Evaluator(be, t.model(), 10, 1.3f, 1, 1000)) {
                long errors = ev.errors(false, 0, 5000) + ev.errors(true, 0, 5000);
                assertTrue(errors < 500, errors + " errors in 10000 samples after training");
            }
        }
    }

    /** How far the quadratic net's alphas lie outside [1/R^2, 1], summed; infinite while the boundary is no ellipsoid. */
    private static double distanceFromRange(Trainer t) {
        QuadraticAnalysis a = QuadraticAnalysis.of(QuadraticNet.of(t.model()), 1.3);
        if (a.signs != QuadraticAnalysis.Signs.ELLIPSOID) return Double.POSITIVE_INFINITY;
        double lo = 1 / (1.3 * 1.3), sum = 0;
        for (double alpha : a.alphas) sum += Math.max(0, lo - alpha) + Math.max(0, alpha - 1);
        return sum;
    }

    @Test
    void reluNetLearnsOnAFixedSet() {
        try (Backend be = new CpuBackend(2); Trainer t = new Trainer(be, small("relu", 500, 1e-3f))) {
            double first = meanLoss(t, 10);
            for (int i = 0; i < 300; i++) t.step();
            double last = meanLoss(t, 10);
            assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
        }
    }

    @Test
    void badConfigurationsAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig(ModelKind.RELU, 1, 1.3f, 8, 1, true, 8, 50, 1e-3f, 1, 0, true, 1).validate());
        assertTrue(e.getMessage().contains("--dim 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig(ModelKind.RELU, 5, 1.0f, 8, 1, true, 8, 50, 1e-3f, 1, 0, true, 1).validate());
        assertTrue(e.getMessage().contains("--radius 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> ModelKind.parse("mlp"));
        assertTrue(e.getMessage().contains("mlp") && e.getMessage().contains("quadratic"), e.getMessage());
    }
}
