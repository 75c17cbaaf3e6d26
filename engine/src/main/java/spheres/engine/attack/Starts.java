package spheres.engine.attack;

import java.util.Arrays;
import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.workflow.Streams;

/**
 * Where the attack starts: start i is a pure function of i (a Philox sample of {@link Streams#ATTACK}, or row i of
 * given points), so results do not depend on the batch size or the thread count.
 */
@FunctionalInterface
public interface Starts {
    /** Writes starts {@code first .. first + x.rows - 1} into the rows of x. */
    void fill(Backend backend, long first, Tensor x);

    /** Uniform points of the inner sphere (radius {@code inner}) or, with probability {@code pOuter}, the outer one. */
    static Starts spheres(long seed, float inner, float outer, double pOuter) {
        return (backend, first, x) -> backend.sampleSpheres(seed, Streams.ATTACK, first, inner, outer, pOuter, x, null);
    }

    /** Uniform points of the sphere of radius r (on or off the data spheres); the same directions at every r. */
    static Starts radius(long seed, float r) {
        return spheres(seed, r, r, 0.0);
    }

    /** The rows of a row-major {@code [n, dim]} array. */
    static Starts points(float[] data, int dim) {
        return (backend, first, x) -> {
            int from = Math.toIntExact(first * dim);
            backend.write(Arrays.copyOfRange(data, from, from + x.rows * dim), x);
        };
    }
}
