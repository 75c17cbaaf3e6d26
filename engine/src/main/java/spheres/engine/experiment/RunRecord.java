package spheres.engine.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A run folder's {@code config.json}: which command wrote it, its typed configuration and where it ran. A resumed run
 * and {@code plot} read the configuration back from here, so it is written in one place and read in one place.
 */
public record RunRecord<C>(String command, C config, Environment environment) implements Versioned {
    public static final String FILE = "config.json";

    public void write(Path dir) throws IOException {
        Json.write(dir.resolve(FILE), this);
    }

    /** Whether {@code dir} holds a {@code config.json} written by {@code command}. */
    public static boolean isOf(Path dir, String command) throws IOException {
        JsonNode node = Json.tree(dir.resolve(FILE));
        return node != null && command.equals(node.path("command").asText());
    }

    /** The configuration a run of {@code command} saved in {@code dir}; one line when the folder holds no such run. */
    public static <C> C config(Path dir, String command, Class<C> type) throws IOException {
        Path f = dir.resolve(FILE);
        JsonNode node = Json.tree(f);
        if (node == null) throw new IllegalArgumentException("--resume: " + dir + " holds no config.json of a " + command + " run");
        if (!command.equals(node.path("command").asText()))
            throw new IllegalArgumentException("--resume: " + f + " is not the configuration of a " + command + " run");
        return Json.MAPPER.treeToValue(node.get("config"), type);
    }
}
