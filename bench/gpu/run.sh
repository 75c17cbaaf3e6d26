#!/usr/bin/env bash
# Takes the OpenCL figures on a GPU machine with the kit bench/gpu/prepare.sh built (bench/gpu/out/: a jlinked
# JDK 17, the bench jar, an OpenCL ICD loader); needs no Java, no Maven and no network there.
#
#   bench/gpu/run.sh            # the figures: about 3 minutes on an H100, writes to $OUT (else bench/gpu/results/)
#   SMOKE=1 bench/gpu/run.sh    # tiny shapes and one short iteration each: checks the kit end to end on PoCL
#
# Environment: OUT (results folder), DEVICE (opencl = the first GPU, or opencl:N), TILES (space-separated
# TSM,TSN,TSK,WPTM,WPTN tried on NN-4096^3), SPHERES_ICD=kit (use the kit's ICD loader even where the machine has one),
# ICD_LIB (the driver library looked for where /etc/OpenCL/vendors is missing; default libnvidia-opencl.so*).
# Writes: opencl-setup.txt (what was found), nvidia-smi.txt, devices.txt (devices, gemm tiles, CPU vs device after
# one training step), gemm.json, gemm-tiles-TSM-TSN-TSK-WPTM-WPTN.json (plain file names, safe to copy
# anywhere), trainstep.json, trainstep-cpu.json (JMH JSON), and each stage's JMH log (*.log, with the "# device:"
# lines).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kit="$here/out"
out="${OUT:-$here/results}"
java="$kit/runtime/bin/java"
mkdir -p "$out"
[ -x "$java" ] && [ -f "$kit/benchmarks.jar" ] || { echo "run: no kit in $kit: run bench/gpu/prepare.sh first (on a machine with JDK 17)" >&2; exit 1; }

setup="$out/opencl-setup.txt"
: > "$setup"
note() { echo "$*" | tee -a "$setup"; }
note "kit: $(head -1 "$kit/KIT.txt"); $(grep '^needs glibc' "$kit/KIT.txt")"
glibc="$(getconf GNU_LIBC_VERSION 2>/dev/null | cut -d' ' -f2)"
note "host: $(uname -srm), glibc $glibc, $(nproc) cores"
need="$(sed -n 's/^needs glibc >= //p' "$kit/KIT.txt")"
if [ -n "$glibc" ] && [ -n "$need" ] && [ "$(printf '%s\n%s\n' "$need" "$glibc" | sort -V | head -1)" != "$need" ]; then
  note "run: the kit's runtime needs glibc >= $need and this machine has $glibc: build the kit on an older distribution"
  exit 1
fi
command -v nvidia-smi >/dev/null && nvidia-smi -q > "$out/nvidia-smi.txt" 2>&1 \
  && note "nvidia-smi: $(nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,memory.total --format=csv,noheader 2>&1 | head -1)"

