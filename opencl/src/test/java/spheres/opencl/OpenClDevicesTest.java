package spheres.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** How devices are named and listed, without a driver: the listing of {@code spheres devices} and {@code --device}'s names. */
class OpenClDevicesTest {
    private static OpenClDevices.Device device(int index, String type) {
        return new OpenClDevices.Device(index, "test", "test " + type, type, 8, 1L << 30, 64 << 10, 256, true);
    }

    @Test
    void aListingNamesEveryDeviceAsDeviceTakesIt() {
        OpenClDevices.Listing l = new OpenClDevices.Listing(List.of(device(0, "CPU"), device(1, "GPU")), null);
        assertEquals(List.of("opencl:0", "opencl:1"), l.ids());
        assertEquals(2, l.lines().size());
        assertTrue(l.lines().get(1).startsWith("opencl:1  test GPU (test, GPU, 8 compute units, 1024 MiB"), l.lines().get(1));
    }

    @Test
    void anEmptyListingSaysWhyAndWhatToInstall() {
        OpenClDevices.Listing l = new OpenClDevices.Listing(List.of(), "no OpenCL platform");
        assertEquals(List.of(), l.ids());
        assertEquals(List.of("no OpenCL platform; " + OpenClDevices.HINT), l.lines());
    }
}
