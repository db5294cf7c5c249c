#!/usr/bin/env bash
# Side-by-side throughput and peak memory in one run, alternating rounds:
#   resdsl       the fast path (the default of train, predict, eval and bench)
#   onnxruntime  the network exported to ONNX, in onnxruntime in the same JVM (bench --engine
#                onnxruntime, 2 intra-op threads); inference only, left out in train mode
#   dl4j-onednn  the same network's ComputationGraph with DL4J's oneDNN helpers (-Dresdsl.fast=false)
#   dl4j-plain   the ComputationGraph as plain DL4J runs it (-Dresdsl.fast=false -Dresdsl.onednn=false)
#   pytorch      ../shared/bench/torch_peer.py, the same network in PyTorch on the same CPU (eager)
#   pytorch-best the same at PyTorch's best CPU settings (channels_last; inference traced and
#                frozen): the training peer of issue 13
#   ort-java     ../shared/bench/ort_peer.sh, onnxruntime's own Java API on PyTorch's ONNX export
#                of the same network: the inference peer of issue 13; left out in train mode
# Prints each round (images/s, peak RSS in MB), then the medians, each column's ratio to eager
# PyTorch, and ResDSL's ratio to the peer of the mode (pytorch-best for train, ort-java for infer).
# Usage: bench/side-by-side.sh MODEL TORCH_MODEL BATCH MODE [ROUNDS] [ITERATIONS] [SKIP]
#   e.g.  bench/side-by-side.sh ResNet20 cifar20 128 train 5 5
#   SKIP: a comma-separated list of columns to leave out (e.g. dl4j-plain, slow on ResNet-50)
#   TORCH_MODEL is a torch_peer.py model name (cifar20, resnet50, ...), used by both peers
# Needs: ./resdsl built; apt-get install python3-torch python3-torchvision libopenblas0-pthread
set -euo pipefail
cd "$(dirname "$0")/.."
model=$1 torch_model=$2 batch=$3 mode=$4 rounds=${5:-3} iterations=${6:-5} skip=${7:-}
peer=${TORCH_PEER:-../shared/bench/torch_peer.py}
jar=cli/target/resdsl.jar
# The JVM options ./resdsl runs with (its default, or RESDSL_JAVA_OPTS), so that peak memory is a user's.
java_opts=${RESDSL_JAVA_OPTS:-$(sed -n 's/.*RESDSL_JAVA_OPTS:-\([^}]*\)}.*/\1/p' resdsl)}
[[ -f $jar ]] || ./resdsl list >/dev/null
ort=${ORT_PEER:-../shared/bench/ort_peer.sh}
columns=(resdsl onnxruntime dl4j-onednn dl4j-plain pytorch pytorch-best ort-java)
declare -A flags=([resdsl]="" [onnxruntime]="" [dl4j-onednn]="-Dresdsl.fast=false"
  [dl4j-plain]="-Dresdsl.fast=false -Dresdsl.onednn=false")
declare -A engines=([onnxruntime]="--engine onnxruntime")
if [[ $mode == train ]]; then skip+=",onnxruntime,ort-java"; fi
declare -A speeds memories
run() { # column -> "images_per_s peak_rss_mb"
  local out rss
  if [[ $1 == pytorch ]]; then
    out=$(THREADS=2 /usr/bin/time -f 'rss_kb=%M' /usr/bin/python3 "$peer" "$torch_model" "$batch" "$iterations" "$mode" 2>&1)
  elif [[ $1 == pytorch-best ]]; then
    out=$(THREADS=2 /usr/bin/time -f 'rss_kb=%M' /usr/bin/python3 "$peer" "$torch_model" "$batch" "$iterations" "$mode" best 2>&1)
  elif [[ $1 == ort-java ]]; then
    out=$(THREADS=2 /usr/bin/time -f 'rss_kb=%M' "$ort" "$torch_model" "$batch" "$iterations" 2>&1)
  else
    # shellcheck disable=SC2086
    out=$(/usr/bin/time -f 'rss_kb=%M' java $java_opts ${flags[$1]} -jar "$jar" bench "$model" --batch "$batch" --mode "$mode" --iterations "$iterations" ${engines[$1]:-} 2>&1)
  fi
  awk -F'images_per_s=' '/images_per_s=/ {v=$2} /rss_kb=/ {split($0, a, "="); r=a[2]} END {printf "%s %.0f\n", v, r / 1024}' <<<"$out"
}
for ((r = 1; r <= rounds; r++)); do
  line="round $r:"
  for c in "${columns[@]}"; do
    [[ ",$skip," == *",$c,"* ]] && continue
    read -r speed rss < <(run "$c")
    speeds[$c]+="$speed "; memories[$c]+="$rss "
    line+="  $c $speed (${rss} MB)"
  done
  echo "$line"
done
median() { tr ' ' '\n' | { grep . || true; } | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
t=$(median <<<"${speeds[pytorch]:-}")
summary="$model $mode batch=$batch, medians of $rounds rounds:"
for c in "${columns[@]}"; do
  [[ -z ${speeds[$c]:-} ]] && continue
  s=$(median <<<"${speeds[$c]}"); m=$(median <<<"${memories[$c]}")
  summary+=$(awk -v c="$c" -v s="$s" -v m="$m" -v t="$t" 'BEGIN { if (t > 0) printf "  %s %.1f images/s, %d MB, ratio %.2f;", c, s, m, s / t; else printf "  %s %.1f images/s, %d MB;", c, s, m }')
done
echo "$summary"
# ResDSL against the peer a user would pick instead (BENCHMARKS.md, issue 13's targets)
target=pytorch-best; [[ $mode == infer ]] && target=ort-java
if [[ -n ${speeds[resdsl]:-} && -n ${speeds[$target]:-} ]]; then
  awk -v r="$(median <<<"${speeds[resdsl]}")" -v p="$(median <<<"${speeds[$target]}")" -v t="$target" \
    -v rm="$(median <<<"${memories[resdsl]}")" -v pm="$(median <<<"${memories[$target]}")" \
    'BEGIN { printf "resdsl / %s: speed %.2f, peak memory %.2f (medians)\n", t, r / p, rm / pm }'
fi
