package spheres.kernels;
// TEMPORARY local stand-in until the philox branch lands; never committed.
public final class Uniform {
    public static void fill(long seed, long stream, long first, int n, float[] out, int off) {
        for (int i = 0; i < n; i++) { java.util.SplittableRandom r = new java.util.SplittableRandom(seed * 31 + stream * 1000003L + first + i); out[off + i] = (float) r.nextDouble(); }
    }
}
