#!/usr/bin/env bash
# The reference measurements our speed targets are ratios to, all in this repository: the C FMA peak and STREAM
# bandwidth (engine/.../profile/peak.c, the loops `spheres bench` checks its yardsticks against), OpenBLAS sgemm
# through numpy (bench/reference/np_sgemm.py, GemmBench's shapes and variants) and PyTorch on the paper's workloads
# (bench/reference/torch_spheres.py). Run it beside the JMH runs, on a quiet machine; it prints RESULT lines.
#   bash bench/references.sh [--avx2] [threads ...]      (default: 1 2)
# --avx2 measures the 8-lane references a machine with AVX-512 has on its AVX2 path (what spheres runs with
# -XX:UseAVX=2): the C loops compiled for AVX2, OpenBLAS's Haswell kernels, PyTorch's AVX2 dispatch.
# Needs gcc, and Debian's python3-numpy, python3-torch and libopenblas0-pthread (installed here when missing, as
# root): without libopenblas0-pthread numpy and torch fall back to a ~3 GFLOP/s reference BLAS and every ratio lies.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
need=""
for p in python3-numpy python3-torch libopenblas0-pthread; do dpkg -s "$p" >/dev/null 2>&1 || need="$need $p"; done
if [ -n "$need" ]; then
  [ "$(id -u)" = 0 ] || { echo "references.sh: install$need first (apt-get, as root)" >&2; exit 1; }
  apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $need >/dev/null
fi
gcc -O3 -fopenmp -o /tmp/spheres-peak "$here/../engine/src/main/resources/spheres/engine/profile/peak.c"
isa=() blas=(-u OPENBLAS_CORETYPE) torch=()
if [ "${1:-}" = --avx2 ]; then
  shift
  isa=(avx2) blas=(OPENBLAS_CORETYPE=Haswell) torch=(ATEN_CPU_CAPABILITY=avx2)
fi
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2)
for t in "${threads[@]}"; do
  echo "=== $t thread(s) ==="
  /tmp/spheres-peak "$t" "${isa[@]}" | grep RESULT          # the widest vectors here, or 8 lanes with --avx2
  env -u OPENBLAS_L2_SIZE "${blas[@]}" OPENBLAS_NUM_THREADS="$t" /usr/bin/python3 "$here/reference/np_sgemm.py" --threads "$t" | grep RESULT
  env -u OPENBLAS_L2_SIZE "${blas[@]}" "${torch[@]}" OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" \
    /usr/bin/python3 "$here/reference/torch_spheres.py" --threads "$t" | grep RESULT
done
