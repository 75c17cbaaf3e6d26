// C = alpha op(A) op(B) + beta C, row-major, any transposition: a work-group computes a TSM x TSN tile of C,
// staging TSK-deep slices of op(A) and op(B) in local memory; each work-item keeps a WPTM x WPTN register tile
// whose rows and columns are RTSM and RTSN apart, so neighbouring work-items write neighbouring elements of C.
// Tile sizes are build-time defines (GemmTiles on the host). Edges are zero-padded in local memory, so any shape
// works. Slices are loaded along the contiguous dimension of A or B, whichever its transposition makes it.
// Local size: (RTSN, RTSM); global: (ceil(N / TSN) RTSN, ceil(M / TSM) RTSM).

#define RTSM (TSM / WPTM)
#define RTSN (TSN / WPTN)
#define THREADS (RTSM * RTSN)

__kernel __attribute__((reqd_work_group_size(RTSN, RTSM, 1)))
void gemm(int M, int N, int K, float alpha, __global const float *A, int lda, int transA,
          __global const float *B, int ldb, int transB, float beta, __global float *C, int ldc) {
    const int tn = get_local_id(0), tm = get_local_id(1), tid = tm * RTSN + tn;
    const int n0 = get_group_id(0) * TSN, m0 = get_group_id(1) * TSM;
    // One column of padding: the stores of a slice walk down a column without bank conflicts.
    __local float As[TSK][TSM + 1];
    __local float Bs[TSK][TSN + 1];
    float acc[WPTM][WPTN];
    for (int i = 0; i < WPTM; i++)
        for (int j = 0; j < WPTN; j++) acc[i][j] = 0.0f;

    for (int k0 = 0; k0 < K; k0 += TSK) {
        for (int l = tid; l < TSK * TSM; l += THREADS) {
            int kk = transA ? l / TSM : l % TSK, mm = transA ? l % TSM : l / TSK;
            int m = m0 + mm, k = k0 + kk;
            As[kk][mm] = m < M && k < K ? (transA ? A[k * lda + m] : A[m * lda + k]) : 0.0f;
        }
        for (int l = tid; l < TSK * TSN; l += THREADS) {
            int kk = transB ? l % TSK : l / TSN, nn = transB ? l / TSK : l % TSN;
            int n = n0 + nn, k = k0 + kk;
            Bs[kk][nn] = n < N && k < K ? (transB ? B[n * ldb + k] : B[k * ldb + n]) : 0.0f;
        }
        barrier(CLK_LOCAL_MEM_FENCE);
        for (int kk = 0; kk < TSK; kk++) {
            float a[WPTM], b[WPTN];
            for (int i = 0; i < WPTM; i++) a[i] = As[kk][tm + i * RTSM];
            for (int j = 0; j < WPTN; j++) b[j] = Bs[kk][tn + j * RTSN];
            for (int i = 0; i < WPTM; i++)
                for (int j = 0; j < WPTN; j++) acc[i][j] = fma(a[i], b[j], acc[i][j]);
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }

    for (int i = 0; i < WPTM; i++) {
        int m = m0 + tm + i * RTSM;
        if (m >= M) continue;
        for (int j = 0; j < WPTN; j++) {
            int n = n0 + tn + j * RTSN;
            if (n >= N) continue;
            float c = alpha * acc[i][j];
            C[m * ldc + n] = beta == 0.0f ? c : c + beta * C[m * ldc + n];
        }
    }
}
