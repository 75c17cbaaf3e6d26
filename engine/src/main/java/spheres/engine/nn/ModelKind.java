package spheres.engine.nn;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The paper's two models. {@link #id()} is the name on the command line, in {@code config.json} and in a checkpoint's
 * metadata, so files written before this enum read back unchanged.
 */
public enum ModelKind {
    /** {@code Linear -> [BatchNorm] -> ReLU} hidden layers and a linear readout ({@link Models#reluNet}). */
    RELU("relu"),
    /** {@code logit = w sum_j (W1 x)_j^2 + b} ({@link Models#quadraticNet}). */
    QUADRATIC("quadratic");

    private final String id;

    ModelKind(String id) {
        this.id = id;
    }

    @JsonValue
    public String id() {
        return id;
    }

    /** The kind named {@code id}; one line naming the accepted ones otherwise. */
    @JsonCreator
    public static ModelKind parse(String id) {
        for (ModelKind k : values()) if (k.id.equals(id)) return k;
        throw new IllegalArgumentException("--model " + id + ": accepted: "
                + Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return id;
    }
}
