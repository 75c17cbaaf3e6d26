package spheres.engine.attack;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What the manifold attack looks for, and so when a start stops ({@link ManifoldAttack}'s stop rules). */
public enum AttackMode {
    /** The nearest error: stop at the first misclassified iterate, then bisect the last step. */
    NEAREST,
    /** The worst case: climb the loss until the step converges (the gradient is normal to the sphere). */
    WORST;

    /** The name users type and files hold: {@code nearest}, {@code worst}. */
    @JsonValue
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The mode named {@code name}; anything else is refused naming what is accepted. */
    public static AttackMode parse(String name) {
        for (AttackMode m : values()) if (m.toString().equals(name)) return m;
        throw new IllegalArgumentException("--mode " + name + ": accepted: worst, nearest");
    }
}
