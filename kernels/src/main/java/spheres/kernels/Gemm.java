package spheres.kernels;

/**
 * Single-precision general matrix multiply on row-major arrays:
 * {@code C = alpha * op(A) * op(B) + beta * C}, with {@code op(A)} of shape {@code m x k} and {@code op(B)} of
 * shape {@code k x n}. {@code transA} means A is stored {@code k x m} (leading dimension {@code lda >= m});
 * likewise for B. {@code beta == 0} overwrites C (NaNs in C are not propagated), as BLAS does.
 */
public final class Gemm {
    private Gemm() {}

    /** Per-thread scratch for packed panels; reuse one per thread so that calls never allocate. */
    public static final class Workspace {
        public Workspace() {}
    }

    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc, Workspace ws) {
        if (Simd.ENABLED) gemmSimd(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, ws);
        else gemmScalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** The reference: a plain triple loop, accumulating each element over k in order. */
    public static void gemmScalar(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                  float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                float s = 0f;
                for (int p = 0; p < k; p++) {
                    float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    float bv = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += av * bv;
                }
                int ci = cOff + i * ldc + j;
                c[ci] = beta == 0f ? alpha * s : alpha * s + beta * c[ci];
            }
        }
    }

    public static void gemmSimd(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                float beta, float[] c, int cOff, int ldc, Workspace ws) {
        gemmScalar(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }
}
