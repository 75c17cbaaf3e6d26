package spheres.opencl;

import static org.jocl.CL.CL_DEVICE_GLOBAL_MEM_SIZE;
import static org.jocl.CL.CL_DEVICE_MAX_COMPUTE_UNITS;
import static org.jocl.CL.CL_DEVICE_NAME;
import static org.jocl.CL.CL_DEVICE_TYPE_ALL;
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
 * Device discovery through JOCL: which OpenCL platforms and devices this machine has. Where no OpenCL library is
 * installed, {@link #list()} says so in its answer instead of failing, so callers can fall back to the CPU.
 */
public final class OpenClDevices {
    private OpenClDevices() {}

    /** One OpenCL device, as the platform reports it. */
    public record Device(String platform, String name, int computeUnits, long globalMemBytes) {
        @Override
        public String toString() {
            return name + " (" + platform + ", " + computeUnits + " compute units, " + (globalMemBytes >> 20) + " MiB)";
        }
    }

    /** The result of looking: the devices found, or why there are none. */
    public record Listing(List<Device> devices, String problem) {}

    public static Listing list() {
        try {
            CL.setExceptionsEnabled(true);
            int[] count = new int[1];
            clGetPlatformIDs(0, null, count);
            if (count[0] == 0) return new Listing(List.of(), "no OpenCL platform installed");
            cl_platform_id[] platforms = new cl_platform_id[count[0]];
            clGetPlatformIDs(platforms.length, platforms, null);
            List<Device> out = new ArrayList<>();
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
                for (cl_device_id d : ds)
                    out.add(new Device(pname, deviceString(d, CL_DEVICE_NAME), deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS),
                            deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE)));
            }
            return new Listing(out, out.isEmpty() ? "OpenCL platforms found but no device" : null);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            return new Listing(List.of(), "OpenCL not usable: " + why);
        }
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

    private static String cString(byte[] buf) {
        int n = 0;
        while (n < buf.length && buf[n] != 0) n++;
        return new String(buf, 0, n, StandardCharsets.US_ASCII).trim();
    }
}
