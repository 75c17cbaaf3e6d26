package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * A machine without OpenCL, on any machine: the CLI in a child JVM whose ICD loader is pointed at an empty vendors
 * folder (ocl-icd and the Khronos loader both read OCL_ICD_VENDORS), so it finds no platform, as where no driver is
 * installed. Listing says why and what to install; {@code --device auto} runs on the CPU after one line; an explicit {@code --device opencl} is one line and exit code
 * {@link ExitCodes#NO_DEVICE}, with nothing written.
 */
class NoOpenClTest {
    @TempDir
    Path dir;

    private record Result(int code, String out, String err) {}

    private Result spheres(String... args) throws IOException, InterruptedException {
        Path vendors = Files.createDirectories(dir.resolve("no-vendors"));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Dspheres.tuning=off", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OCL_ICD_VENDORS", vendors.toString());
        pb.environment().put("OPENCL_VENDOR_PATH", vendors.toString());
        Path out = dir.resolve("stdout"), err = dir.resolve("stderr");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the child JVM did not end");
        // The JVM's own warnings (incubator modules; on JDK 24+ JOCL's System.load, then a blank line) are not the CLI's.
        String e = Files.readString(err).lines().filter(l -> !l.startsWith("WARNING: ") && !l.isBlank()).reduce("", (a, b) -> a + b + "\n");
        return new Result(p.exitValue(), Files.readString(out), e);
    }

    @Test
    void devicesSaysWhyAndWhatToInstall() throws Exception {
        Result r = spheres("devices");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        assertTrue(r.out().startsWith("cpu "), r.out());
        String line = r.out().lines().filter(l -> l.startsWith("OpenCL")).findFirst().orElse("");
        assertTrue(line.contains("OpenCL not usable") && line.contains("apt-get install pocl-opencl-icd ocl-icd-opencl-dev"), r.out());
    }

    @Test
    void anExplicitOpenClDeviceIsExitCode4WithTheHint() throws Exception {
        Path run = dir.resolve("run");
        Result r = spheres("train", "--device", "opencl", "--dim", "4", "--width", "8", "--steps", "5", "--out", run.toString());
        assertEquals(ExitCodes.NO_DEVICE, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("spheres: device 'opencl' is not usable here: OpenCL not usable")
                && r.err().contains("apt-get install pocl-opencl-icd ocl-icd-opencl-dev"), r.err());
        assertFalse(Files.exists(run), "nothing written for an unusable device");
    }

    @Test
    void autoFallsBackToTheCpuWithOneLine() throws Exception {
        Path run = dir.resolve("auto");
        Result r = spheres("train", "--device", "auto", "--dim", "4", "--width", "8", "--steps", "5", "--out", run.toString());
        assertEquals(ExitCodes.OK, r.code(), r.err());
        List<String> why = r.err().lines().filter(l -> l.contains("--device auto")).toList();
        assertEquals(1, why.size(), r.err());
        assertTrue(why.get(0).startsWith("spheres: --device auto: OpenCL not usable") && why.get(0).endsWith("running on the cpu backend"),
                why.get(0));
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"device\" : \"cpu"), "config.json names the cpu backend");
    }
}
