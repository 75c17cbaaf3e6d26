package spheres.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;

/** Training on 1, 2 and 3 threads gives bit-identical losses, parameters, buffers and input gradients. */
class ThreadDeterminismTest {

    /** Runs {@code steps} training steps on data drawn from the backend's generator; returns every number it saw. */
    private static List<float[]> train(int threads, BiFunction<Backend, Long, Sequential> model, int d, int batch, int steps) {
        try (Backend be = new CpuBackend(threads)) {
            Sequential net = model.apply(be, 42L);
            AdamOptimizer adam = new AdamOptimizer(be, net.trainable(), 1e-3f);
            BceLoss loss = new BceLoss(be);
            Tensor x = be.allocate(batch, d), u = be.allocate(batch, 1), y = be.allocate(batch, 1);
            List<float[]> seen = new ArrayList<>();
            float[] losses = new float[steps];
            for (int s = 0; s < steps; s++) {
                be.gaussian(9, 0, (long) s * batch * d, x);
                be.uniform(9, 1, (long) s * batch, u);
                float[] lab = be.download(u);
                for (int i = 0; i < batch; i++) lab[i] = lab[i] < 0.5f ? 0f : 1f;
                be.write(lab, y);
                losses[s] = (float) loss.forward(net.forward(x, true), y);
                net.backward(loss.grad(), false);
                adam.step();
            }
            seen.add(losses);
            for (Parameter p : net.parameters()) seen.add(be.download(p.value));
            loss.forward(net.forward(x, false), y);
            seen.add(be.download(net.backward(loss.grad(), true)));
            return seen;
        }
    }

    private static void assertSameForThreads(BiFunction<Backend, Long, Sequential> model, int d, int batch, int steps) {
        List<float[]> one = train(1, model, d, batch, steps);
        for (int threads : new int[] {2, 3}) {
            List<float[]> many = train(threads, model, d, batch, steps);
            assertEquals(one.size(), many.size());
            for (int i = 0; i < one.size(); i++) assertArrayEquals(one.get(i), many.get(i), "array " + i + " on " + threads + " threads");
        }
    }

    @Test
    void reluNetAtOddSizes() {
        assertSameForThreads((be, seed) -> Models.reluNet(be, 37, new int[] {301, 67}, true, seed), 37, 50, 4);
    }

    @Test
    void reluNetAtThePapersSize() {
        assertSameForThreads((be, seed) -> Models.reluNet(be, 500, new int[] {1000, 1000}, true, seed), 500, 50, 2);
    }

    @Test
    void quadraticNet() {
        assertSameForThreads((be, seed) -> Models.quadraticNet(be, 500, 1000, seed), 500, 50, 3);
    }
}
