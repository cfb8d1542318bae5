#!/usr/bin/env bash
# Soak: trains the quickstart's tiny ViViT for SOAK_STEPS steps (default 10,000) on in-memory moving-shape clips,
# sampling the trainer's resident memory (VmRSS of the training JVM) every SOAK_EVERY seconds, then checks that
#  - resident memory stays flat: growth = (highest RSS in the last quarter - median RSS just after warm-up, i.e.
#    between 10 % and 20 % of the steps) / that median, target <= 5 %;
#  - metrics.csv holds exactly one row per step (1..N, in order) and one per evaluation;
#  - every checkpoint left in the run folder matches its checksums.sha256 (sha256sum -c), no partial one is left.
# The Java heap is committed and touched up front (SOAK_JAVA_OPTS, default -Xms1g -Xmx1g -XX:+AlwaysPreTouch) so that
# the heap growing towards -Xmx does not count as growth: what is left is native memory (ND4J buffers, FFmpeg, ...).
# Writes trainer/target/soak/{rss.tsv,report.txt}. Usage: SOAK_STEPS=10000 bash bench/soak.sh   (long: ~15-40 min)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${SOAK_STEPS:-10000}
EVERY=${SOAK_EVERY:-2}
MVN=${MVN:-mvn -B -ntp}
OUT=trainer/target/soak
RUN="$PWD/$OUT/run"
JAR=trainer/target/trainer.jar
rm -rf "$OUT"; mkdir -p "$OUT"
[ -f "$JAR" ] || $MVN -q -DskipTests package -pl trainer -am
EVAL_EVERY=$(( STEPS / 10 > 0 ? STEPS / 10 : 1 ))
CKPT_EVERY=$(( STEPS / 20 > 0 ? STEPS / 20 : 1 ))
sets=(data.format=synthetic data.root=null data.generate=false data.synthetic.size=0
      data.synthetic.train_videos=512 data.synthetic.val_videos=64 data.processor.shortest_edge=0
      data.processor.crop_size=0 train.max_steps="$STEPS" schedule.warmup_steps=20 train.eval_every="$EVAL_EVERY"
      checkpoint.every_steps="$CKPT_EVERY" checkpoint.keep_last=2 log.every_steps=100 log.progress=lines
      checkpoint.dir="$RUN")
args=(train --recipe quickstart)
for s in "${sets[@]}"; do args+=(--set "$s"); done
# shellcheck disable=SC2086
java ${SOAK_JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch} -jar "$JAR" "${args[@]}" > "$OUT/train.log" 2>&1 &
PID=$!
printf 'seconds\tstep\trss_kb\n' > "$OUT/rss.tsv"
start=$(date +%s)
rss_of_tree() {   # the largest VmRSS among the launched JVM and its children (the trainer may relaunch itself)
  local best=0 p r
  for p in "$PID" $(pgrep -P "$PID" || true); do
    r=$(awk '/^VmRSS:/ {print $2}' "/proc/$p/status" 2>/dev/null || echo 0)
    [ "${r:-0}" -gt "$best" ] && best=$r
  done
  echo "$best"
}
while kill -0 "$PID" 2>/dev/null; do
  step=$( [ -f "$RUN/metrics.csv" ] && tail -n 1 "$RUN/metrics.csv" | cut -d, -f1 || echo 0)
  printf '%s\t%s\t%s\n' "$(( $(date +%s) - start ))" "${step:-0}" "$(rss_of_tree)" >> "$OUT/rss.tsv"
  sleep "$EVERY"
done
wait "$PID" || { echo "training failed: see $OUT/train.log"; exit 1; }
seconds=$(( $(date +%s) - start ))

warm=$(awk -F'\t' -v n="$STEPS" 'NR > 1 && $3 > 0 && $2 >= 0.1 * n && $2 <= 0.2 * n {print $3}' "$OUT/rss.tsv" \
  | sort -n | awk '{v[NR] = $1} END {if (NR) print v[int((NR + 1) / 2)]}')
late=$(awk -F'\t' -v n="$STEPS" 'NR > 1 && $2 >= 0.75 * n && $3 > m {m = $3} END {print m + 0}' "$OUT/rss.tsv")
if [ -n "$warm" ] && [ "$late" -gt 0 ]; then
  growth=$(awk -v w="$warm" -v l="$late" \
    'BEGIN {printf "%.1f %% (median %d kB after warm-up, highest %d kB in the last quarter)", 100 * (l - w) / w, w, l}')
else
  growth="n/a (too few samples)"
fi

rows_ok=$(awk -F, -v n="$STEPS" 'NR > 1 && $9 == "" { if ($1 != ++s) bad = 1 } NR > 1 && $9 != "" { e++ }
  END { print (bad || s != n) ? "NO (" s " training rows)" : "yes (" s " training rows, " e " evaluation rows)" }' \
  "$RUN/metrics.csv")
ckpt_ok=yes
for c in "$RUN"/checkpoints/step-*; do
  (cd "$c" && sha256sum --quiet -c checksums.sha256) || ckpt_ok="NO ($c)"
done
ls -a "$RUN/checkpoints" | grep -q '^\.partial-' && ckpt_ok="NO (a .partial- folder is left)"
{
  echo "soak: $STEPS steps in $seconds s, java ${SOAK_JAVA_OPTS:--Xms1g -Xmx1g -XX:+AlwaysPreTouch} (machine load at the end: $(cut -d' ' -f1-3 /proc/loadavg))"
  echo "resident memory growth after warm-up: $growth"
  echo "metrics.csv consistent: $rows_ok"
  echo "checkpoints intact: $ckpt_ok ($(ls -d "$RUN"/checkpoints/step-* | wc -l) kept)"
} | tee "$OUT/report.txt"
