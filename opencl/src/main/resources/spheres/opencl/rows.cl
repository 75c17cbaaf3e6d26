// Row norms and the projection of rows onto spheres, one work-item per row; row copies (gather, scatter, select by
// a mask), one work-item per element. The sum of squares repeats the CPU
// backend's order exactly (spheres.kernels.RowNorms): with SIMD on (LANES > 0, the host's float lanes), two
// lane-parallel fma accumulators over the full double vectors, one more vector step, the lanes of their sum added
// in order, then the tail with fma; with SIMD off (LANES == 0), a plain sequential sum. So the spheres data and
// every projection are the same bits as on the CPU of the host that built the program.

float sum_squares(__global const float *x, int cols) {
#if LANES > 0
    float a0[LANES], a1[LANES];
    for (int l = 0; l < LANES; l++) a0[l] = a1[l] = 0.0f;
    int bound = cols - cols % LANES, bound2 = cols - cols % (2 * LANES), c = 0;
    for (; c < bound2; c += 2 * LANES)
        for (int l = 0; l < LANES; l++) {
            a0[l] = fma(x[c + l], x[c + l], a0[l]);
            a1[l] = fma(x[c + LANES + l], x[c + LANES + l], a1[l]);
        }
    for (; c < bound; c += LANES)
        for (int l = 0; l < LANES; l++) a0[l] = fma(x[c + l], x[c + l], a0[l]);
    float s = 0.0f;
    for (int l = 0; l < LANES; l++) s += a0[l] + a1[l];
    for (; c < cols; c++) s = fma(x[c], x[c], s);
    return s;
#else
    float s = 0.0f;
    for (int c = 0; c < cols; c++) s += x[c] * x[c];
    return s;
#endif
}

void rescale_row(__global float *x, int cols, float target) {
    float s = sum_squares(x, cols);
    float k = s > 0.0f ? target / sqrt(s) : 0.0f;
    for (int c = 0; c < cols; c++) x[c] *= k;
}

__kernel void row_norms(int rows, int cols, __global const float *x, __global float *out) {
    int r = get_global_id(0);
    if (r >= rows) return;
    out[r] = sqrt(sum_squares(x + r * cols, cols));
}

__kernel void rescale_rows(int rows, int cols, __global float *x, __global const float *norms) {
    int r = get_global_id(0);
    if (r >= rows) return;
    rescale_row(x + r * cols, cols, norms[r]);
}

// dst row to[j] = src row from[j], for j < n rows of cols floats.
__kernel void copy_rows(int n, int cols, __global const float *src, __global const int *from, __global float *dst,
                        __global const int *to) {
    GUARD(n * cols);
    int j = i / cols, c = i - j * cols;
    dst[to[j] * cols + c] = src[from[j] * cols + c];
}

// out row r = mask[r] > 0 ? a row r : b row r (a NaN mask picks b); out may be a or b.
__kernel void select_rows(int n, int cols, __global const float *mask, __global const float *a, __global const float *b,
                          __global float *out) {
    GUARD(n);
    out[i] = mask[i / cols] > 0.0f ? a[i] : b[i];
}
