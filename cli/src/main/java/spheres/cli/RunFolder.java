package spheres.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The folder a command writes ({@code runs/<name>/}): refused when it holds files unless {@code --force}. What goes in it
 * is written by the engine's stages, each file whole (temporary file, then rename).
 */
final class RunFolder {
    private RunFolder() {}

    /** A fresh run folder; an existing non-empty one only with {@code force}. */
    static Path create(Path dir, boolean force) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new IllegalArgumentException("--out " + dir + ": is a file, not a folder");
        if (Files.isDirectory(dir) && !force) {
            try (var files = Files.list(dir)) {
                if (files.findAny().isPresent())
                    throw new IllegalArgumentException("--out " + dir + ": already holds a run; pass --force to overwrite it, or choose another --out");
            }
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException("--out " + dir + ": cannot create the folder (" + e.getMessage() + ")");
        }
        if (!Files.isWritable(dir)) throw new IllegalArgumentException("--out " + dir + ": not writable");
        return dir;
    }

    /** The folder of an earlier run, to resume it. */
    static Path existing(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--out " + dir + ": no such run folder");
        if (!Files.isWritable(dir)) throw new IllegalArgumentException("--out " + dir + ": not writable");
        return dir;
    }
}
