package spheres.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import spheres.engine.Backend;
import spheres.engine.io.AtomicFiles;
import spheres.kernels.Simd;

/**
 * The folder a command writes ({@code runs/<name>/}): refused when it holds files unless {@code --force}; every
 * file in it written whole (temporary file, then rename).
 */
final class RunFolder {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    final Path dir;

    private RunFolder(Path dir) {
        this.dir = dir;
    }

    /** A fresh run folder; an existing non-empty one only with {@code force}. */
    static RunFolder create(Path dir, boolean force) throws IOException {
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
        return new RunFolder(dir);
    }

    /** The folder of an earlier run, to resume it. */
    static RunFolder existing(Path dir) {
        if (!Files.isDirectory(dir)) throw new IllegalArgumentException("--out " + dir + ": no such run folder");
        if (!Files.isWritable(dir)) throw new IllegalArgumentException("--out " + dir + ": not writable");
        return new RunFolder(dir);
    }

    Path file(String name) {
        return dir.resolve(name);
    }

    void write(String name, byte[] bytes) throws IOException {
        AtomicFiles.write(file(name), out -> out.write(bytes));
    }

    void writeJson(String name, Object value) throws IOException {
        write(name, JSON.writeValueAsString(value).concat("\n").getBytes(StandardCharsets.UTF_8));
    }

    /** What every config.json records beside the command's own settings. */
    static Map<String, Object> environment(Backend backend, int threads) {
        Map<String, Object> env = machine();
        env.put("simd_lanes", Simd.ENABLED ? Simd.F.length() : 0);
        env.put("threads", threads);
        env.put("device", backend.name());
        env.put("git_revision", gitRevision());
        return env;
    }

    /** What config.json records for a command that runs no backend (pure float64 analysis). */
    static Map<String, Object> environment() {
        Map<String, Object> env = machine();
        env.put("git_revision", gitRevision());
        return env;
    }

    private static Map<String, Object> machine() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cpu", cpuModel());
        env.put("cores", Runtime.getRuntime().availableProcessors());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        env.put("jdk", Runtime.version().toString());
        return env;
    }

    static String cpuModel() {
        return spheres.engine.profile.Machine.cpuModel();
    }

    private static String gitRevision() {
        try {
            Process p = new ProcessBuilder("git", "rev-parse", "--short", "HEAD").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 && out.matches("[0-9a-f]+") ? out : "unknown";
        } catch (IOException e) {
            return "unknown";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
