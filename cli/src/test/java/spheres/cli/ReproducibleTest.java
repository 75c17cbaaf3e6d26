package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --reproducible} gives the bits of a machine whose widest vectors are 256 bits: a run with it on this machine
 * equals a run on the AVX2 path ({@code -XX:UseAVX=2}), weights and optimizer state byte for byte. On an AVX2 machine
 * both are the same path; on an AVX-512 one, the default (16 lanes) is a third path that may differ in the last bits.
 * Each run is a child JVM: the vector width is fixed when the kernels load.
 */
class ReproducibleTest {
    @TempDir
    Path dir;

    private Path train(String name, String jvmFlag, String... extra) throws IOException, InterruptedException {
        Path out = dir.resolve(name);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dspheres.tuning=off"));
        if (jvmFlag != null) cmd.add(jvmFlag);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "train", "--dim", "20",
                "--width", "40", "--steps", "60", "--lr", "3e-3", "--threads", "2", "--out", out.toString()));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM did not end");
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve(name + ".log")));
        return out;
    }

    @Test
    void reproducibleEqualsTheAvx2Path() throws Exception {
        Path repro = train("repro", null, "--reproducible"), avx2 = train("avx2", "-XX:UseAVX=2");
        for (String f : new String[] {"model.safetensors", "optimizer.safetensors"})
            assertArrayEquals(Files.readAllBytes(avx2.resolve(f)), Files.readAllBytes(repro.resolve(f)), f);
    }
}