# Where drivers put libraries, in containers (nvidia-container-toolkit) and on hosts.
libdirs="/usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /lib/x86_64-linux-gnu /usr/local/nvidia/lib64 /usr/local/nvidia/lib /usr/lib/nvidia /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib"
find_lib() { # the first file named $1 (a glob) in the ld cache or the usual folders
  local hit
  hit="$( (ldconfig -p 2>/dev/null | awk -v n="$1" '$1 ~ n && /x86-64/ {print $NF}'; for d in $libdirs; do ls -1 $d/$1 2>/dev/null; done) | head -1)"
  [ -n "$hit" ] && echo "$hit"
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/lib" "$tmp/vendors"

# The vendor driver: the ICD files the loader reads, else one written for the driver library (ICD_LIB).
ICD_LIB="${ICD_LIB:-libnvidia-opencl.so*}"
if [ -n "${OCL_ICD_VENDORS:-}" ]; then
  note "vendors: OCL_ICD_VENDORS=$OCL_ICD_VENDORS (given)"
elif ls /etc/OpenCL/vendors/*.icd >/dev/null 2>&1; then
  note "vendors: /etc/OpenCL/vendors: $(cd /etc/OpenCL/vendors && for f in *.icd; do printf '%s -> %s; ' "$f" "$(cat "$f")"; done)"
else
  drv="$(find_lib "$ICD_LIB")"
  if [ -n "$drv" ]; then
    echo "$drv" > "$tmp/vendors/driver.icd"
    export OCL_ICD_VENDORS="$tmp/vendors"
    note "vendors: no /etc/OpenCL/vendors; wrote driver.icd -> $drv"
  else
    note "vendors: no /etc/OpenCL/vendors and no $ICD_LIB in the ld cache or $libdirs: no OpenCL driver"
  fi
fi

# The ICD loader, under the unversioned name JOCL opens: the machine's, else the kit's copy (Debian ocl-icd).
loader=""
[ "${SPHERES_ICD:-}" = kit ] || loader="$(find_lib 'libOpenCL.so*')"
if [ -n "$loader" ]; then note "loader: $loader (the machine's)"; else loader="$kit/icd/libOpenCL.so"; note "loader: $loader (the kit's)"; fi
ln -s "$loader" "$tmp/lib/libOpenCL.so"
export LD_LIBRARY_PATH="$tmp/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export JAVA_TOOL_OPTIONS= _JAVA_OPTIONS=
unset JAVA_TOOL_OPTIONS _JAVA_OPTIONS

vm=(--add-modules jdk.incubator.vector)
echo "== devices and CPU-vs-device validation"
"$java" "${vm[@]}" -cp "$kit/benchmarks.jar" spheres.bench.OpenClCheck 2>&1 | grep -v '^WARNING: Using incubator' | tee "$out/devices.txt"
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || { echo "run: no usable OpenCL device (exit $status): see $setup and $out/devices.txt" >&2; exit "$status"; }

device="${DEVICE:-opencl}"
if [ "${SMOKE:-0}" = 1 ]; then
  shapes="NT-50x500x1000,NN-256x256x256"; sweep_shape="NN-256x256x256"; tiles="${TILES:-64,64,16,4,4 32,32,16,4,4}"
  short=(-f 1 -wi 0 -i 1 -r 1); models="quadratic"; limit=120
else
  shapes="NN-4096x4096x4096,NT-50x500x1000,NT-50x1000x1000,TN-1000x50x1000,TN-1000x50x500,NN-50x1000x500,NN-1000x1000x1000"
  sweep_shape="NN-4096x4096x4096"; tiles="${TILES:-64,64,16,8,8 128,64,16,8,4 128,128,16,8,8 128,128,8,8,8 64,128,16,4,8}"
  short=(-f 1 -wi 2 -w 1 -i 3 -r 1); models="relu,quadratic"; limit=150
fi

jmh() { # name, timeout seconds, JMH arguments...
  local name="$1" secs="$2"; shift 2
  echo "== $name"
  timeout "$secs" "$java" "${vm[@]}" -jar "$kit/benchmarks.jar" "$@" -foe true -rf json -rff "$out/$name.json" 2>&1 \
    | grep -v '^WARNING: Using incubator' > "$out/$name.log"
  local rc=${PIPESTATUS[0]}
  grep -o '# device: .*' "$out/$name.log" | sort -u # setup's line, after JMH's "Iteration 1: " where it shares one
  grep -E '^Benchmark |^[A-Za-z]+Bench\.' "$out/$name.log"
  [ "$rc" -eq 0 ] || echo "run: $name ended with exit $rc (124: over its $secs s) - see $out/$name.log" >&2
}

start=$SECONDS
jmh gemm "$limit" OpenClGemmBench -p shape="$shapes" -p device="$device" "${short[@]}"
for t in $tiles; do
  jmh "gemm-tiles-${t//,/-}" 40 OpenClGemmBench -p shape="$sweep_shape" -p device="$device" "${short[@]}" \
    -jvmArgsAppend "--add-modules jdk.incubator.vector -Dspheres.opencl.tiles=$t"
done
jmh trainstep 90 OpenClTrainStepBench -p model="$models" -p device="$device" "${short[@]}"
jmh trainstep-cpu 90 'spheres.bench.TrainStepBench' -p model="$models" -p threads="$(nproc)" "${short[@]}"
echo "run: done in $((SECONDS - start)) s of benchmarks; results in $out"
