package spheres.opencl;

import java.util.List;

/**
 * The tile sizes of the sgemm kernel ({@code gemm.cl}), build-time defines: a work-group computes a {@code tsm x tsn}
 * tile of C over {@code tsk}-deep slices, each work-item a {@code wptm x wptn} register tile. Chosen per device
 * type and limits ({@link #defaultFor}) and overridable with {@code -Dspheres.opencl.tiles=TSM,TSN,TSK,WPTM,WPTN}.
 */
public record GemmTiles(int tsm, int tsn, int tsk, int wptm, int wptn) {
    /** The system property that overrides the defaults. */
    public static final String PROPERTY = "spheres.opencl.tiles";

    /**
     * GPUs: 64 x 64 tiles of 256 work-items with 4 x 4 register tiles (enough independent fmas per work-item
     * to hide local-memory latency, small enough to keep many groups resident). CPUs (PoCL): 64 x 64 tiles of 64
     * work-items with 8 x 8 register tiles, the fastest of the few tried on PoCL (bench/RESULTS-opencl.md). Each
     * list goes on to smaller tiles, for devices whose work-group or local memory is too small for the first.
     */
    private static final List<GemmTiles> GPU = List.of(new GemmTiles(64, 64, 16, 4, 4), new GemmTiles(64, 64, 16, 8, 8),
            new GemmTiles(32, 32, 16, 4, 4), new GemmTiles(16, 16, 8, 4, 4), new GemmTiles(4, 4, 4, 1, 1));
    private static final List<GemmTiles> CPU = List.of(new GemmTiles(64, 64, 16, 8, 8), new GemmTiles(32, 32, 16, 4, 4),
            new GemmTiles(16, 16, 8, 4, 4), new GemmTiles(4, 4, 4, 1, 1));

    /**
     * The {@link #PROPERTY} override where set, else the first tiles of the device type's list that the device can
     * run ({@link #fits}).
     */
    public static GemmTiles defaultFor(OpenClDevices.Device device) {
        String override = System.getProperty(PROPERTY);
        if (override != null) return parse(override);
        List<GemmTiles> preferred = device.isGpu() ? GPU : CPU;
        for (GemmTiles t : preferred) if (t.fits(device)) return t;
        return preferred.get(preferred.size() - 1); // 16 work-items and 160 bytes: check() says why it does not fit
    }

    /** {@code TSM,TSN,TSK,WPTM,WPTN}; throws {@link IllegalArgumentException} naming the text and the rule. */
    public static GemmTiles parse(String text) {
        String[] parts = text.split(",");
        if (parts.length != 5) throw bad(text);
        int[] v = new int[5];
        try {
            for (int i = 0; i < 5; i++) v[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
            throw bad(text);
        }
        return new GemmTiles(v[0], v[1], v[2], v[3], v[4]);
    }

    private static IllegalArgumentException bad(String text) {
        return new IllegalArgumentException(PROPERTY + " = '" + text + "': expected TSM,TSN,TSK,WPTM,WPTN, e.g. 64,64,16,4,4");
    }

    public GemmTiles {
        if (tsm < 4 || tsn < 4 || tsk < 4 || wptm < 1 || wptn < 1 || tsm % wptm != 0 || tsn % wptn != 0
                || tsm % 4 != 0 || tsn % 4 != 0 || tsk % 4 != 0) // slices are loaded four floats at a time
            throw new IllegalArgumentException("gemm tiles " + tsm + "," + tsn + "," + tsk + "," + wptm + "," + wptn
                    + ": need TSM, TSN and TSK multiples of 4, WPTM dividing TSM and WPTN dividing TSN");
    }

    /** {@code TSM,TSN,TSK,WPTM,WPTN}: what {@link #PROPERTY} takes. */
    @Override
    public String toString() {
        return tsm + "," + tsn + "," + tsk + "," + wptm + "," + wptn;
    }

    /** Work-items per group: {@code (tsm / wptm) (tsn / wptn)}. */
    public int threads() {
        return tsm / wptm * (tsn / wptn);
    }

    /** Bytes of local memory a work-group uses: the two padded slices of gemm.cl. */
    long localBytes() {
        return 4L * tsk * (tsm + 1 + tsn + 1);
    }

    /** Whether the device's work-group size and local memory allow these tiles. */
    boolean fits(OpenClDevices.Device device) {
        return threads() <= device.maxWorkGroup() && localBytes() <= device.localMemBytes();
    }

    /** Throws where the device cannot run these tiles (work-group size or local memory). */
    void check(OpenClDevices.Device device) {
        if (!fits(device))
            throw new IllegalArgumentException("gemm tiles " + this + " need " + threads() + " work-items and " + localBytes()
                    + " bytes of local memory; " + device.name() + " allows " + device.maxWorkGroup() + " and "
                    + device.localMemBytes());
    }

    /** The build options that define the tiles for {@code gemm.cl}. */
    String defines() {
        return "-D TSM=" + tsm + " -D TSN=" + tsn + " -D TSK=" + tsk + " -D WPTM=" + wptm + " -D WPTN=" + wptn;
    }
}
