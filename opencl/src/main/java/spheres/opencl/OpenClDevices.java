package spheres.opencl;

import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_LOCAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_MAX_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_SINGLE_FP_CONFIG;
import static org.jocl.CL.CL_DEVICE_TYPE;
import static org.jocl.CL.CL_DEVICE_TYPE_ACCELERATOR;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
import static org.jocl.CL.CL_DEVICE_TYPE_CPU;
import static org.jocl.CL.CL_DEVICE_TYPE_GPU;
import static org.jocl.CL.CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT;
import static org.jocl.CL.CL_PLATFORM_NAME;
import static org.jocl.CL.clGetDeviceIDs;
import static org.jocl.CL.clGetDeviceInfo;
import static org.jocl.CL.clGetPlatformIDs;
import static org.jocl.CL.clGetPlatformInfo;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_device_id;
import org.jocl.cl_platform_id;

/**
 * Device discovery through JOCL: which OpenCL platforms and devices this machine has, numbered in platform order
 * then device order (the N of {@code --device opencl:N}). Where no OpenCL library is installed, {@link #list()}
 * says so in its answer instead of failing, so callers can fall back to the CPU.
 */
public final class OpenClDevices {
    private OpenClDevices() {}

    /** What to install when there is no OpenCL: the end of every "not usable" message. */
    public static final String HINT = "install an OpenCL driver: apt-get install pocl-opencl-icd ocl-icd-opencl-dev "
            + "(a CPU device), or the GPU vendor's driver";

    /** One OpenCL device, as the platform reports it. */
    public record Device(int index, String platform, String name, String type, int computeUnits, long globalMemBytes,
                         long localMemBytes, long maxWorkGroup, boolean correctlyRoundedSqrt) {
        public boolean isGpu() {
            return type.equals("GPU");
        }

        /** How {@code --device} names it. */
        public String id() {
            return "opencl:" + index;
        }

        @Override
        public String toString() {
            return id() + "  " + name + " (" + platform + ", " + type + ", " + computeUnits + " compute units, "
                    + (globalMemBytes >> 20) + " MiB, max work-group " + maxWorkGroup + ")";
        }

        /** As {@link #toString}, with the local memory and the gemm tiles {@link GemmTiles#defaultFor} picks here. */
        public String details() {
            return this + ", local memory " + (localMemBytes >> 10) + " KiB, gemm tiles " + GemmTiles.defaultFor(this);
        }
    }

    /** The result of looking: the devices found, or why there are none. */
    public record Listing(List<Device> devices, String problem) {
        /** Every device's {@link Device#id}. */
        public List<String> ids() {
            return devices.stream().map(Device::id).toList();
        }

        /** One line per device ({@link Device#details}), or one saying why there is none and what to install. */
        public List<String> lines() {
            return devices.isEmpty() ? List.of(problem + "; " + HINT) : devices.stream().map(Device::details).toList();
        }
    }

    /** A device and its handle, for opening it. */
    record Found(Device device, cl_device_id id) {}

    public static Listing list() {
        try {
            List<Found> found = scan();
            List<Device> out = new ArrayList<>();
            for (Found f : found) out.add(f.device());
            return new Listing(out, out.isEmpty() ? "OpenCL platforms found but no device" : null);
        } catch (LinkageError | RuntimeException e) {
            // LinkageError: the first scan without a loadable OpenCL library fails in JOCL's static initialiser
            // (ExceptionInInitializerError around UnsatisfiedLinkError), every later one with NoClassDefFoundError.
            return new Listing(List.of(), problem(e.getCause() instanceof UnsatisfiedLinkError u ? u : e));
        }
    }

    /** One line for an exception of JOCL: its first line, or its class when it has no message. */
    static String problem(Throwable e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
        return "OpenCL not usable: " + why;
    }

    /** Every device of every platform; throws where OpenCL is missing (UnsatisfiedLinkError, CLException). */
    static List<Found> scan() {
        CL.setExceptionsEnabled(true);
        int[] count = new int[1];
        clGetPlatformIDs(0, null, count);
        List<Found> out = new ArrayList<>();
        if (count[0] == 0) return out;
        cl_platform_id[] platforms = new cl_platform_id[count[0]];
        clGetPlatformIDs(platforms.length, platforms, null);
        for (cl_platform_id p : platforms) {
            String pname = platformString(p, CL_PLATFORM_NAME);
            int[] n = new int[1];
            try {
                clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, 0, null, n);
            } catch (RuntimeException noDevice) {
                continue;
            }
            cl_device_id[] ds = new cl_device_id[n[0]];
            clGetDeviceIDs(p, CL_DEVICE_TYPE_ALL, ds.length, ds, null);
            for (cl_device_id d : ds) {
                long fp = deviceLong(d, CL_DEVICE_SINGLE_FP_CONFIG);
                out.add(new Found(new Device(out.size(), pname, deviceString(d, CL_DEVICE_NAME), type(deviceLong(d, CL_DEVICE_TYPE)),
                        deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS), deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE),
                        deviceLong(d, CL_DEVICE_LOCAL_MEM_SIZE), deviceSize(d, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                        (fp & CL_FP_CORRECTLY_ROUNDED_DIVIDE_SQRT) != 0), d));
            }
        }
        return out;
    }

    private static String type(long bits) {
        if ((bits & CL_DEVICE_TYPE_GPU) != 0) return "GPU";
        if ((bits & CL_DEVICE_TYPE_CPU) != 0) return "CPU";
        if ((bits & CL_DEVICE_TYPE_ACCELERATOR) != 0) return "accelerator";
        return "other";
    }

    private static String platformString(cl_platform_id p, int what) {
        long[] size = new long[1];
        clGetPlatformInfo(p, what, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, what, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static String deviceString(cl_device_id d, int what) {
        long[] size = new long[1];
        clGetDeviceInfo(d, what, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, what, buf.length, Pointer.to(buf), null);
        return cString(buf);
    }

    private static int deviceInt(cl_device_id d, int what) {
        int[] v = new int[1];
        clGetDeviceInfo(d, what, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceLong(cl_device_id d, int what) {
        long[] v = new long[1];
        clGetDeviceInfo(d, what, Sizeof.cl_ulong, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSize(cl_device_id d, int what) {
        long[] v = new long[1];
        clGetDeviceInfo(d, what, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.US_ASCII).trim();
    }
}
