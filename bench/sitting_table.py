#!/usr/bin/env python3
"""Prints the target table of bench/RESULTS.md from a directory written by bench/sitting.sh.

Each spheres figure is shown with its ratio to the range of the references measured before and after its ISA's block
(lowest ratio against the faster reference, highest against the slower), so a host that moved during the block
widens the range instead of hiding in one number.
  python3 bench/sitting_table.py DIR
"""
import pathlib
import re
import sys

# (row label, what it is read from, its key there, the reference it is a ratio to, the target)
ROWS = [
    ("sgemm NT 50x500x1000 (JMH)", "jmh", "NT-50x500x1000", "np_f32_NT_50x500x1000_gflops_t1", ">= 1.0x OpenBLAS"),
    ("sgemm NT 50x1000x1000 (JMH)", "jmh", "NT-50x1000x1000", "np_f32_NT_50x1000x1000_gflops_t1", ">= 1.0x"),
    ("sgemm NN 1000^3 (JMH)", "jmh", "NN-1000x1000x1000", "np_f32_NN_1000x1000x1000_gflops_t1", ">= 1.0x"),
    ("NN 1000^3, share of the C peak", "share", "NN-1000x1000x1000", "fma_f32_gflops_t1", ">= 85 %"),
    ("NN 1000^3, two threads / one (`bench`)", "scale", "sgemm NN 1000x1000x1000", None, ">= 1.8x"),
    ("ReLU+BN train step", "bench", "train step ReLU+BN", "train_relubn_steps_per_s_t1", ">= 1.8x PyTorch"),
    ("quadratic train step", "bench", "train step quadratic", "train_quad_steps_per_s_t1", ">= 1.8x"),
    ("evaluation", "bench", "evaluation ReLU+BN", "eval_relubn_samples_per_s_t1", ">= 1.25x"),
    ("attack step, batch 1000", "bench", "attack step ReLU+BN", "attack_relubn_b1000_steps_per_s_t1", ">= 1.1x"),
    ("evaluation, two threads / one", "scale", "evaluation ReLU+BN", None, ">= 1.8x"),
    ("attack, two threads / one", "scale", "attack step ReLU+BN", None, ">= 1.8x"),
]


def references(path):
    """RESULT key=value lines of bench/references.sh."""
    return {m.group(1): float(m.group(2)) for m in re.finditer(r"RESULT (\w+)=([\d.]+)", path.read_text())}


def bench(path):
    """(workload name, threads) -> median of a `spheres bench` table."""
    rows = {}
    for line in path.read_text().splitlines():
        m = re.match(r"(\S.*?)\s{2,}(\d+)\s+([\d.e+]+)\s", line)
        if m:
            rows[(m.group(1).strip(), int(m.group(2)))] = float(m.group(3))
    return rows


def jmh(path):
    """shape -> (score, error) of GemmBench's gflop counter."""
    rows = {}
    for line in path.read_text().splitlines():
        if line.startswith("GemmBench.gemm:gflop"):
            f = line.split()  # name, parameters (the shape among them), mode, count, score, "±", error, unit
            shape = next(x for x in f if x[:3] in ("NT-", "NN-", "TN-"))
            pm = f.index("\u00b1")
            rows[shape] = (float(f[pm - 1]), float(f[pm + 1]))
    return rows


def lookup(rows, prefix, threads):
    for (name, t), value in rows.items():
        if name.startswith(prefix) and t == threads:
            return value
    raise KeyError(f"{prefix} at {threads} thread(s)")


def ratio(value, refs, key):
    lo, hi = sorted(r[key] for r in refs)
    low, high = f"{value / hi:.2f}", f"{value / lo:.2f}"
    return f"{low}x" if low == high else f"{low}-{high}x"


def cell(kind, key, refkey, b, j, refs):
    if kind == "jmh":
        score, err = j[key]
        return f"{score:.1f} +-{err:.1f} ({ratio(score, refs, refkey)})"
    if kind == "share":
        score = j[key][0]
        lo, hi = sorted(r[refkey] for r in refs)
        return f"{100 * score / hi:.0f}-{100 * score / lo:.0f} %"
    if kind == "scale":
        return f"{lookup(b, key, 2) / lookup(b, key, 1):.2f}x"
    value = lookup(b, key, 1)
    shown = f"{value:,.0f}" if value >= 10000 else f"{value:.4g}"
    return f"{shown} ({ratio(value, refs, refkey)})"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: python3 bench/sitting_table.py DIR (written by bench/sitting.sh)")
    d = pathlib.Path(sys.argv[1])
    runs = sorted(d.glob("bench-*.txt"), key=lambda p: (p.stem.split("-")[2] != "native", p.stem))
    if not runs:
        sys.exit(f"{d}: no bench-*.txt here; is it a directory written by bench/sitting.sh?")
    columns = []
    for run in runs:
        _, jdk, isa = run.stem.split("-", 2)
        refs = [references(d / f"ref-{isa}-{when}.txt") for when in ("before", "after")]
        b, j = bench(run), jmh(d / f"jmh-{jdk}-{isa}.txt")
        native = re.search(r"FMA peak \(C, (\w+)\)", run.read_text())
        label = "AVX2 path" if isa == "avx2" else {"avx512": "AVX-512", "avx2": "AVX2"}.get(native and native.group(1), "native")
        columns.append((f"{label} JDK {jdk}", b, j, refs))
    print((d / "machine.txt").read_text().strip().replace("\n", " | "))
    print()
    print("| workload | " + " | ".join(c[0] for c in columns) + " | target |")
    print("| --- | " + " | ".join("---:" for _ in columns) + " | --- |")
    for label, kind, key, refkey, target in ROWS:
        cells = []
        for _, b, j, refs in columns:
            try:
                cells.append(cell(kind, key, refkey, b, j, refs))
            except (KeyError, ZeroDivisionError):
                cells.append("n/a")
        print(f"| {label} | " + " | ".join(cells) + f" | {target} |")


if __name__ == "__main__":
    main()
