package spheres.opencl;

import static org.jocl.CL.CL_PROGRAM_BUILD_LOG;
import static org.jocl.CL.clBuildProgram;
import static org.jocl.CL.clCreateContext;
import static org.jocl.CL.clCreateProgramWithSource;
import static org.jocl.CL.clGetProgramBuildInfo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_program;
import spheres.kernels.Simd;

/**
 * A device's context and the spheres kernels built for it, once per JVM: building takes seconds (PoCL compiles
 * through LLVM), and tests and benchmarks open many backends on the same device. Backends share the context and
 * program and make their own queues and kernel objects, so they never share argument state.
 */
final class OpenClProgram {
    /** The {@code .cl} resources, in the order they are concatenated (later files call earlier ones). */
    private static final List<String> SOURCES = List.of("common.cl", "rows.cl", "random.cl", "elementwise.cl",
            "batchnorm.cl", "gemm.cl");
    private static final Map<String, OpenClProgram> BUILT = new HashMap<>();

    final OpenClDevices.Device device;
    final cl_device_id id;
    final cl_context context;
    final cl_program program;
    final GemmTiles tiles;

    private OpenClProgram(OpenClDevices.Found found, GemmTiles tiles, String options) {
        this.device = found.device();
        this.id = found.id();
        this.tiles = tiles;
        this.context = clCreateContext(null, 1, new cl_device_id[] {id}, null, null, null);
        this.program = clCreateProgramWithSource(context, 1, new String[] {source()}, null, null);
        try {
            clBuildProgram(program, 1, new cl_device_id[] {id}, options, null, null);
        } catch (CLException e) {
            throw new IllegalStateException("building the OpenCL kernels for " + device.name() + " failed: " + buildLog(), e);
        }
    }

    /** The program for this device and tiles, built on first use. */
    static synchronized OpenClProgram get(OpenClDevices.Found found, GemmTiles tiles) {
        tiles.check(found.device());
        String options = options(found.device(), tiles);
        return BUILT.computeIfAbsent(found.device().index() + " " + options, k -> new OpenClProgram(found, tiles, options));
    }

    /**
     * No fast-math; correctly rounded division and square root where the device offers them (the Java twins
     * round so); the host's SIMD lanes, whose summation order the row norms repeat (rows.cl).
     */
    private static String options(OpenClDevices.Device device, GemmTiles tiles) {
        return "-cl-std=CL1.2 " + tiles.defines() + " -D LANES=" + (Simd.ENABLED ? Simd.F.length() : 0)
                + (device.correctlyRoundedSqrt() ? " -cl-fp32-correctly-rounded-divide-sqrt" : "");
    }

    private static String source() {
        StringBuilder all = new StringBuilder();
        for (String name : SOURCES) {
            try (InputStream in = OpenClProgram.class.getResourceAsStream(name)) {
                if (in == null) throw new IllegalStateException("OpenCL source " + name + " missing from the jar");
                all.append("// ---- ").append(name).append(" ----\n");
                all.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
            } catch (IOException e) {
                throw new IllegalStateException("reading OpenCL source " + name + ": " + e.getMessage(), e);
            }
        }
        return all.toString();
    }

    private String buildLog() {
        long[] size = new long[1];
        clGetProgramBuildInfo(program, id, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] log = new byte[(int) size[0]];
        clGetProgramBuildInfo(program, id, CL_PROGRAM_BUILD_LOG, log.length, Pointer.to(log), null);
        return new String(log, StandardCharsets.UTF_8).trim();
    }
}
