package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A record written as a result file: its JSON carries {@code "schema": "spheres.<Stage>.<Record>/<version>"} (e.g.
 * {@code spheres.Attack.Result/1}) so that a reader knows what it holds. Read back, the field is skipped: the records
 * are the schema.
 */
public interface Versioned {
    /** Raised when a record's fields change meaning. */
    int VERSION = 1;

    @JsonProperty(value = "schema", access = JsonProperty.Access.READ_ONLY)
    default String schema() {
        String name = getClass().getName();
        return "spheres." + name.substring(name.lastIndexOf('.') + 1).replace('$', '.') + "/" + VERSION;
    }
}
