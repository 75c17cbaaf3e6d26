// The C yardsticks that `spheres bench` is checked against: single-precision FMA peak and memory bandwidth
// (STREAM copy and triad), per thread count, with the widest vectors this CPU has (AVX-512 where present, else
// AVX2) or the ones asked for. Written for spheres: `spheres bench` compiles and runs it beside its own yardsticks
// (CYardsticks), and bench/references.sh runs it by hand.
//
//   gcc -O3 -fopenmp -o /tmp/spheres-peak engine/src/main/resources/spheres/engine/profile/peak.c
//   /tmp/spheres-peak [threads=1] [avx512|avx2|auto=auto] [reps=7]
//
// Prints RESULT lines: fma_f32_gflops_t<T>, mem_copy_GBs_t<T>, mem_triad_GBs_t<T> (medians of reps), and isa=.
#include <immintrin.h>
#include <omp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n) {
    qsort(v, n, sizeof(double), cmp);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

// Independent chains c = c * m + a in named registers (an array would be kept in memory): a latency of 4 cycles on
// 2 ports needs 8 chains; AVX-512 gets 16 (32 zmm registers), AVX2 12 (16 ymm registers; Zen 1 needs only 5).
#define STEP(F, x) x = F(x, m, a)
__attribute__((target("avx512f"))) static float fma512(long iters, float seed) {
    __m512 m = _mm512_set1_ps(0.99999994f), a = _mm512_set1_ps(1e-7f);
    __m512 c0 = _mm512_set1_ps(seed), c1 = _mm512_set1_ps(seed + 1), c2 = _mm512_set1_ps(seed + 2), c3 = _mm512_set1_ps(seed + 3);
    __m512 c4 = _mm512_set1_ps(seed + 4), c5 = _mm512_set1_ps(seed + 5), c6 = _mm512_set1_ps(seed + 6), c7 = _mm512_set1_ps(seed + 7);
    __m512 c8 = _mm512_set1_ps(seed + 8), c9 = _mm512_set1_ps(seed + 9), c10 = _mm512_set1_ps(seed + 10), c11 = _mm512_set1_ps(seed + 11);
    __m512 c12 = _mm512_set1_ps(seed + 12), c13 = _mm512_set1_ps(seed + 13), c14 = _mm512_set1_ps(seed + 14), c15 = _mm512_set1_ps(seed + 15);
    for (long it = 0; it < iters; it++) {
        STEP(_mm512_fmadd_ps, c0); STEP(_mm512_fmadd_ps, c1); STEP(_mm512_fmadd_ps, c2); STEP(_mm512_fmadd_ps, c3);
        STEP(_mm512_fmadd_ps, c4); STEP(_mm512_fmadd_ps, c5); STEP(_mm512_fmadd_ps, c6); STEP(_mm512_fmadd_ps, c7);
        STEP(_mm512_fmadd_ps, c8); STEP(_mm512_fmadd_ps, c9); STEP(_mm512_fmadd_ps, c10); STEP(_mm512_fmadd_ps, c11);
        STEP(_mm512_fmadd_ps, c12); STEP(_mm512_fmadd_ps, c13); STEP(_mm512_fmadd_ps, c14); STEP(_mm512_fmadd_ps, c15);
        __asm__ volatile("" : "+v"(c0), "+v"(c1), "+v"(c2), "+v"(c3), "+v"(c4), "+v"(c5), "+v"(c6), "+v"(c7));
        __asm__ volatile("" : "+v"(c8), "+v"(c9), "+v"(c10), "+v"(c11), "+v"(c12), "+v"(c13), "+v"(c14), "+v"(c15));
    }
    __m512 s = _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(c0, c1), _mm512_add_ps(c2, c3)), _mm512_add_ps(_mm512_add_ps(c4, c5), _mm512_add_ps(c6, c7)));
    s = _mm512_add_ps(s, _mm512_add_ps(_mm512_add_ps(_mm512_add_ps(c8, c9), _mm512_add_ps(c10, c11)),
                                       _mm512_add_ps(_mm512_add_ps(c12, c13), _mm512_add_ps(c14, c15))));
    return _mm512_reduce_add_ps(s);
}

__attribute__((target("avx2,fma"))) static float fma256(long iters, float seed) {
    __m256 m = _mm256_set1_ps(0.99999994f), a = _mm256_set1_ps(1e-7f);
    __m256 c0 = _mm256_set1_ps(seed), c1 = _mm256_set1_ps(seed + 1), c2 = _mm256_set1_ps(seed + 2), c3 = _mm256_set1_ps(seed + 3);
    __m256 c4 = _mm256_set1_ps(seed + 4), c5 = _mm256_set1_ps(seed + 5), c6 = _mm256_set1_ps(seed + 6), c7 = _mm256_set1_ps(seed + 7);
    __m256 c8 = _mm256_set1_ps(seed + 8), c9 = _mm256_set1_ps(seed + 9), c10 = _mm256_set1_ps(seed + 10), c11 = _mm256_set1_ps(seed + 11);
    for (long it = 0; it < iters; it++) {
        STEP(_mm256_fmadd_ps, c0); STEP(_mm256_fmadd_ps, c1); STEP(_mm256_fmadd_ps, c2); STEP(_mm256_fmadd_ps, c3);
        STEP(_mm256_fmadd_ps, c4); STEP(_mm256_fmadd_ps, c5); STEP(_mm256_fmadd_ps, c6); STEP(_mm256_fmadd_ps, c7);
        STEP(_mm256_fmadd_ps, c8); STEP(_mm256_fmadd_ps, c9); STEP(_mm256_fmadd_ps, c10); STEP(_mm256_fmadd_ps, c11);
        __asm__ volatile("" : "+x"(c0), "+x"(c1), "+x"(c2), "+x"(c3), "+x"(c4), "+x"(c5));
        __asm__ volatile("" : "+x"(c6), "+x"(c7), "+x"(c8), "+x"(c9), "+x"(c10), "+x"(c11));
    }
    __m256 s = _mm256_add_ps(_mm256_add_ps(_mm256_add_ps(c0, c1), _mm256_add_ps(c2, c3)), _mm256_add_ps(_mm256_add_ps(c4, c5), _mm256_add_ps(c6, c7)));
    s = _mm256_add_ps(s, _mm256_add_ps(_mm256_add_ps(c8, c9), _mm256_add_ps(c10, c11)));
    float out[8];
    _mm256_storeu_ps(out, s);
    return out[0] + out[7];
}

