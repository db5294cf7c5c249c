#!/usr/bin/env bash
# Measures the time the ResDSL processor adds to javac for the examples module: the same sources
# compiled (a) with the processor generating the networks and (b) without it, from the sources
# it generated, with -proc:none. Each is run ROUNDS times, alternating; prints the medians.
# Usage: bench/processor-time.sh [ROUNDS]   (after `mvn -B -DskipTests install`)
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-7}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mvn -q -B -ntp -pl examples dependency:build-classpath -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="$(cat "$work/cp.txt")"
sources=$(find examples/src/main/java -name '*.java')
generated=$(find examples/target/generated-sources/annotations -name '*.java')
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
with=(); without=()
for ((i = 0; i < rounds; i++)); do
  rm -rf "$work/a" "$work/b" "$work/s"; mkdir -p "$work/a" "$work/b" "$work/s"
  with+=("$(ms javac --release 17 -cp "$cp" -d "$work/a" -s "$work/s" $sources)")
  without+=("$(ms javac --release 17 -proc:none -cp "$cp" -d "$work/b" $sources $generated)")
done
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
w=$(median "${with[@]}"); wo=$(median "${without[@]}")
echo "javac examples with processor:    ${w} ms (median of $rounds)"
echo "javac examples without processor: ${wo} ms (median of $rounds, generated sources given)"
echo "processor adds: $((w - wo)) ms for $(echo "$generated" | wc -l) specs"
