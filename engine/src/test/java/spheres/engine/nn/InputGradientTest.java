package spheres.engine.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;

/** {@link Layer#inputGradient} skips the weight gradients but gives the same dL/dx bits as a full backward. */
class InputGradientTest {
    @Test
    void sameBitsAsFullBackwardOnBothModels() {
        try (Backend be = new CpuBackend(2)) {
            for (Sequential net : new Sequential[] {Models.reluNet(be, 24, new int[] {40, 40}, true, 3), Models.quadraticNet(be, 24, 30, 3)}) {
                Tensor x = be.allocate(7, 24), dy = be.allocate(7, 1);
                be.gaussian(5, 0, 0, x);
                be.gaussian(5, 1, 0, dy);
                net.forward(x, false);
                float[] full = be.download(net.backward(dy, true));
                net.forward(x, false);
                float[] only = be.download(net.inputGradient(dy));
                assertArrayEquals(full, only);
                float nonZero = 0;
                for (float v : only) nonZero += Math.abs(v);
                org.junit.jupiter.api.Assertions.assertTrue(nonZero > 0, "a real gradient");
            }
        }
    }
}
