package spheres.kernels;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD switch and the vector species every kernel uses.
 *
 * <p>{@code -Dspheres.simd=false} (read once, at class load) routes every kernel to its scalar twin; the CLI's
 * {@code --no-simd} sets the same property before any kernel loads. Both are constants so that the JIT folds the
 * branch away in the hot path.
 */
public final class Simd {
    /** True unless the system property {@code spheres.simd} is {@code false}. */
    public static final boolean ENABLED = !"false".equalsIgnoreCase(System.getProperty("spheres.simd", "true"));

    /** The widest float species of this machine (16 lanes with AVX-512, 8 with AVX2). */
    public static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    /**
     * Vector registers this ISA gives the JIT: 32 with AVX-512 (and on AArch64), 16 with AVX2 or SSE. With
     * {@code -XX:UseAVX=2} an AVX-512 machine counts as AVX2: its preferred species is 256 bits, its registers 16.
     */
    public static int registers() {
        return F.vectorBitSize() >= 512 || "aarch64".equals(System.getProperty("os.arch")) ? 32 : 16;
    }

    /** Float lanes per vector, or 1 when SIMD is switched off. */
    public static int lanes() {
        return ENABLED ? F.length() : 1;
    }

    /**
     * Sum of the lanes of {@code v}, added in lane order 0..length-1. {@code reduceLanes(ADD)} leaves the order of a
     * floating-point reduction unspecified (it may differ between the interpreter, C2 and JDKs); this one is fixed.
     */
    static float sumLanesInOrder(FloatVector v) {
        float s = 0f;
        for (int j = 0; j < v.length(); j++) s += v.lane(j);
        return s;
    }

    private Simd() {}
}
