#!/usr/bin/env bash
# Old jar against new jar on the `bench` workloads, in one run, alternating (the order flips every repetition), each
# run in a fresh process with the environment a user has (no OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE). For a refactoring
# that must not change speed: prints the median forward ms, train-step ms and peak RSS of each jar and new/old ratios.
#
# Usage: bash bench/compare_jars.sh OLD.jar NEW.jar
# Environment: REPS=2  WORKLOADS="bench-s bench-s-videomae-pretrain"  BATCH=4 STEPS=5  OUT=bench-out/compare
set -euo pipefail
OLD=${1:?usage: compare_jars.sh OLD.jar NEW.jar}
NEW=${2:?usage: compare_jars.sh OLD.jar NEW.jar}
REPS=${REPS:-2}
WORKLOADS=${WORKLOADS:-"bench-s bench-s-videomae-pretrain"}
BATCH=${BATCH:-4}
STEPS=${STEPS:-5}
OUT=${OUT:-bench-out/compare}
mkdir -p "$OUT"
: > "$OUT/results.jsonl"
for w in $WORKLOADS; do
    for rep in $(seq 1 "$REPS"); do
        if [ $((rep % 2)) = 1 ]; then order="old new"; else order="new old"; fi
        for side in $order; do
            jar=$OLD; [ "$side" = new ] && jar=$NEW
            json=$(env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OMP_NUM_THREADS=2 java -jar "$jar" bench \
                --config "configs/$w.yaml" --batch "$BATCH" --steps "$STEPS" --json 2> "$OUT/$w.$side.$rep.err" \
                | tail -n 1)
            echo "{\"workload\": \"$w\", \"side\": \"$side\", \"rep\": $rep, \"result\": $json}" >> "$OUT/results.jsonl"
            echo "$w $side rep $rep: $json"
        done
    done
done
python3 - "$OUT/results.jsonl" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
print("| workload | metric | old (median) | new (median) | new/old |")
print("|---|---|---|---|---|")
for w in dict.fromkeys(r["workload"] for r in rows):
    for m in ("forward_ms", "train_step_ms", "peak_rss_mb"):
        old = [r["result"][m] for r in rows if r["workload"] == w and r["side"] == "old"]
        new = [r["result"][m] for r in rows if r["workload"] == w and r["side"] == "new"]
        o, n = statistics.median(old), statistics.median(new)
        print(f"| {w} | {m} | {o:g} | {n:g} | {n / o:.3f} |")
PY
