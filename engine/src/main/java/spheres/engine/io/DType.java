package spheres.engine.io;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The element types the formats carry: the enum name is the safetensors spelling, {@link #npyDescr()} the numpy one.
 * All are little-endian on disk. BOOL is one byte, 0 or 1.
 */
public enum DType {
    F32(4, "<f4", "floats"),
    F64(8, "<f8", "doubles"),
    I64(8, "<i8", "longs"),
    U8(1, "|u1", "bytes"),
    BOOL(1, "|b1", "booleans");

    private final int byteSize;
    private final String npyDescr;
    private final String noun;

    DType(int byteSize, String npyDescr, String noun) {
        this.byteSize = byteSize;
        this.npyDescr = npyDescr;
        this.noun = noun;
    }

    public int byteSize() {
        return byteSize;
    }

    /** The numpy type string, e.g. {@code <f4}. */
    public String npyDescr() {
        return npyDescr;
    }

    /** The plural used in messages, e.g. "header says 5000 floats". */
    String noun() {
        return noun;
    }

    /** The dtype named {@code name} in a safetensors header, or null. */
    static DType ofSafeTensorsName(String name) {
        for (DType t : values()) if (t.name().equals(name)) return t;
        return null;
    }

    /** The dtype with numpy type string {@code descr}, or null. */
    static DType ofNpyDescr(String descr) {
        for (DType t : values()) if (t.npyDescr.equals(descr)) return t;
        return null;
    }

    static String acceptedNames() {
        return Arrays.stream(values()).map(Enum::name).collect(Collectors.joining(", "));
    }

    static String acceptedNpyDescrs() {
        return Arrays.stream(values()).map(DType::npyDescr).collect(Collectors.joining(", "));
    }
}
