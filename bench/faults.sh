#!/usr/bin/env bash
# Faults, measured (issue 12), as root: bench/faults.sh [frozen] [partition] [storm]   (default: all three)
#   frozen     FrozenLeaderIT with -Dfrozen.runs=$FAULTS_FROZEN_RUNS (10): three JVM nodes on loopback, the leader
#              of the moment frozen (SIGSTOP) for 10 s and thawed, that many times in a row; per run the survivors'
#              clients' largest gap without data and the time from the thaw to one leader and one feed connection.
#   partition  NetLabPartitionIT, $FAULTS_RUNS (3) times: in the namespace lab, the leader cut off from both followers
#              (--cluster-min-members 2), then a follower cut off (the default: it ingests itself).
#   storm      NetLabStormIT with $FAULTS_STORM_CONNECTIONS (3000) clients through HAProxy, kill -9 of the leader,
#              $FAULTS_RUNS times.
# Each is the suite's own test, run by Maven (under flock /tmp/mvn.lock) so test and benchmark measure the same
# thing. The measurement lines go to bench/results/faults/NAME.txt, worst and median to bench/results/faults/summary.md.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
bench_lock "$0" "$@"

RUNS="${FAULTS_RUNS:-3}"
RES="${BENCH_RESULTS:-$BENCH/results}/faults"
mkdir -p "$RES"
WHAT=("$@")
[ ${#WHAT[@]} -eq 0 ] && WHAT=(frozen partition storm)

# it MODULE TEST LOG -Dprop…: one failsafe test class of MODULE, its output appended to LOG
it() {
  local module="$1" test="$2" log="$3"; shift 3
  rm -rf "$ROOT"/*/target/failsafe-reports # an earlier run's failure would fail this run's verify
  (cd "$ROOT" && flock /tmp/mvn.lock mvn -B -q -o -pl "$module" -am verify -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
    -Dit.test="$test" -Dfailsafe.failIfNoSpecifiedTests=false "$@") >>"$log" 2>&1 || echo "   $test failed: see $log"
}

for w in "${WHAT[@]}"; do
  log="$RES/$w.log"
  : >"$log"
  case "$w" in
    frozen) echo "== frozen leader, ${FAULTS_FROZEN_RUNS:-10} runs"
      it ticker-service FrozenLeaderIT "$log" -Dfrozen.runs="${FAULTS_FROZEN_RUNS:-10}" ;;
    partition) echo "== partition of the leader, $RUNS runs"
      for _ in $(seq "$RUNS"); do it ticker-service NetLabPartitionIT "$log"; done ;;
    storm) echo "== kill -9 behind HAProxy, ${FAULTS_STORM_CONNECTIONS:-3000} clients, $RUNS runs"
      for _ in $(seq "$RUNS"); do it loadtest NetLabStormIT "$log" -Dstorm.connections="${FAULTS_STORM_CONNECTIONS:-3000}"; done ;;
    *) echo "unknown fault '$w' (frozen, partition, storm)" >&2; exit 2 ;;
  esac
  grep -oE "(frozen leader run|partition of the leader|partition of a follower|kill -9 of the leader).*" "$log" >"$RES/$w.txt" || true
  cat "$RES/$w.txt"
done
python3 "$BENCH/faults_summary.py" "$RES" >"$RES/summary.md"
cat "$RES/summary.md"
