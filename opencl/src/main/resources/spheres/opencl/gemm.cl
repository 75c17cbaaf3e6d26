// C = alpha op(A) op(B) + beta C, row-major, any transposition: a work-group computes a TSM x TSN tile of C,
// staging TSK-deep slices of op(A) and op(B) in local memory; each work-item keeps a WPTM x WPTN register tile
// whose rows and columns are RTSM and RTSN apart, so neighbouring work-items write neighbouring elements of C.
// Tile sizes are build-time defines (GemmTiles on the host). Edges are zero-padded in local memory, so any shape
// works. Slices are loaded four floats at a time (vload4) along the contiguous dimension of A or B, whichever its
// transposition makes it, so neighbouring work-items read neighbouring 16-byte pieces.
// Local size: (RTSN, RTSM); global: (ceil(N / TSN) RTSN, ceil(M / TSM) RTSM). TSM, TSN and TSK are multiples of 4.

#define RTSM (TSM / WPTM)
#define RTSN (TSN / WPTN)
#define THREADS (RTSM * RTSN)

// Elements (r, c .. c+3) of a row-major rows x cols matrix p with leading dimension ld, zero past its edges.
float4 load4(__global const float *p, int ld, int rows, int cols, int r, int c) {
    if (r >= rows) return (float4) (0.0f);
    __global const float *q = p + r * ld + c;
    if (c + 3 < cols) return vload4(0, q);
    return (float4) (c < cols ? q[0] : 0.0f, c + 1 < cols ? q[1] : 0.0f, c + 2 < cols ? q[2] : 0.0f, 0.0f);
}

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
        for (int l = tid; l < TSK * TSM / 4; l += THREADS) {
            if (transA) { // A is K x M: four consecutive m of row k
                int kk = l / (TSM / 4), mm = l % (TSM / 4) * 4;
                float4 v = load4(A, lda, K, M, k0 + kk, m0 + mm);
                As[kk][mm] = v.x; As[kk][mm + 1] = v.y; As[kk][mm + 2] = v.z; As[kk][mm + 3] = v.w;
            } else {      // A is M x K: four consecutive k of row m
                int mm = l / (TSK / 4), kk = l % (TSK / 4) * 4;
                float4 v = load4(A, lda, M, K, m0 + mm, k0 + kk);
                As[kk][mm] = v.x; As[kk + 1][mm] = v.y; As[kk + 2][mm] = v.z; As[kk + 3][mm] = v.w;
            }
        }
        for (int l = tid; l < TSK * TSN / 4; l += THREADS) {
            if (transB) { // B is N x K: four consecutive k of row n
                int nn = l / (TSK / 4), kk = l % (TSK / 4) * 4;
                float4 v = load4(B, ldb, N, K, n0 + nn, k0 + kk);
                Bs[kk][nn] = v.x; Bs[kk + 1][nn] = v.y; Bs[kk + 2][nn] = v.z; Bs[kk + 3][nn] = v.w;
            } else {      // B is K x N: four consecutive n of row k
                int kk = l / (TSN / 4), nn = l % (TSN / 4) * 4;
                float4 v = load4(B, ldb, K, N, k0 + kk, n0 + nn);
                Bs[kk][nn] = v.x; Bs[kk][nn + 1] = v.y; Bs[kk][nn + 2] = v.z; Bs[kk][nn + 3] = v.w;
            }
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
