package spheres.engine.attack;

import spheres.engine.Backend;
import spheres.engine.Tensor;
import spheres.engine.nn.Sequential;

/**
 * The device state of one batch of the manifold attack and its iteration: {@link #logits} (forward pass in
 * evaluation mode), then {@link #move} (input gradient, step of fixed L2 length along each row's normalised
 * gradient, rescaling back to the start's norm). Everything stays on the backend; only logits and per-row norms
 * cross back.
 *
 * <p>The ascent direction of the sigmoid cross-entropy of label y is {@code (sigmoid(z) - y) dz/dx}, and
 * {@code sigmoid(z) - y} has the fixed sign {@code +1} for inner (y = 0) and {@code -1} for outer starts. Since each
 * row's step is normalised, we backpropagate that sign instead of the loss gradient: the same direction, without
 * the underflow of {@code sigmoid(z) - y} to 0 that would stall the attack on a confident model.
 */
public final class AttackStep implements AutoCloseable {
    private final Backend backend;
    private final Sequential model;
    /** The iterates, the previous iterates, and per row: start norm, step length, sign of the ascent, a scratch norm. */
    final Tensor x, prev;
    private final Tensor radii, stepLength, sign, moved;
    private final float step;
    /** The model's weights, held constant while the step lives: packed once for all its products. */
    private final Backend.Frozen weights;

    /**
     * @param starts the starting points, {@code [rows, d]}; copied
     * @param norms  per row, the norm every iterate is rescaled to (the start's, from {@link Backend#rowNorms})
     * @param outer  per row, whether the start is of the outer class
     */
    public AttackStep(Backend backend, Sequential model, Tensor starts, float[] norms, boolean[] outer, float step) {
        this(backend, model, starts.rows, starts.cols, step);
        backend.copy(starts, x);
        backend.write(norms, radii);
        float[] s = new float[norms.length];
        for (int i = 0; i < s.length; i++) s[i] = outer[i] ? -1f : 1f;
        backend.write(s, sign);
    }

    private AttackStep(Backend backend, Sequential model, int rows, int cols, float step) {
        this.backend = backend;
        this.model = model;
        this.step = step;
        weights = model.freeze();
        x = backend.allocate(rows, cols);
        prev = backend.allocate(rows, cols);
        radii = backend.allocate(rows, 1);
        stepLength = backend.allocate(rows, 1);
        sign = backend.allocate(rows, 1);
        moved = backend.allocate(rows, 1);
        backend.fill(stepLength, step);
    }

    /**
     * A step over some of this step's rows, {@code keep[j]} becoming row j: iterates, previous iterates, norms,
     * signs and the last move's lengths are gathered on the device. This step stays open.
     */
    AttackStep rows(int[] keep) {
        AttackStep next = new AttackStep(backend, model, keep.length, x.cols, step);
        int[] to = new int[keep.length];
        for (int j = 0; j < to.length; j++) to[j] = j;
        backend.copyRows(x, keep, next.x, to);
        backend.copyRows(prev, keep, next.prev, to);
        backend.copyRows(radii, keep, next.radii, to);
        backend.copyRows(sign, keep, next.sign, to);
        backend.copyRows(moved, keep, next.moved, to);
        return next;
    }

    /** Forward pass of the current iterates; writes their logits into z. */
    public void logits(float[] z) {
        backend.read(model.forward(x, false), z);
    }

    /** One projected gradient step; needs the forward pass of {@link #logits} for the current iterates. */
    public void move() {
        Tensor g = model.inputGradient(sign);
        backend.rescaleRows(g, stepLength);
        backend.copy(x, prev);
        backend.axpy(1f, g, x);
        backend.rescaleRows(x, radii);
    }

    /**
     * Enqueues, per row, the length of the last move after projection (overwriting the previous iterates); read it
     * with {@link #moveLengths} after the next {@link #logits}, so that one wait on the device serves both.
     */
    public void measureMove() {
        backend.axpy(-1f, x, prev);
        backend.rowNorms(prev, moved);
    }

    /** The lengths {@link #measureMove} enqueued. */
    public void moveLengths(float[] out) {
        backend.read(moved, out);
    }

    @Override
    public void close() {
        for (Tensor t : new Tensor[] {x, prev, radii, stepLength, sign, moved}) t.close();
        weights.close();
    }
}
