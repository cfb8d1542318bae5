#!/usr/bin/env bash
# Kills a quickstart-sized training run KILLS times (default 20) with SIGKILL at random moments (random delays, the
# start of checkpoint writes, evaluations), resumes it each time and checks that it ends exactly as a run that was
# never killed (metrics rows, final weights and optimiser state) and that no checkpoint was ever corrupt.
# It is RepeatedKillsTest (which `make test` runs with 5 kills) with more kills; the tally goes to
# trainer/target/kills/report.txt. Usage: KILLS=20 bash bench/kills.sh   (about 4-8 minutes on 2 cores)
set -euo pipefail
cd "$(dirname "$0")/.."
KILLS=${KILLS:-20}
SEED=${KILLS_SEED:-23}
MVN=${MVN:-mvn -B -ntp}
OUT=trainer/target/kills
mkdir -p "$OUT"
REPORT="$PWD/$OUT/report.txt"
rm -f "$REPORT"
set +e
$MVN test -pl trainer -am -Dtest=RepeatedKillsTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dtubelet.kills="$KILLS" -Dtubelet.kills.seed="$SEED" -Dtubelet.kills.report="$REPORT" > "$OUT/mvn.log" 2>&1
status=$?
set -e
if [ -f "$REPORT" ]; then cat "$REPORT"; fi
if [ $status -ne 0 ]; then
  grep -E 'FAIL|expected' "$OUT/mvn.log" | head -20
  echo "FAILED: see $OUT/mvn.log and trainer/target/surefire-reports/org.tubelet.cli.RepeatedKillsTest.txt"
  exit 1
fi
echo "Report: $REPORT"
