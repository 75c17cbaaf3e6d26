package spheres.engine.profile;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The C loops that the Java yardsticks of {@code spheres bench} are checked against: FMA peak and STREAM copy and triad
 * ({@code peak.c}, a resource of this package), compiled with the machine's gcc on first use and run at a thread count
 * and vector width. Where there is no gcc (or no OpenMP), {@link #measure} says why and the profile goes without.
 */
public final class CYardsticks {
    private static Path binary;
    private static String unavailable;

    private CYardsticks() {}

    /** A measurement of the C loops: GFLOP/s and GB/s by the Java workload's name. */
    public record Result(Map<String, Double> byWorkload, String isa) {}

    /**
     * Runs the C loops on {@code threads} threads with vectors of {@code bits} (512: AVX-512, else AVX2): about 7 s, or 2
     * s {@code quick} (two repetitions: {@code bench} runs them twice per thread count, and its quick profile must stay
     * under a minute); throws {@link IllegalStateException} with one line saying why they cannot run here.
     */
    public static Result measure(int threads, int bits, boolean quick) {
        Path exe = build();
        try {
            Process p = new ProcessBuilder(exe.toString(), Integer.toString(threads), bits >= 512 ? "avx512" : "avx2",
                    quick ? "2" : "7").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IllegalStateException("the C yardsticks failed: " + out.strip().lines().findFirst().orElse("exit " + p.exitValue()));
            Map<String, Double> r = new LinkedHashMap<>();
            String isa = "";
            for (String line : out.lines().toList()) {
                if (!line.startsWith("RESULT ")) continue;
                String[] kv = line.substring(7).split("=", 2);
                if (kv[0].equals("isa")) isa = kv[1];
                else if (kv[0].startsWith("fma_f32_gflops")) r.put("FMA peak", Double.parseDouble(kv[1]));
                else if (kv[0].startsWith("mem_copy")) r.put("memory copy", Double.parseDouble(kv[1]));
                else if (kv[0].startsWith("mem_triad")) r.put("memory triad", Double.parseDouble(kv[1]));
            }
            if (r.size() != 3) throw new IllegalStateException("the C yardsticks printed no results: " + out.strip());
            return new Result(r, isa);
        } catch (IOException e) {
            throw new IllegalStateException("the C yardsticks could not run: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }

    private static synchronized Path build() {
        if (binary != null) return binary;
        if (unavailable != null) throw new IllegalStateException(unavailable);
        try {
            Path dir = Files.createTempDirectory("spheres-peak");
            dir.toFile().deleteOnExit();
            Path src = dir.resolve("peak.c"), exe = dir.resolve("peak");
            try (InputStream in = CYardsticks.class.getResourceAsStream("peak.c")) {
                Files.copy(in, src);
            }
            Process p = new ProcessBuilder("gcc", "-O3", "-fopenmp", "-o", exe.toString(), src.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0)
                throw new IOException("gcc -fopenmp failed: " + out.strip().lines().findFirst().orElse(""));
            src.toFile().deleteOnExit();
            exe.toFile().deleteOnExit();
            return binary = exe;
        } catch (IOException e) {
            unavailable = "no C yardsticks (" + (e.getMessage() != null && e.getMessage().contains("error=2") ? "gcc not found" : e.getMessage())
                    + "): install gcc to check the Java yardsticks against C loops";
            throw new IllegalStateException(unavailable);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        }
    }
}
