package spheres.engine.attack;

/**
 * What the attack found, per start: the start's norm and class (outer when its norm is above the ideal boundary),
 * whether a verified error was found, the iterations it took, the L2 distance from the start to the returned
 * point, that point's logit, and the point itself (row i of {@code points}; the last iterate where nothing was
 * found). {@code rejected} counts candidate errors that the fresh forward pass or the norm check refused.
 */
public final class AttackResult {
    public final int n, dim;
    public final double[] radius, distance;
    public final boolean[] outer, found;
    public final int[] iterations;
    public final float[] logit, points;
    /** Forward and backward passes of single points, summed over all iterations of all batches. */
    public long pointSteps;
    public int rejected;

    AttackResult(int n, int dim) {
        this.n = n;
        this.dim = dim;
        radius = new double[n];
        distance = new double[n];
        outer = new boolean[n];
        found = new boolean[n];
        iterations = new int[n];
        logit = new float[n];
        points = new float[Math.multiplyExact(n, dim)];
    }

    public int foundCount() {
        int k = 0;
        for (boolean f : found) if (f) k++;
        return k;
    }
}
