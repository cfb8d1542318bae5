#!/usr/bin/env bash
# Fuzzes every reader of outside input with Jazzer's standalone driver (libFuzzer), FUZZ_SECONDS each (default 600).
# Seeds: the committed corpus (trainer/src/test/resources/org/tubelet/fuzz/ReaderFuzzTestInputs/<target>/); new
# corpus entries go to trainer/target/fuzz/corpus/<target>/, findings to trainer/target/fuzz/findings/<target>/.
# A finding is an input that breaks the contract of ReaderFuzzTest (another exception type, OOM, > 1 s); copy it into
# the committed folder once fixed, so that `make test` replays it. Prints executions and findings per target.
# Usage: FUZZ_SECONDS=600 bash bench/fuzz.sh [target...]
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${FUZZ_SECONDS:-600}
MVN=${MVN:-mvn -B -ntp}
INPUTS=trainer/src/test/resources/org/tubelet/fuzz/ReaderFuzzTestInputs
OUT=trainer/target/fuzz
mkdir -p "$OUT"
# One reactor call: the class path then names the modules' target/classes, nothing needs to be installed.
$MVN -q -DskipTests test-compile dependency:build-classpath -pl trainer -am -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/$OUT/cp.txt"
CP="trainer/target/test-classes:trainer/target/classes:$(cat "$OUT/cp.txt")"
JAZZER_JAR=$(tr ':' '\n' < "$OUT/cp.txt" | grep '/jazzer-[0-9.]*\.jar$' | head -1)
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  mapfile -t TARGETS < <(ls "$INPUTS")
fi
REPORT="$OUT/report.tsv"
printf 'target\tseconds\texecutions\tfindings\n' > "$REPORT"
for t in "${TARGETS[@]}"; do
  mkdir -p "$OUT/corpus/$t" "$OUT/findings/$t"
  log="$OUT/$t.log"
  set +e
  java -Xmx512m -cp "$CP:$JAZZER_JAR" com.code_intelligence.jazzer.Jazzer \
    --target_class=org.tubelet.fuzz.ReaderFuzzer --target_args="$t" \
    --reproducer_path="$OUT/findings/$t" --instrumentation_includes='org.tubelet.**' --keep_going=20 \
    -max_total_time="$SECONDS_EACH" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$OUT/findings/$t/" "$OUT/corpus/$t" "$INPUTS/$t" > "$log" 2>&1
  set -e
  execs=$(grep -a -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  findings=$(find "$OUT/findings/$t" -type f ! -name "*.java" | wc -l)   # not Jazzer's Java reproducers
  printf '%s\t%s\t%s\t%s\n' "$t" "$SECONDS_EACH" "${execs:-?}" "$findings" | tee -a "$REPORT"
done
echo "Report: $REPORT (logs: $OUT/<target>.log, findings: $OUT/findings/<target>/)"
