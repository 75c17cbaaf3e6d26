// Elementwise ops, bias and sums, the quadratic readout, BCE and Adam. Each mirrors its spheres.kernels twin's
// float operations; column and row sums run one work-item per column or row, adding in index order as the
// scalar twins do, so no result depends on the work-group size. Every kernel is 1-D over n items (elements,
// rows or columns) with the global size rounded up to whole work-groups; GUARD drops the work-items past n.

__kernel void fill(int n, float value, __global float *x) {
    GUARD(n);
    x[i] = value;
}

__kernel void axpy(int n, float alpha, __global const float *x, __global float *y) {
    GUARD(n);
    y[i] += alpha * x[i];
}

__kernel void relu_forward(int n, __global const float *x, __global float *y) {
    GUARD(n);
    y[i] = fmax(x[i], 0.0f);
}

__kernel void relu_backward(int n, __global const float *x, __global const float *dy, __global float *dx) {
    GUARD(n);
    dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

__kernel void square_forward(int n, __global const float *x, __global float *y) {
    GUARD(n);
    float v = x[i];
    y[i] = v * v;
}

__kernel void square_backward(int n, __global const float *x, __global const float *dy, __global float *dx) {
    GUARD(n);
    dx[i] = 2.0f * x[i] * dy[i];
}

__kernel void add_bias(int n, int cols, __global float *x, __global const float *bias) {
    GUARD(n);
    x[i] += bias[i % cols];
}

__kernel void column_sums(int rows, int cols, float beta, __global const float *x, __global float *out) {
    int c = get_global_id(0);
    if (c >= cols) return;
    float s = 0.0f;
    for (int r = 0; r < rows; r++) s += x[r * cols + c];
    out[c] = beta == 0.0f ? s : beta * out[c] + s;
}

__kernel void row_sums(int rows, int cols, __global const float *x, __global float *out) {
    int r = get_global_id(0);
    if (r >= rows) return;
    float s = 0.0f;
    for (int c = 0; c < cols; c++) s += x[r * cols + c];
    out[r] = s;
}

__kernel void quad_readout_forward(int rows, int cols, __global const float *h, __global const float *w,
                                   __global const float *b, __global float *s, __global float *logit) {
    int r = get_global_id(0);
    if (r >= rows) return;
    float sum = 0.0f;
    for (int c = 0; c < cols; c++) sum += h[r * cols + c];
    s[r] = sum;
    logit[r] = w[0] * sum + b[0];
}

// One work-item: dw = sum dlogit s and db = sum dlogit, in row order (batches of tens of rows).
__kernel void quad_readout_params(int rows, __global const float *dlogit, __global const float *s,
                                  __global float *dw, __global float *db) {
    if (get_global_id(0) != 0) return;
    float sw = 0.0f, sb = 0.0f;
    for (int r = 0; r < rows; r++) {
        sw = fma(dlogit[r], s[r], sw);
        sb += dlogit[r];
    }
    dw[0] = sw;
    db[0] = sb;
}

__kernel void quad_readout_input(int n, int cols, __global const float *dlogit, __global const float *w,
                                 __global float *dh) {
    GUARD(n);
    dh[i] = w[0] * dlogit[i / cols];
}

// Per-element loss terms (summed by sum_terms, so only the loss crosses back) and the gradient (spheres.kernels.Bce).
__kernel void bce_with_logits(int n, float scale, int withGrad, __global const float *logits, __global const float *labels,
                              __global float *loss, __global float *grad) {
    GUARD(n);
    float x = logits[i], y = labels[i];
    float e = exp(-fabs(x));
    loss[i] = fmax(x, 0.0f) - x * y + log1p(e);
    if (withGrad) {
        float q = e / (1.0f + e);
        grad[i] = (x >= 0.0f ? (1.0f - y) - q : q - y) * scale;
    }
}

// The sum of x[0 .. n) as a float-float pair (hi, lo) in out[0], out[1]: the CPU twin sums the loss terms in
// double, and a plain float sum of 10^4 terms would be off by 1e-6 relative; float-float keeps about 44 bits on
// every device, with or without fp64. One work-group of SUM_ITEMS: each work-item adds a strided slice, then a
// tree joins the pairs. Two-sum (Knuth) is exact without contraction (common.cl turns it off).
#define SUM_ITEMS 64

float2 two_sum(float a, float b) {
    float s = a + b, bb = s - a;
    return (float2) (s, (a - (s - bb)) + (b - bb));
}

// (a.x + a.y) + (b.x + b.y), renormalised so that |lo| <= ulp(hi) / 2.
float2 add_ff(float2 a, float2 b) {
    float2 s = two_sum(a.x, b.x);
    float lo = s.y + (a.y + b.y), hi = s.x + lo;
    return (float2) (hi, lo - (hi - s.x));
}

__kernel __attribute__((reqd_work_group_size(SUM_ITEMS, 1, 1)))
void sum_terms(int n, __global const float *x, __global float *out) {
    __local float2 part[SUM_ITEMS];
    int t = get_local_id(0);
    float2 acc = (float2) (0.0f, 0.0f);
    for (int i = t; i < n; i += SUM_ITEMS) acc = add_ff(acc, (float2) (x[i], 0.0f));
    part[t] = acc;
    for (int w = SUM_ITEMS / 2; w > 0; w /= 2) {
        barrier(CLK_LOCAL_MEM_FENCE);
        if (t < w) part[t] = add_ff(part[t], part[t + w]);
    }
    if (t == 0) {
        out[0] = part[0].x;
        out[1] = part[0].y;
    }
}

// spheres.kernels.Adam: stepSize = lr / (1 - b1^t) and ib2 = 1 / sqrt(1 - b2^t) come from the host, in double.
__kernel void adam_step(int n, float stepSize, float ib2, float beta1, float beta2, float eps, __global float *p,
                        __global const float *g, __global float *m, __global float *v) {
    GUARD(n);
    float c1 = 1.0f - beta1, c2 = 1.0f - beta2;
    float gi = g[i];
    float mi = beta1 * m[i] + c1 * gi;
    float vi = beta2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    p[i] -= stepSize * mi / (sqrt(vi) * ib2 + eps);
}
