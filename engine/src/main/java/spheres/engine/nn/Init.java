package spheres.engine.nn;

import spheres.engine.Tensor;
import spheres.kernels.Gaussian;
import spheres.kernels.Uniform;

/**
 * Weight initialisation, drawn on the host from the counter-based generator and uploaded, so every backend starts
 * from the same bits. Each tensor draws from its own stream of the model seed.
 */
public final class Init {
    /** Streams at and above this number are reserved for initialisation; data streams stay below. */
    public static final long STREAM_BASE = 1L << 40;

    private Init() {}

    /** He (Kaiming) uniform for a {@code [out, in]} weight: {@code U(-sqrt(6/in), sqrt(6/in))}. */
    public static void heUniform(Tensor w, long seed, long stream) {
        float bound = (float) Math.sqrt(6.0 / w.cols);
        float[] u = new float[w.size()];
        Uniform.fill(seed, STREAM_BASE + stream, 0, u.length, u, 0);
        for (int i = 0; i < u.length; i++) u[i] = (2f * u[i] - 1f) * bound;
        w.backend().write(u, w);
    }

    /** {@code N(0, std^2)}. */
    public static void normal(Tensor w, float std, long seed, long stream) {
        float[] z = new float[w.size()];
        Gaussian.fill(seed, STREAM_BASE + stream, 0, z.length, z, 0);
        for (int i = 0; i < z.length; i++) z[i] *= std;
        w.backend().write(z, w);
    }

    public static void constant(Tensor w, float value) {
        w.backend().fill(w, value);
    }
}
