package spheres.engine.io;

import java.io.IOException;

/**
 * A file's content is not what a reader accepts. The message is one line, {@code <file>: <problem>}, where the
 * problem names the value found and what is accepted. Checked, as an {@link IOException}, because bad files are
 * expected input that a caller (the CLI) turns into a one-line error and a named exit code.
 */
public final class FormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public FormatException(String message) {
        super(message);
    }
}
