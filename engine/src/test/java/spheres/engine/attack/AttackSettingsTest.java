package spheres.engine.attack;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.cpu.CpuBackend;

/** The edges of the accepted settings are accepted, one step past them refused; given starts are the given rows. */
class AttackSettingsTest {
    @Test
    void attackConfigAcceptsItsEdges() {
        new AttackConfig(AttackMode.NEAREST, Float.MIN_VALUE, 0, 0f, 0, 1).validate();
        new AttackConfig(AttackMode.NEAREST, 1f, 1, 0f, 60, 1).validate();
        assertThrows(IllegalArgumentException.class, () -> new AttackConfig(AttackMode.NEAREST, 0f, 1, 0f, 0, 1).validate());
        assertThrows(IllegalArgumentException.class, () -> new AttackConfig(AttackMode.NEAREST, 1f, -1, 0f, 0, 1).validate());
        assertThrows(IllegalArgumentException.class, () -> new AttackConfig(AttackMode.NEAREST, 1f, 1, -Float.MIN_VALUE, 0, 1).validate());
        assertThrows(IllegalArgumentException.class, () -> new AttackConfig(AttackMode.NEAREST, 1f, 1, 0f, 61, 1).validate());
        assertThrows(IllegalArgumentException.class, () -> new AttackConfig(AttackMode.NEAREST, 1f, 1, 0f, -1, 1).validate());
        assertThrows(IllegalArgumentException.class, () -> new AttackConfig(AttackMode.NEAREST, 1f, 1, 0f, 0, 0).validate());
    }

    @Test
    void normSweepAcceptsItsEdges() {
        assertArrayEquals(new float[] {0f, 0.5f, 1f}, NormSweep.grid(0f, 1f, 3));
        assertArrayEquals(new float[] {2f}, NormSweep.grid(2f, 2f, 1));
        assertThrows(IllegalArgumentException.class, () -> NormSweep.grid(-Float.MIN_VALUE, 1f, 3));
        try (Backend be = new CpuBackend(1)) {
            ChosenAlphas q = new ChosenAlphas(be, new double[] {0.7, 0.8, 0.9}, 1);
            AttackConfig c = AttackConfig.defaults("nearest");
            float boundary = 1.15f;
            // no samples and no starts is a valid (empty) sweep point; the norm equal to the boundary is not outer
            try (NormSweep sweep = new NormSweep(be, q.net, 3, boundary, 1, 0, 10, 0, c)) {
                NormSweep.Point p = sweep.at(boundary, (a, b, d) -> {});
                org.junit.jupiter.api.Assertions.assertEquals(new NormSweep.Point(boundary, false, 0, 0, 0, 0, 0), p);
            }
            assertThrows(IllegalArgumentException.class, () -> new NormSweep(be, q.net, 3, boundary, 1, -1, 10, 0, c));
            assertThrows(IllegalArgumentException.class, () -> new NormSweep(be, q.net, 3, boundary, 1, 0, 10, -1, c));
        }
    }

    @Test
    void givenStartsAreTheGivenRows() {
        float[] data = new float[5 * 3];
        for (int i = 0; i < data.length; i++) data[i] = i * 0.5f - 3;
        try (Backend be = new CpuBackend(1); Tensor x = be.allocate(2, 3)) {
            Starts.points(data, 3).fill(be, 2, x);
            assertArrayEquals(java.util.Arrays.copyOfRange(data, 6, 12), be.download(x), "rows 2 and 3");
        }
    }
}
