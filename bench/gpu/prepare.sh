#!/usr/bin/env bash
# Builds the GPU-run kit into bench/gpu/out/ (git-ignored, under 60 MiB, carried to a machine that has no Java and
# no network): the bench shaded jar (JOCL's Linux native library is inside it), a JDK 17 runtime made by jlink with
# the modules jdeps says the jar needs, and Debian's OpenCL ICD loader for a machine that has none.
# Run here, from anywhere:  bench/gpu/prepare.sh      Then on the GPU machine:  bench/gpu/run.sh
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
kit="$root/bench/gpu/out"
jdk="${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}"
limit_mib=60

[ -d "$jdk/jmods" ] || { echo "prepare: $jdk/jmods missing: set JDK17 to a JDK 17 with jmods (Debian: openjdk-17-jmods)" >&2; exit 1; }
"$jdk/bin/java" -version 2>&1 | grep -q '"17\.' || { echo "prepare: $jdk is not a JDK 17" >&2; exit 1; }

echo "prepare: building bench/target/benchmarks.jar"
(cd "$root" && mvn -B -ntp -q -DskipTests -pl bench -am package)
jar="$root/bench/target/benchmarks.jar"
listing="$(unzip -l "$jar")" # grep -q on the pipe would end unzip early, which pipefail reports
grep -q 'lib/libJOCL_.*-linux-x86_64\.so' <<< "$listing" || { echo "prepare: JOCL's linux-x86_64 native library is not in $jar" >&2; exit 1; }

rm -rf "$kit"
mkdir -p "$kit/icd"
modules="$("$jdk/bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$jar")"
modules="$(tr , "\n" <<< "java.base,jdk.incubator.vector,$modules" | sort -u | paste -sd, -)"
echo "prepare: jlink $modules"
"$jdk/bin/jlink" --module-path "$jdk/jmods" --add-modules "$modules" \
  --strip-debug --no-header-files --no-man-pages --compress=2 --output "$kit/runtime" 2>&1 | grep -v '^WARNING: Using incubator' || true
cp "$jar" "$kit/benchmarks.jar"

# The ICD loader JOCL opens by its unversioned name; run.sh uses it only where the machine has no loader.
loader="$(readlink -f /usr/lib/x86_64-linux-gnu/libOpenCL.so.1 2>/dev/null || true)"
[ -f "$loader" ] || { echo "prepare: no OpenCL ICD loader here: apt-get install ocl-icd-libopencl1" >&2; exit 1; }
cp "$loader" "$kit/icd/libOpenCL.so"
{
  echo "built $(date -u +%FT%TZ) from $(git -C "$root" rev-parse --short HEAD)$(git -C "$root" diff --quiet || echo '+dirty')"
  echo "jdk $("$kit/runtime/bin/java" -version 2>&1 | head -1), modules: $modules"
  echo "icd loader: $loader ($(dpkg -S "$loader" 2>/dev/null | cut -d: -f1 || echo unknown package))"
  echo "needs glibc >= $(for f in $(find "$kit" -name '*.so*') "$kit/runtime/bin/java"; do objdump -T "$f" 2>/dev/null; done \
        | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2,2n -u | tail -1 | cut -d_ -f2)"
} > "$kit/KIT.txt"

bytes=$(du -sb "$kit" | cut -f1)
mib=$(( (bytes + 1048575) / 1048576 ))
cat "$kit/KIT.txt"
echo "prepare: $kit is $mib MiB (limit $limit_mib)"
[ "$mib" -le "$limit_mib" ] || { echo "prepare: the kit is over $limit_mib MiB" >&2; exit 1; }
