package spheres.engine.attack;

import static java.util.Objects.requireNonNullElse;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * Settings of the manifold attack. {@code worst}: iterate until every start has converged (the projected step has
 * shrunk below {@code tol} of its length: the gradient is normal to the sphere) or {@code maxIter}. {@code nearest}:
 * stop each start at its first misclassified iterate, then {@code bisect} halvings of the arc between the last
 * correct and the first wrong iterate. {@code step} is the L2 length of each step, like {@code eps_step} of the
 * robustness libraries' PGD; {@code batch} starts move together.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AttackConfig(AttackMode mode, float step, int maxIter, float tol, int bisect, int batch) {

    /** As the canonical constructor, the mode by its name ({@code nearest}, {@code worst}): what the commands parse. */
    public AttackConfig(String mode, float step, int maxIter, float tol, int bisect, int batch) {
        this(AttackMode.parse(mode), step, maxIter, tol, bisect, batch);
    }

    /** The spec's defaults [C]: worst-case step 0.01 for 1000 steps; nearest-error step 0.002, 5000 steps, then bisection. */
    public static AttackConfig defaults(AttackMode mode) {
        return switch (mode) {
            case WORST -> new AttackConfig(mode, 0.01f, 1000, 1e-3f, 0, 1000);
            case NEAREST -> new AttackConfig(mode, 0.002f, 5000, 1e-3f, 10, 1000);
        };
    }

    /** {@link #defaults(AttackMode)} of the mode named {@code mode}. */
    public static AttackConfig defaults(String mode) {
        return defaults(AttackMode.parse(mode));
    }

    /**
     * The settings a user gives ({@code spheres attack --mode worst --step 0.05}), validated: null takes the mode's
     * default; {@code tol} belongs to worst only, {@code bisect} to nearest only.
     */
    public static AttackConfig of(String mode, Float step, Integer maxIter, Float tol, Integer bisect, int batch) {
        AttackConfig d = defaults(mode);
        AttackConfig a = new AttackConfig(d.mode, requireNonNullElse(step, d.step), requireNonNullElse(maxIter, d.maxIter),
                requireNonNullElse(tol, d.tol), requireNonNullElse(bisect, d.bisect), batch).validate();
        if (tol != null && a.nearest()) throw new IllegalArgumentException("--tol: only with --mode worst (nearest stops at the first error)");
        if (bisect != null && !a.nearest()) throw new IllegalArgumentException("--bisect: only with --mode nearest");
        return a;
    }

    public boolean nearest() {
        return mode == AttackMode.NEAREST;
    }

    public AttackConfig validate() {
        if (mode == null) throw new IllegalArgumentException("--mode: missing; accepted: worst, nearest");
        if (!(step > 0) || Float.isInfinite(step)) throw new IllegalArgumentException("--step " + step + ": must be > 0");
        if (maxIter < 0) throw new IllegalArgumentException("--max-iter " + maxIter + ": must be >= 0");
        if (!(tol >= 0) || Float.isInfinite(tol)) throw new IllegalArgumentException("--tol " + tol + ": must be >= 0");
        if (bisect < 0 || bisect > 60) throw new IllegalArgumentException("--bisect " + bisect + ": must be in 0 .. 60");
        if (batch < 1) throw new IllegalArgumentException("--batch " + batch + ": must be >= 1");
        return this;
    }
}
