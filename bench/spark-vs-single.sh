#!/usr/bin/env bash
# Training throughput of the same network on the same data: single-machine `resdsl train` against
# `resdsl train --spark local[2]` (two workers in one JVM, parameter averaging), in alternating
# rounds. Each run trains EPOCHS epochs on synthetic:IMAGES with batch 128 and no augmentation;
# the figure is metrics.csv's images_per_s of the last epoch (the first includes JIT warm-up; the
# Spark context's start-up and the per-epoch test pass are not counted).
# Prints each round, then the medians and their ratio.
# Usage: bench/spark-vs-single.sh [MODEL] [ROUNDS] [IMAGES] [EPOCHS] [AVERAGING]
#   e.g.  bench/spark-vs-single.sh ResNet20 3 2560 2 5
# Needs: ./resdsl built (it builds itself on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
model=${1:-ResNet20} rounds=${2:-3} images=${3:-2560} epochs=${4:-2} averaging=${5:-5}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
run() { # NAME [--spark ...]: trains into a fresh folder, prints the last epoch's images/s
  local out="$work/$1-$r"; shift
  ./resdsl train "$model" --data "synthetic:$images" --epochs "$epochs" --batch 128 --no-augment \
    --seed 42 --out "$out" "$@" >/dev/null 2>"$out.err" || { cat "$out.err" >&2; exit 1; }
  tail -n 1 "$out/metrics.csv" | cut -d, -f5
}
single=(); spark=()
for ((r = 1; r <= rounds; r++)); do
  single+=("$(run single)")
  spark+=("$(run spark --spark 'local[2]' --spark-averaging "$averaging")")
  echo "round $r: single ${single[-1]}  spark-local[2] ${spark[-1]} images/s"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
s=$(median "${single[@]}"); k=$(median "${spark[@]}")
awk -v m="$model" -v n="$images" -v e="$epochs" -v a="$averaging" -v s="$s" -v k="$k" 'BEGIN {
  printf "%s synthetic:%s batch=128 epoch %s: single %.1f, spark local[2] (averaging %s) %.1f images/s; spark / single %.2f\n",
    m, n, e, s, a, k, k / s }'
