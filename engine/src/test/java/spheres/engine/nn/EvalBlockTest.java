package spheres.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;

/**
 * A Sequential that evaluates runs each Linear, BatchNorm1d, ReLU as one block: its output, input gradient and
 * Linear weight gradients are the bits of the layers run one by one. Sizes split the work on 2 threads (rows > one row
 * block), the statistics are trained ones (not the initial 0 and 1), and some pre-activations are negative.
 */
class EvalBlockTest {
    @Test
    void blocksGiveTheLayerByLayerBits() {
        try (Backend be = new CpuBackend(2)) {
            Sequential net = Models.reluNet(be, 24, new int[] {300, 300}, true, 3);
            Tensor xt = be.allocate(50, 24), yt = be.allocate(50, 1);
            be.gaussian(9, 0, 0, xt);
            for (int step = 0; step < 3; step++) net.forward(xt, true); // running statistics move away from 0 and 1
            Tensor x = be.allocate(257, 24), dy = be.allocate(257, 1);
            be.gaussian(5, 0, 0, x);
            be.gaussian(5, 1, 0, dy);

            float[] out = be.download(net.forward(x, false)), dx = be.download(net.inputGradient(dy));
            net.forward(x, false);
            float[] dxFull = be.download(net.backward(dy, true));
            float[] dw = be.download(((Linear) net.layers().get(0)).weight.grad);

            List<Layer> layers = net.layers();
            Tensor h = x;
            for (Layer l : layers) h = l.forward(h, false);
            assertArrayEquals(be.download(h), out, "forward");
            Tensor g = dy;
            for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).inputGradient(g);
            assertArrayEquals(be.download(g), dx, "input gradient");
            assertArrayEquals(be.download(g), dxFull, "full backward's input gradient");
            g = dy;
            for (int i = layers.size() - 1; i >= 0; i--) g = layers.get(i).backward(g, true);
            assertArrayEquals(be.download(((Linear) layers.get(0)).weight.grad), dw, "first Linear's weight gradient");

            int negative = 0;
            for (float v : out) if (v < 0) negative++;
            float[] hidden = be.download(((Linear) layers.get(0)).product(x));
            for (float v : hidden) if (v < 0) negative++;
            assertTrue(negative > 0, "some pre-activations are negative, so the ReLU mask matters");
        }
    }
}
