package spheres.engine.experiment;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.FormatException;

/**
 * The JSON of every result file: one indented style, written whole (temporary file, then rename) with a final newline,
 * read back into the same records with one line naming the file when it does not fit.
 */
public final class Json {
    /** Paths as their text ({@code runs/quick}), not Jackson's default URI. */
    public static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance));

    private Json() {}

    /** The indented text of a value, without the final newline (what the commands print). */
    public static String text(Object value) throws IOException {
        return MAPPER.writeValueAsString(value);
    }

    /** The bytes of a result file: the indented text and a final newline (for a file written elsewhere than a local path). */
    public static byte[] bytes(Object value) throws IOException {
        return (text(value) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static void write(Path file, Object value) throws IOException {
        byte[] bytes = bytes(value);
        AtomicFiles.write(file, o -> o.write(bytes));
    }

    public static <T> T read(Path file, Class<T> type) throws IOException {
        return read(file, MAPPER.constructType(type));
    }

    public static <T> T read(Path file, JavaType type) throws IOException {
        try {
            return MAPPER.readValue(file.toFile(), type);
        } catch (JacksonException e) {
            throw new FormatException(file + ": not the JSON a spheres " + type.getRawClass().getName().replaceAll(".*\\.|\\$.*", "")
                    + " stage writes (" + e.getOriginalMessage() + ")");
        }
    }

    /** The tree of a JSON file, or null when there is no such file. */
    public static JsonNode tree(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return null;
        try {
            return MAPPER.readTree(file.toFile());
        } catch (JacksonException e) {
            throw new FormatException(file + ": not valid JSON (" + e.getOriginalMessage() + ")");
        }
    }
}
