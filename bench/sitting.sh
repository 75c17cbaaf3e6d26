#!/usr/bin/env bash
# One measurement sitting for the speed targets of bench/RESULTS.md: every ratio there is spheres against references
# taken in the same minutes on the same machine, so this runs the references (bench/references.sh, one thread) before
# and after each ISA's block, and in between, for each JDK: a fresh calibration (`spheres bench --tune`), the CLI's
# profile at one and two threads, and JMH's GemmBench on the three target shapes. With AVX-512 the block is run twice,
# natively and on the AVX2 path (-XX:UseAVX=2, references with --avx2). Leave the machine idle meanwhile: about 5
# minutes per ISA and JDK, one per reference run, on two cores. Then `python3 bench/sitting_table.py DIR` prints the table.
#   bash bench/sitting.sh [DIR]        (default: bench/target/sitting-<UTC time>)
# JDKs: SPHERES_JDKS="home1 home2 ..." (default: JDK 17 and 25 where Debian and Temurin install them, else JAVA_HOME).
# The calibration rewrites this machine's tuning cache (~/.cache/spheres), as `spheres bench --tune` does.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-$root/bench/target/sitting-$(date -u +%Y%m%dT%H%M)}"
mkdir -p "$out"
if [ -n "${SPHERES_JDKS:-}" ]; then
  read -r -a jdks <<< "$SPHERES_JDKS"
else
  jdks=()
  for j in /usr/lib/jvm/java-17-openjdk-amd64 /usr/lib/jvm/temurin-25-jdk-amd64; do [ -x "$j/bin/java" ] && jdks+=("$j"); done
  [ ${#jdks[@]} -gt 0 ] || jdks=("${JAVA_HOME:?set JAVA_HOME or SPHERES_JDKS}")
fi
isas=(native)
grep -qw avx512f /proc/cpuinfo 2>/dev/null && isas+=(avx2)

(cd "$root" && mvn -q -B -ntp -DskipTests package -pl bench,cli -am) >&2
{ date -u +%FT%TZ; grep -m1 'model name' /proc/cpuinfo || true; nproc; git -C "$root" rev-parse --short HEAD; } > "$out/machine.txt"

for isa in "${isas[@]}"; do
  refs=() opts=()
  [ "$isa" = avx2 ] && refs=(--avx2) opts=(-XX:UseAVX=2)
  echo "sitting: references ($isa), before" >&2
  bash "$root/bench/references.sh" "${refs[@]}" 1 > "$out/ref-$isa-before.txt"
  for jdk in "${jdks[@]}"; do
    tag="$("$jdk/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/.*java.specification.version = //p')-$isa"
    echo "sitting: JDK $tag" >&2
    export JAVA_HOME="$jdk" SPHERES_JAVA_OPTS="${opts[*]}"
    "$root/spheres" bench --tune --only none --threads 1 --progress=never > "$out/tune-$tag.txt" 2>&1
    "$root/spheres" bench --threads 1,2 --progress=never --json "$out/profile-$tag.json" --force > "$out/bench-$tag.txt" 2>&1
    "$jdk/bin/java" --add-modules jdk.incubator.vector -jar "$root/bench/target/benchmarks.jar" 'GemmBench.gemm$' \
      -p threads=1 -p shape=NT-50x500x1000,NT-50x1000x1000,NN-1000x1000x1000 -f 1 -wi 3 -i 5 -w 1 -r 1 \
      -jvm "$jdk/bin/java" -jvmArgsAppend "--add-modules=jdk.incubator.vector ${opts[*]}" > "$out/jmh-$tag.txt" 2>&1
  done
  echo "sitting: references ($isa), after" >&2
  bash "$root/bench/references.sh" "${refs[@]}" 1 > "$out/ref-$isa-after.txt"
done
date -u +%FT%TZ >> "$out/machine.txt"
echo "sitting: done; python3 bench/sitting_table.py $out" >&2
