package spheres.engine.profile;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import spheres.engine.experiment.Environment;
import spheres.engine.io.AtomicFiles;
import spheres.engine.io.FormatException;
import spheres.kernels.Simd;

/**
 * What {@code spheres bench} measured on one machine, as saved to JSON for later comparison: the machine, every
 * measurement, and the projected time of the paper's full run per device and thread count.
 *
 * <p>The schema is {@value #SCHEMA}; a field added later must be optional so that older files still read.
 */
public record Profile(String schema, String created, Machine machine, boolean quick, List<Measurement> results,
                      List<Projection> projections) {
    public static final String SCHEMA = "spheres-bench/1";

    /** Where the figures came from, for a later comparison; a field missing from an older file reads as null. */
    public record Machine(String cpu, Integer cores, @JsonProperty("simd_lanes") Integer simdLanes, String jdk, String os, List<String> backends,
                          @JsonProperty("opencl_devices") List<String> openclDevices, String gemm) {
        /** This machine, with the backends and OpenCL devices the caller found, and the sgemm plans in use. */
        public static Machine here(List<String> backends, List<String> openclDevices) {
            return new Machine(Environment.cpuModel(), Runtime.getRuntime().availableProcessors(), Simd.ENABLED ? Simd.F.length() : 0,
                    Runtime.version().toString(), System.getProperty("os.name") + " " + System.getProperty("os.arch"), backends, openclDevices,
                    Simd.ENABLED ? String.join("; ", GemmTuning.describePlans()) + "; " + GemmTuning.state().describe()
                            : "scalar twin");
        }
    }

    /** The paper's full run on one device and thread count: 1 M training steps and 10 M samples per sphere. */
    public record Projection(String device, int threads, double trainHours, double evalHours) {
        public double totalHours() {
            return trainHours + evalHours;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public void write(Path file) throws IOException {
        AtomicFiles.write(file, out -> JSON.writeValue(out, this));
    }

    public static Profile read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException(file + ": no such file");
        Profile p;
        try {
            p = JSON.readValue(file.toFile(), Profile.class);
        } catch (IOException e) {
            throw new FormatException(file + ": not a spheres bench profile (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        if (!SCHEMA.equals(p.schema()))
            throw new FormatException(file + ": schema '" + p.schema() + "'; expected '" + SCHEMA + "'");
        return p;
    }

    /** One line of a comparison: a workload measured in both profiles, and what the change means given the spread. */
    public record Change(Measurement before, Measurement after, double change, String verdict) {}

    /**
     * The change of every measurement of {@code after} also in this profile (same workload, device and threads).
     * A change counts only beyond the noise: the two spreads added, and at least {@code minNoise} (e.g. 0.05).
     */
    public List<Change> compare(Profile after, double minNoise) {
        List<Change> out = new ArrayList<>();
        for (Measurement a : after.results()) {
            for (Measurement b : results) {
                if (!b.workload().equals(a.workload()) || !b.device().equals(a.device()) || b.threads() != a.threads()) continue;
                double change = a.median() / b.median() - 1, noise = Math.max(minNoise, a.spread() + b.spread());
                String verdict = change < -noise ? "SLOWER" : change > noise ? "faster" : "same";
                out.add(new Change(b, a, change, verdict));
            }
        }
        return out;
    }
}
