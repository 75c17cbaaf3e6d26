package spheres.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import spheres.opencl.GemmTiles;
import spheres.opencl.OpenClDevices;

/** {@code --device} on the workflow commands, and {@code spheres devices}: what a user sees, and the exit codes. */
class DeviceOptionTest {
    @TempDir
    Path dir;

    private final StringBuilder out = new StringBuilder(), err = new StringBuilder();

    private int run(String... args) {
        return CliRun.run(err, out, args);
    }


    private static OpenClDevices.Listing openCl() {
        OpenClDevices.Listing l = OpenClDevices.list();
        if (l.devices().isEmpty() && !"1".equals(System.getenv("SPHERES_REQUIRE_OPENCL")))
            Assumptions.abort("no OpenCL device: " + l.problem());
        return l;
    }

    @Test
    void devicesListsTheCpuAndEveryOpenClDevice() {
        assertEquals(0, run("devices"), err.toString());
        assertTrue(out.toString().startsWith("cpu "), out.toString());
        OpenClDevices.Listing l = OpenClDevices.list();
        for (OpenClDevices.Device d : l.devices())
            assertTrue(out.toString().contains("opencl:" + d.index() + "  " + d.name()) && out.toString().contains(
                    "gemm tiles " + GemmTiles.defaultFor(d)), out.toString());
        if (l.devices().isEmpty()) assertTrue(out.toString().contains("apt-get install pocl-opencl-icd"), out.toString());
    }

    @Test
    void unknownDevicesAndUnitsAreOneLineAndExitCode3() {
        assertEquals(3, run("train", "--device", "gpu", "--out", dir.resolve("a").toString()));
        assertEquals("spheres: device 'gpu': not one of [cpu, opencl] (a provider's devices as NAME:N)", err.toString().strip());
        assertFalse(Files.exists(dir.resolve("a")), "nothing written for a refused device");
        int n = openCl().devices().size();
        err.setLength(0);
        assertEquals(3, run("eval", "--device", "opencl:" + n, dir.toString()));
        assertTrue(err.toString().strip().startsWith("spheres: "), err.toString());
    }

    @Test
    void autoTakesAGpuOrSaysItFallsBackToTheCpu() throws Exception {
        boolean gpu = OpenClDevices.list().devices().stream().anyMatch(OpenClDevices.Device::isGpu);
        Path run = dir.resolve("auto");
        assertEquals(0, run("train", "--device", "auto", "--dim", "4", "--width", "8", "--steps", "5", "--out", run.toString()),
                err.toString());
        String config = Files.readString(run.resolve("config.json"));
        assertEquals(gpu, config.contains("\"device\" : \"opencl:"), config);
        assertEquals(!gpu, err.toString().contains("--device auto: ") && err.toString().contains("running on the cpu backend"),
                err.toString());
    }

    /** The same model evaluated on the CPU and on OpenCL counts the same errors (the samples are the same bits). */
    @Test
    void trainOnOpenClThenEvaluateOnBoth() throws Exception {
        openCl();
        Path run = dir.resolve("cl");
        assertEquals(0, run("train", "--device", "opencl", "--dim", "8", "--width", "16", "--steps", "200", "--lr", "3e-3",
                "--out", run.toString()), err.toString());
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"device\" : \"opencl:"));
        assertEquals(0, run("eval", "--device", "opencl", run.toString(), "-n", "3000"), err.toString());
        String onDevice = Files.readString(run.resolve("eval.json"));
        assertEquals(0, run("eval", run.toString(), "-n", "3000", "--force"), err.toString());
        String onCpu = Files.readString(run.resolve("eval.json"));
        assertEquals(errors(onCpu), errors(onDevice));
    }

    /** The "errors" counts of an eval.json, inner then outer. */
    private static String errors(String json) {
        return json.replaceAll("(?s).*?\"errors\" : (\\d+).*?\"errors\" : (\\d+).*", "$1 $2");
    }

    @Test
    void validatePrintsTheLargestDifference() {
        openCl();
        assertEquals(0, run("devices", "--validate", "--device", "opencl"), err.toString());
        String line = out.toString().lines().filter(l -> l.startsWith("validate")).findFirst().orElse("");
        assertTrue(line.matches("validate    opencl:\\d+ .*: after 1 step, weights differ by at most .* logits by \\d\\.\\d\\de[-+]\\d\\d; .*"),
                out.toString());
        double logits = Double.parseDouble(line.replaceAll(".*logits by ([^;]+);.*", "$1"));
        assertTrue(logits < 1e-5, line);
    }
}
