package spheres.engine.experiment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import spheres.engine.Backend;
import spheres.kernels.Simd;

/**
 * Where a result was computed, as every {@code config.json} and result file records it: the machine, and for a stage that
 * runs a backend its SIMD width, threads and device (null, and left out of the JSON, for pure float64 analysis).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Environment(String cpu, int cores, String os, String jdk, @JsonProperty("simd_lanes") Integer simdLanes,
                          Integer threads, String device, @JsonProperty("git_revision") String gitRevision) {

    /** This machine running {@code backend} on {@code threads} CPU workers. */
    public static Environment of(Backend backend, int threads) {
        return new Environment(cpuModel(), Runtime.getRuntime().availableProcessors(), osName(), Runtime.version().toString(),
                Simd.ENABLED ? Simd.F.length() : 0, threads, backend.name(), revision());
    }

    /** This machine, for a stage that runs no backend. */
    public static Environment machine() {
        return new Environment(cpuModel(), Runtime.getRuntime().availableProcessors(), osName(), Runtime.version().toString(), null, null,
                null, revision());
    }

    private static String osName() {
        return System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch");
    }

    /** The processor's name as Linux reports it; the architecture elsewhere. */
    public static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch");
    }

    /** The git revision of the working directory's checkout (short), or "unknown". */
    public static String revision() {
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
