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

    /**
     * The attack's progress: after each batch the starts done so far and the iterations the batch took, ending at n;
     * no starts is an empty result.
     */
    @Test
    void progressCountsTheStartsDone() {
        try (Backend be = new CpuBackend(1)) {
            ChosenAlphas q = new ChosenAlphas(be, new double[] {2.0, 0.7, 0.8}, 1);
            AttackConfig c = new AttackConfig(AttackMode.NEAREST, 0.05f, 100, 1e-3f, 0, 4);
            ManifoldAttack attack = new ManifoldAttack(be, q.net, 3, 1.15f, c);
            org.junit.jupiter.api.Assertions.assertSame(c, attack.config());
            // every update: (starts done before or with this batch, iteration, starts of the batch settled so far)
            java.util.List<long[]> updates = new java.util.ArrayList<>();
            AttackResult r = attack.run(Starts.spheres(5, 1f, 1.3f, 0.5), 10, (done, t, settled) -> updates.add(new long[] {done, t, settled}));
            // A batch's end is the first update with the new count of starts done: settled 0, its iterations.
            java.util.List<long[]> ends = new java.util.ArrayList<>();
            long done = 0, settled = 0;
            for (long[] u : updates) {
                org.junit.jupiter.api.Assertions.assertTrue(u[0] >= done, "starts done never go back");
                if (u[0] > done) {
                    ends.add(u);
                    org.junit.jupiter.api.Assertions.assertEquals(0, u[2]);
                    settled = 0;
                } else {
                    org.junit.jupiter.api.Assertions.assertTrue(u[2] >= settled && u[2] <= 4, "settled within a batch: " + u[2]);
                    settled = u[2];
                }
                done = u[0];
            }
            org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(4L, 8L, 10L), ends.stream().map(e -> e[0]).toList());
            org.junit.jupiter.api.Assertions.assertTrue(updates.size() > ends.size(), "updates within each batch too");
            // the throughput figure: each start's steps at least, each batch's rows for all its iterations at most
            long least = java.util.Arrays.stream(r.iterations).asLongStream().sum(), bound = 0;
            for (long[] e : ends) bound += 4 * (e[1] + 1);
            org.junit.jupiter.api.Assertions.assertTrue(r.pointSteps >= least && r.pointSteps <= bound, r.pointSteps + " not in " + least + " .. " + bound);
            for (int b = 0; b < 3; b++) {
                int most = 0;
                for (int i = 4 * b; i < Math.min(10, 4 * b + 4); i++) most = Math.max(most, r.iterations[i]);
                org.junit.jupiter.api.Assertions.assertTrue(ends.get(b)[1] >= most, "batch " + b + " ran its slowest start's iterations");
            }
            org.junit.jupiter.api.Assertions.assertEquals(0, attack.run(Starts.spheres(5, 1f, 1.3f, 0.5), 0, (a, b, c2) -> {}).n);
            assertThrows(IllegalArgumentException.class, () -> attack.run(Starts.spheres(5, 1f, 1.3f, 0.5), -1, (a, b, c2) -> {}));
        }
    }
}
