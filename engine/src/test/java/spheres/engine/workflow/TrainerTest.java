package spheres.engine.workflow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.cpu.CpuBackend;

class TrainerTest {
    private static TrainConfig small(String model, long trainSize, float lr) {
        return new TrainConfig(model, 10, 1.3f, 64, 2, true, 32, 50, lr, 0, trainSize, true, 7);
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
            for (int i = 0; i < 600; i++) t.step();
            double last = meanLoss(t, 20);
            assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
            try (Evaluator ev = new Evaluator(be, t.model(), 10, 1.3f, 1, 1000)) {
                long errors = ev.errors(false, 0, 5000) + ev.errors(true, 0, 5000);
                assertTrue(errors < 500, errors + " errors in 10000 samples after training");
            }
        }
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
    void theSameConfigGivesTheSameWeights() {
        float[][] a = train(1), b = train(2);
        for (int i = 0; i < a.length; i++) assertArrayEquals(a[i], b[i], "parameter " + i);
    }

    private static float[][] train(int threads) {
        try (Backend be = new CpuBackend(threads); Trainer t = new Trainer(be, small("relu", 120, 1e-3f))) {
            for (int i = 0; i < 7; i++) t.step(); // crosses epoch boundaries of the 120-sample set
            return t.model().parameters().stream().map(p -> be.download(p.value)).toArray(float[][]::new);
        }
    }

    @Test
    void badConfigurationsAreRefusedNamingTheValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig("relu", 1, 1.3f, 8, 1, true, 8, 50, 1e-3f, 1, 0, true, 1).validate());
        assertTrue(e.getMessage().contains("--dim 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig("relu", 5, 1.0f, 8, 1, true, 8, 50, 1e-3f, 1, 0, true, 1).validate());
        assertTrue(e.getMessage().contains("--radius 1.0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new TrainConfig("mlp", 5, 1.3f, 8, 1, true, 8, 50, 1e-3f, 1, 0, true, 1).validate());
        assertTrue(e.getMessage().contains("mlp") && e.getMessage().contains("quadratic"), e.getMessage());
    }
}
