#!/usr/bin/env bash
# The reference measurements our speed targets are ratios to (../shared/reference): the C FMA peak and bandwidth,
# OpenBLAS sgemm through numpy, and PyTorch 1.13 on the paper's workloads, on 1 and 2 threads. Run it beside the JMH
# runs, on a quiet machine; it prints the RESULT lines of each tool. Needs root once for reference/setup.sh.
#   bash bench/references.sh [threads ...]      (default: 1 2)
set -euo pipefail
ref="$(cd "$(dirname "$0")/../../shared/reference" 2>/dev/null && pwd || true)"
[ -n "$ref" ] && [ -f "$ref/peak.c" ] || { echo "references.sh: ../shared/reference not found beside the project" >&2; exit 1; }
bash "$ref/setup.sh"
gcc -O3 -fopenmp -o /tmp/spheres-peak "$(dirname "$0")/../engine/src/main/resources/spheres/engine/profile/peak.c"
threads=("$@")
[ ${#threads[@]} -gt 0 ] || threads=(1 2)
for t in "${threads[@]}"; do
  echo "=== $t thread(s) ==="
  /tmp/spheres-peak "$t" | grep RESULT   # the widest vectors here; add avx2 for the 8-lane figure
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$t" /usr/bin/python3 "$ref/np_matmul.py" --threads "$t" | grep RESULT
  env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS="$t" OMP_NUM_THREADS="$t" \
    /usr/bin/python3 "$ref/torch_spheres.py" --threads "$t" --only train,infer,attack | grep RESULT
done
