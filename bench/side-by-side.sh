#!/usr/bin/env bash
# Side-by-side throughput in one run, alternating rounds: ResDSL (oneDNN layer helpers on), the
# plain DL4J ComputationGraph path (helpers off, -Dresdsl.onednn=false) and PyTorch
# (../shared/bench/torch_peer.py). Prints each round, then the medians and the ratios to PyTorch.
# Usage: bench/side-by-side.sh MODEL TORCH_MODEL BATCH MODE [ROUNDS] [ITERATIONS]
#   e.g.  bench/side-by-side.sh ResNet20 cifar20 128 train 3 5
# Needs: ./resdsl built; apt-get install python3-torch python3-torchvision libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1 torch_model=$2 batch=$3 mode=$4 rounds=${5:-3} iterations=${6:-5}
peer=${TORCH_PEER:-../shared/bench/torch_peer.py}
last() { awk -F'images_per_s=' '/images_per_s=/ {v=$2} END {print v}'; }
ours=(); plain=(); torch=()
for ((r = 1; r <= rounds; r++)); do
  ours+=("$(./resdsl bench "$model" --batch "$batch" --mode "$mode" --iterations "$iterations" 2>/dev/null | last)")
  plain+=("$(RESDSL_JAVA_OPTS="-Xmx6g -Dresdsl.onednn=false" ./resdsl bench "$model" --batch "$batch" --mode "$mode" --iterations "$iterations" 2>/dev/null | last)")
  torch+=("$(THREADS=2 /usr/bin/python3 "$peer" "$torch_model" "$batch" "$iterations" "$mode" | last)")
  echo "round $r: resdsl ${ours[-1]}  dl4j-plain ${plain[-1]}  pytorch ${torch[-1]}"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
o=$(median "${ours[@]}"); p=$(median "${plain[@]}"); t=$(median "${torch[@]}")
awk -v m="$model" -v mode="$mode" -v b="$batch" -v o="$o" -v p="$p" -v t="$t" 'BEGIN {
  printf "%s %s batch=%s: resdsl %.1f, dl4j-plain %.1f, pytorch %.1f images/s; ratio to pytorch: resdsl %.2f, dl4j-plain %.2f\n",
    m, mode, b, o, p, t, o / t, p / t }'
