#!/usr/bin/env bash
# Checkpoint time and bytes now against a commit before issue 16's checkpoint work (default 2519a85, the parent of its
# first commit): builds that commit's engine in a temporary git worktree, then runs CheckpointTiming.java against each.
# Usage: bench/checkpoint/overhead.sh [BEFORE] [REPS]
set -euo pipefail
before="${1:-2519a85}" reps="${2:-40}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
old="$(mktemp -d)"
trap 'git -C "$root" worktree remove --force "$old/src" >/dev/null 2>&1 || true; rm -rf "$old"' EXIT
git -C "$root" worktree add --detach "$old/src" "$before" >/dev/null 2>&1
# compile, then each module's class path (the kernels as their classes) into target/cp.txt
build() { (cd "$1" && mvn -B -ntp -o -q -pl engine -am compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt) >&2; }
build "$old/src"
build "$root"
run() { # tree, label
  local cp="$1/engine/target/classes:$(cat "$1/engine/target/cp.txt")"
  echo "$2: $(git -C "$1" rev-parse --short HEAD)"
  "$java" --add-modules jdk.incubator.vector -cp "$cp" "$root/bench/checkpoint/CheckpointTiming.java" "$old/run-$2-$round" "$reps" 2> >(grep -v "^WARNING: Using incubator" >&2)
}
# twice each, alternating: a shared machine's load drifts
for round in 1 2; do
  run "$old/src" before
  run "$root" now
done
