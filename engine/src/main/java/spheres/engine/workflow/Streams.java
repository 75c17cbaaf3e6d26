package spheres.engine.workflow;

/**
 * The generator streams of one seed, one per purpose, so that no two purposes ever share random numbers:
 * training batches, a fixed training set, its per-epoch shuffles, each sphere's evaluation samples, attack starts,
 * the directions of the norm sweep and test samples.
 */
public final class Streams {
    public static final long TRAIN_ONLINE = 0;
    public static final long TRAIN_SET = 1;
    public static final long EVAL_INNER = 2;
    public static final long EVAL_OUTER = 3;
    /** Random starts of the manifold attack (at any radius: start i has the same direction at every radius). */
    public static final long ATTACK = 4;
    /** Random directions of the accuracy-against-norm sweep. */
    public static final long NORMS = 5;
    /** Labelled samples for a test loss, disjoint from every training stream. */
    public static final long TEST = 6;
    /** Shuffle of epoch e uses stream {@code SHUFFLE + e}. */
    public static final long SHUFFLE = 1L << 32;
    /** Random directions of the slice figures: direction k is Gaussians {@code k d .. k d + d - 1}. */
    public static final long SLICES = 1L << 36;

    /** The seed every command uses unless told otherwise (the paper's arXiv date). */
    public static final long DEFAULT_SEED = 20180103L;

    private Streams() {}
}
