#!/usr/bin/env bash
# Runs the whole test suite REPEATS times in a row (default 5), then once more with another JVM keeping both cores
# busy (BUSY=0 skips that run), and lists every test that failed at least once with the runs it failed in.
# Reports per run go to trainer/target/repeat/run-N/ (surefire reports of every module); the tally to
# trainer/target/repeat/report.txt. Usage: REPEATS=5 bash bench/repeat_suite.sh   (5-6 times the suite's time)
set -euo pipefail
cd "$(dirname "$0")/.."
REPEATS=${REPEATS:-5}
BUSY=${BUSY:-1}
MVN=${MVN:-mvn -B -ntp}
OUT=target/repeat
rm -rf "$OUT"; mkdir -p "$OUT"
runs=$REPEATS
[ "$BUSY" = 1 ] && runs=$((REPEATS + 1))
for n in $(seq 1 "$runs"); do
  busy_pid=
  if [ "$n" -gt "$REPEATS" ]; then   # the extra run: a JVM spinning on two threads beside the suite
    cat > "$OUT/Busy.java" <<'JAVA'
public class Busy { public static void main(String[] a) throws Exception { for (int i = 0; i < 2; i++) {
  new Thread(() -> { double x = 0; while (true) { x += Math.sqrt(x + 1); } }).start(); } } }
JAVA
    java "$OUT/Busy.java" & busy_pid=$!
  fi
  start=$(date +%s)
  set +e
  $MVN test > "$OUT/run-$n.log" 2>&1
  status=$?
  set -e
  [ -n "$busy_pid" ] && kill "$busy_pid"
  mkdir -p "$OUT/run-$n"
  for m in engine datasets trainer; do
    [ -d "$m/target/surefire-reports" ] && cp -r "$m/target/surefire-reports" "$OUT/run-$n/$m"
  done
  failed=$(grep -E '^\[ERROR\] [^ ]+ -- Time elapsed: .*<<< (FAILURE|ERROR)!' "$OUT/run-$n.log" \
    | awk '{print $2}' | sort -u || true)
  echo "run $n$([ -n "$busy_pid" ] && echo ' (both cores busy)'): exit $status, $(( $(date +%s) - start )) s" \
    | tee -a "$OUT/report.txt"
  [ -n "$failed" ] && echo "$failed" | sed 's/^/  failed: /' | tee -a "$OUT/report.txt"
done
echo "Tests that failed at least once:" | tee -a "$OUT/report.txt"
grep -h '^  failed: ' "$OUT/report.txt" | sort | uniq -c | tee -a "$OUT/report.txt" || echo "  none" | tee -a "$OUT/report.txt"
