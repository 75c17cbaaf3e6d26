#!/usr/bin/python3
"""OpenBLAS sgemm through numpy at the shapes spheres' GemmBench measures, in the same variants.

Shapes are VARIANT-MxKxN as in GemmBench: NT is x @ w.T with w stored [N, K] (a forward pass), NN is a @ b, TN is
a.T @ b. Prints one line per shape and `RESULT np_f32_<VARIANT>_<M>x<K>x<N>_gflops_t<T>=<median>`.

  env -u OPENBLAS_CORETYPE OPENBLAS_NUM_THREADS=1 /usr/bin/python3 bench/reference/np_sgemm.py --threads 1
"""
import argparse
import statistics
import time

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("--threads", type=int, default=1, help="only labels the results: OPENBLAS_NUM_THREADS sets it")
ap.add_argument("--reps", type=int, default=7)
ap.add_argument("--seconds", type=float, default=0.3, help="time per repetition")
ap.add_argument("--shapes", default="NT-50x500x1000,NT-50x1000x1000,NN-50x1000x500,TN-1000x50x1000,NN-1000x1000x1000")
args = ap.parse_args()

rng = np.random.default_rng(42)
for shape in args.shapes.split(","):
    variant, dims = shape.split("-")
    m, k, n = (int(v) for v in dims.split("x"))
    a = rng.uniform(-1, 1, (k, m) if variant[0] == "T" else (m, k)).astype(np.float32)
    b = rng.uniform(-1, 1, (n, k) if variant[1] == "T" else (k, n)).astype(np.float32)
    left, right = (a.T if variant[0] == "T" else a), (b.T if variant[1] == "T" else b)
    out = np.empty((m, n), dtype=np.float32)
    np.matmul(left, right, out=out)
    t0 = time.perf_counter()
    np.matmul(left, right, out=out)
    calls = max(1, int(args.seconds / max(time.perf_counter() - t0, 1e-6)))
    rates = []
    for _ in range(args.reps):
        t0 = time.perf_counter()
        for _ in range(calls):
            np.matmul(left, right, out=out)
        rates.append(2.0 * m * n * k * calls / (time.perf_counter() - t0) / 1e9)
    name = "np_f32_%s_%dx%dx%d_gflops_t%d" % (variant, m, k, n, args.threads)
    print("%s median %.2f min %.2f max %.2f (%d x %d calls)" % (name, statistics.median(rates), min(rates), max(rates), args.reps, calls))
    print("RESULT %s=%.2f" % (name, statistics.median(rates)))
