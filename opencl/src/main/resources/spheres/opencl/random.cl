// Philox4x32-10, Gaussians, uniforms and the spheres data: the same bits as spheres.kernels.Philox, Gaussian and
// Uniform, operation for operation (see their headers). Draw i of stream s under seed is word i % 4 of the block
// with key (seed lo, seed hi) and counter (b lo, b hi, s lo, s hi), b = i / 4. Built without contraction
// (FP_CONTRACT OFF in common.cl) and with correctly rounded sqrt, as the Java twins round.

#define PHILOX_M0 0xD2511F53u
#define PHILOX_M1 0xCD9E8D57u
#define PHILOX_W0 0x9E3779B9u
#define PHILOX_W1 0xBB67AE85u

uint4 philox_block(ulong seed, ulong stream, ulong b) {
    uint c0 = (uint) b, c1 = (uint) (b >> 32), c2 = (uint) stream, c3 = (uint) (stream >> 32);
    uint k0 = (uint) seed, k1 = (uint) (seed >> 32);
    for (int r = 0; r < 10; r++) {
        uint hi0 = mul_hi(c0, PHILOX_M0), lo0 = c0 * PHILOX_M0;
        uint hi1 = mul_hi(c2, PHILOX_M1), lo1 = c2 * PHILOX_M1;
        uint n0 = hi1 ^ c1 ^ k0, n2 = hi0 ^ c3 ^ k1;
        c1 = lo1;
        c3 = lo0;
        c0 = n0;
        c2 = n2;
        k0 += PHILOX_W0;
        k1 += PHILOX_W1;
    }
    return (uint4) (c0, c1, c2, c3);
}

float unit_uniform(uint x) {
    return (float) (x >> 8) * 0x1p-24f;
}

// ln(j 2^-24) for odd j in [1, 2^24): Gaussian.lnOpen.
float ln_open(uint j) {
    int bits = as_int((float) j);
    float e = (float) ((bits >> 23) - 150);
    float m = as_float((bits & 0x007FFFFF) | 0x3F000000);
    if (m < 0x1.6a09e6p-1f) {
        e -= 1.0f;
        m = m + m - 1.0f;
    } else {
        m = m - 1.0f;
    }
    float z = m * m;
    float y = 7.0376836292E-2f;
    y = fma(y, m, -1.1514610310E-1f);
    y = fma(y, m, 1.1676998740E-1f);
    y = fma(y, m, -1.2420140846E-1f);
    y = fma(y, m, 1.4249322787E-1f);
    y = fma(y, m, -1.6668057665E-1f);
    y = fma(y, m, 2.0000714765E-1f);
    y = fma(y, m, -2.4999993993E-1f);
    y = fma(y, m, 3.3333331174E-1f);
    y = y * m * z;
    y = fma(e, -2.12194440e-4f, y);
    y = fma(z, -0.5f, y);
    return fma(e, 0.693359375f, m + y);
}

float gauss_radius(uint x) {
    return sqrt(-2.0f * ln_open((x >> 8) | 1u));
}

// cos(2 pi u(x)): Gaussian.cosTurn, with the floats of its S and C coefficients written in hex.
float cos_turn(uint x) {
    int j = (int) ((x >> 8) | 1u), q = (j + (1 << 21)) >> 22;
    float f = (float) (j - (q << 22)) * 0x1p-22f, w = f * f;
    float r;
    if (q & 1) {
        float p = 0x1.507834p-13f;
        p = fma(p, w, -0x1.32d2ccp-8f);
        p = fma(p, w, 0x1.466bc6p-4f);
        p = fma(p, w, -0x1.4abbcep-1f);
        p = fma(p, w, 0x1.921fb6p0f);
        r = f * p;
    } else {
        float p = -0x1.a6d1f2p-16f;
        p = fma(p, w, 0x1.e1f506p-11f);
        p = fma(p, w, -0x1.55d3c8p-6f);
        p = fma(p, w, 0x1.03c1fp-2f);
        p = fma(p, w, -0x1.3bd3ccp0f);
        r = fma(p, w, 1.0f);
    }
    return as_float(as_uint(r) ^ ((uint) ((q + 1) & 2) << 30));
}

float sin_turn(uint x) {
    return cos_turn(x - 0x40000000u);
}

// Gaussian draws 4b .. 4b+3 of a block: Box-Muller on (x0, x1) and (x2, x3).
float4 gauss_block(ulong seed, ulong stream, ulong b) {
    uint4 w = philox_block(seed, stream, b);
    float r0 = gauss_radius(w.x), r1 = gauss_radius(w.z);
    return (float4) (r0 * cos_turn(w.y), r0 * sin_turn(w.y), r1 * cos_turn(w.w), r1 * sin_turn(w.w));
}

// One work-item per Philox block overlapping draws first .. first+n-1; asUniform != 0 turns words into uniforms.
__kernel void draws(int blocks, ulong seed, ulong stream, ulong first, int n, int asUniform, __global float *out) {
    GUARD(blocks);
    ulong b = (first >> 2) + i;
    float4 v;
    if (asUniform) {
        uint4 w = philox_block(seed, stream, b);
        v = (float4) (unit_uniform(w.x), unit_uniform(w.y), unit_uniform(w.z), unit_uniform(w.w));
    } else {
        v = gauss_block(seed, stream, b);
    }
    float lane[4] = {v.x, v.y, v.z, v.w};
    for (int l = 0; l < 4; l++) {
        ulong k = 4 * b + l;
        if (k >= first && k < first + (ulong) n) out[k - first] = lane[l];
    }
}

// The directions of the spheres data: row r of x gets Gaussians s d .. s d + d - 1 of stream gstream, s being
// first + r or index[r]; work-item (r, j), j < perRow, computes block j of those that overlap the row.
__kernel void sphere_directions(int rows, int perRow, ulong seed, ulong gstream, ulong first,
                                __global const long *index, int useIndex, int d, __global float *x) {
    GUARD(rows * perRow);
    int r = i / perRow;
    ulong s = useIndex ? (ulong) index[r] : first + r;
    ulong base = s * d, b = (base >> 2) + i % perRow;
    if (4 * b >= base + d) return;
    float4 v = gauss_block(seed, gstream, b);
    float lane[4] = {v.x, v.y, v.z, v.w};
    for (int l = 0; l < 4; l++) {
        ulong k = 4 * b + l;
        if (k >= base && k < base + d) x[r * d + (int) (k - base)] = lane[l];
    }
}

// Labels and radii: outer when the uniform's 24 bits j satisfy j 2^-24 < pOuter, i.e. j < threshold (computed
// exactly on the host), then each row rescaled onto its sphere as RowNorms.rescale does.
__kernel void sphere_radii(int rows, ulong seed, ulong ustream, ulong first, __global const long *index, int useIndex,
                           uint threshold, float inner, float outer, int d, __global float *x,
                           __global float *labels, int withLabels) {
    int r = get_global_id(0);
    if (r >= rows) return;
    ulong s = useIndex ? (ulong) index[r] : first + r;
    uint4 w = philox_block(seed, ustream, s >> 2);
    uint word = (s & 3) == 0 ? w.x : (s & 3) == 1 ? w.y : (s & 3) == 2 ? w.z : w.w;
    int isOuter = (word >> 8) < threshold;
    if (withLabels) labels[r] = isOuter ? 1.0f : 0.0f;
    rescale_row(x + r * d, d, isOuter ? outer : inner);
}