// STREAM's loops over one thread's share [from, to), compiled for the vector width measured: gcc's default target
// is SSE2, whose 16-byte moves ran copy and triad 12-20 % under the same loops with AVX2 (and under Java's, which
// run at the hardware's width), so the C yardstick would have read the memory slower than Java can use it.
#define STREAM_LOOPS(W, T)                                                                                         \
    __attribute__((target(T))) static void copy##W(const float *a, float *b, long from, long to) {               \
        for (long i = from; i < to; i++) b[i] = a[i];                                                              \
    }                                                                                                              \
    __attribute__((target(T))) static void triad##W(float *a, const float *b, const float *c, long from, long to) { \
        for (long i = from; i < to; i++) a[i] = b[i] + 0.5f * c[i];                                                \
    }
STREAM_LOOPS(512, "avx512f,prefer-vector-width=512")
STREAM_LOOPS(256, "avx2")

// The share of n elements that thread t of T owns: the split Java's workloads use.
static long share(long n, int t, int T) { return n * t / T; }

// One repetition of copy (kind 0) or triad (1) in GB/s, timed as Java's yardsticks are: passes back to back for at
// least 0.2 s. Timed one pass at a time, the copy read 15-25 % lower at two threads than back to back, here in C and
// in Java alike (bench/RESULTS.md, eighth session).
static double stream(int kind, int wide, float *a, float *b, float *c, long n) {
    double t0 = now(), elapsed;
    long passes = 0;
    do {
#pragma omp parallel
        {
            int t = omp_get_thread_num(), T = omp_get_num_threads();
            long from = share(n, t, T), to = share(n, t + 1, T);
            if (kind == 0) wide ? copy512(a, b, from, to) : copy256(a, b, from, to);
            else wide ? triad512(a, b, c, from, to) : triad256(a, b, c, from, to);
        }
        passes++;
    } while ((elapsed = now() - t0) < 0.2);
    return (kind == 0 ? 8.0 : 12.0) * n * passes / elapsed / 1e9;
}

int main(int argc, char **argv) {
    int threads = argc > 1 ? atoi(argv[1]) : 1;
    const char *isa = argc > 2 ? argv[2] : "auto";
    int reps = argc > 3 ? atoi(argv[3]) : 7;
    if (reps < 1 || reps > 64) reps = 7;
    int wide = strcmp(isa, "avx512") == 0 || (strcmp(isa, "auto") == 0 && __builtin_cpu_supports("avx512f"));
    if (wide && !__builtin_cpu_supports("avx512f")) { fprintf(stderr, "peak: this CPU has no AVX-512\n"); return 2; }
    omp_set_num_threads(threads);
    volatile float sink = 0;
    double v[64];

    // FMA: about 0.25 s of chains per thread per rep (their spread is under 2 %), all threads started together.
    long iters = wide ? 50000000L : 75000000L;
    double flops = (wide ? 16.0 * 16 : 12.0 * 8) * 2 * iters * threads;
    for (int r = -1; r < reps; r++) {
        double t0 = 0;
#pragma omp parallel
        {
#pragma omp barrier
#pragma omp master
            t0 = now();
            float s = wide ? fma512(r < 0 ? iters / 10 : iters, 1.0f) : fma256(r < 0 ? iters / 10 : iters, 1.0f);
#pragma omp atomic
            sink += s;
        }
        if (r >= 0) v[r] = flops / (now() - t0) / 1e9;
    }
    printf("RESULT fma_f32_gflops_t%d=%.2f\n", threads, median(v, reps));

    // STREAM copy and triad over 64 MiB arrays (far beyond the caches), each thread on its share, first touch by the
    // owner.
    long n = 1L << 24;
    float *a = aligned_alloc(64, n * 4), *b = aligned_alloc(64, n * 4), *c = aligned_alloc(64, n * 4);
#pragma omp parallel for schedule(static)
    for (long i = 0; i < n; i++) { a[i] = 0; b[i] = 1; c[i] = 2; }
    for (int r = -1; r < reps; r++) {
        double rate = stream(0, wide, a, b, c, n);
        if (r >= 0) v[r] = rate;
    }
    printf("RESULT mem_copy_GBs_t%d=%.2f\n", threads, median(v, reps));
    for (int r = -1; r < reps; r++) {
        double rate = stream(1, wide, a, b, c, n);
        if (r >= 0) v[r] = rate;
    }
    printf("RESULT mem_triad_GBs_t%d=%.2f\n", threads, median(v, reps));
    printf("RESULT isa=%s\n", wide ? "avx512" : "avx2");
    sink += a[n / 2];
    free(a); free(b); free(c);
    return sink == 12345.f;
}
