#!/usr/bin/env bash
# Reconnect storm (issue 11): bench/storm.sh [full] [resume]   (default: both)
#   A feed simulator and a 3-node Hazelcast cluster (as bench/run.sh scenario d), the load test with
#   STORM_CONNECTIONS clients x 10 of 1,000 symbols spread round-robin over the nodes; STORM_KILL_AFTER
#   seconds into the load test one node (a follower by default, see STORM_KILL) is killed with kill -9. Its
#   clients reconnect to the next --url (backoff 1-1.5 s): "full" without --resume (full snapshots),
#   "resume" with --resume (since = last seen seqs). Each mode gets a fresh cluster.
#   Reports go to bench/results/storm/MODE.json/.html/.run.json and storm.md (the table).
# Environment: STORM_CONNECTIONS (5000), STORM_DURATION (45s, measured after the ramp), STORM_KILL_AFTER
#   (20 s after the load test starts: 5,000 connections ramp at 1,000/s in ~5 s), STORM_FEED_RATE (10000
#   ticks/s), STORM_SYMBOLS (1000), STORM_INTERVAL_MS (250), BENCH_PORT (18080; nodes +1..+3, Hazelcast
#   15701-15703), BENCH_FEED_PORT (19090), BENCH_LOADTEST_OPTS, BENCH_PIN (as bench/run.sh: the nodes on
#   the last core, simulator and load test on the others), BENCH_RESULTS (bench/results; this writes
#   to its storm/ folder), STORM_RESULTS (the folder itself), STORM_KILL (follower, the default, or leader:
#   then the survivors also elect a new ingest leader during the storm).
# Every JVM's PID goes to bench/run/storm-*.pid; a trap stops exactly those on exit.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
bench_lock "$0" "$@"

CONNS="${STORM_CONNECTIONS:-5000}"
DURATION="${STORM_DURATION:-45s}"
KILL_AFTER="${STORM_KILL_AFTER:-20}"
KILL="${STORM_KILL:-follower}"
FEED_RATE="${STORM_FEED_RATE:-10000}"
SYMBOLS="${STORM_SYMBOLS:-1000}"
INTERVAL="${STORM_INTERVAL_MS:-250}"
PORT="${BENCH_PORT:-18080}"
FEED_PORT="${BENCH_FEED_PORT:-19090}"
LOADTEST_OPTS="${BENCH_LOADTEST_OPTS:--Xms512m -Xmx3g}"
RUN="$BENCH/run"
RES="${STORM_RESULTS:-${BENCH_RESULTS:-$BENCH/results}/storm}"
mkdir -p "$RUN" "$RES"
rm -f "$RUN"/storm-*.pid # stale files of an interrupted run: never kill by them
bench_pinning "the 3 nodes"
SERVICE_JAR="$ROOT/ticker-service/target/ticker-service.jar"
FEED_JAR="$ROOT/feed-simulator/target/feed-simulator.jar"
LOADTEST_JAR="$ROOT/loadtest/target/loadtest.jar"
MODES=("$@")
[ ${#MODES[@]} -eq 0 ] && MODES=(full resume)
HZ_OPENS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"

cleanup() {
  stop_pids "$RUN" "storm-*"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

for j in "$SERVICE_JAR" "$FEED_JAR" "$LOADTEST_JAR"; do
  [ -f "$j" ] || { echo "missing $j: build first (mvn -B -q -o package -DskipTests)" >&2; exit 2; }
done

# start NAME CPUS JVM-OPTS JAR ARGS…: a JVM in the background, log and PID under bench/run/storm-NAME.*
start() {
  local name="$1" cpus="$2" opts="$3"; shift 3
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  # shellcheck disable=SC2086
  "${pin[@]}" java $opts -jar "$@" >"$RUN/storm-$name.log" 2>&1 &
  echo $! >"$RUN/storm-$name.pid"
}

storm() { # MODE (full|resume)
  local mode="$1" resume=()
  [ "$mode" = resume ] && resume=(--resume)
  start feed "$OTHER_CPUS" "-Xmx1g" "$FEED_JAR" --host 127.0.0.1 --port "$FEED_PORT" --rate "$FEED_RATE" --symbols "$SYMBOLS" --seed 42
  local members="127.0.0.1:15701,127.0.0.1:15702,127.0.0.1:15703" urls=() i
  for i in 1 2 3; do
    start "n$i" "$SERVICE_CPUS" "-Xms512m -Xmx1500m $HZ_OPENS" "$SERVICE_JAR" --http-host 127.0.0.1 --http-port $((PORT + i)) \
      --feed-url "ws://127.0.0.1:$FEED_PORT/feed" --fanout-instances 1 --node-id "n$i" --cluster --cluster-name ticker-storm \
      --cluster-host 127.0.0.1 --cluster-port $((15700 + i)) --cluster-members "$members"
    urls+=(--url "ws://127.0.0.1:$((PORT + i))/ws")
  done
  for i in 1 2 3; do wait_http "http://127.0.0.1:$((PORT + i))/health/ready" 120; done
  # the victim: the first follower (STORM_KILL=follower) or the ingest leader (STORM_KILL=leader)
  local leader="" victim="" is
  for i in 1 2 3; do
    is=$(curl -s "http://127.0.0.1:$((PORT + i))/health/ready" | jq -r '.cluster.isLeader')
    [ "$is" = true ] && leader="n$i"
    if [ -z "$victim" ] && { { [ "$KILL" = follower ] && [ "$is" = false ]; } || { [ "$KILL" = leader ] && [ "$is" = true ]; }; }; then
      victim="n$i"
    fi
  done
  [ -n "$victim" ] || { echo "no $KILL node to kill (leader: '${leader}')" >&2; exit 1; }
  local pin=()
  [ -n "$OTHER_CPUS" ] && pin=(taskset -c "$OTHER_CPUS")
  local cmd=("${pin[@]}" java $LOADTEST_OPTS -jar "$LOADTEST_JAR" --label "storm-$mode" "${urls[@]}"
    --connections "$CONNS" --symbols-per-conn 10 --interval-ms "$INTERVAL" --duration "$DURATION" --ramp-rate 1000
    --max-connect-failures -1 --max-disconnects -1 --out "$RES/$mode.json" --html "$RES/$mode.html" "${resume[@]}")
  echo "== storm $mode: leader $leader, kill -9 $victim ${KILL_AFTER}s into the load test"
  echo "   ${cmd[*]}"
  local t0; t0=$(date +%s.%N)
  "${cmd[@]}" >"$RUN/storm-$mode.loadtest.log" 2>&1 &
  local lt=$!
  echo "$lt" >"$RUN/storm-loadtest.pid"
  sleep "$KILL_AFTER"
  local killed_at; killed_at=$(date -u +%FT%T.%3NZ)
  kill -9 "$(cat "$RUN/storm-$victim.pid")"
  rm -f "$RUN/storm-$victim.pid"
  local rc=0
  wait "$lt" || rc=$?
  rm -f "$RUN/storm-loadtest.pid"
  tail -n 16 "$RUN/storm-$mode.loadtest.log"
  jq -n --arg mode "$mode" --arg cmd "${cmd[*]}" --argjson rc "$rc" --arg leader "$leader" --arg victim "$victim" \
    --arg killedAt "$killed_at" --argjson killAfter "$KILL_AFTER" --argjson wall "$(echo "$(date +%s.%N) - $t0" | bc)" \
    --arg feed "$FEED_RATE ticks/s over $SYMBOLS symbols" --arg pin "${SERVICE_CPUS:+nodes on CPU $SERVICE_CPUS, feed and load test on CPU $OTHER_CPUS}" \
    '{mode: $mode, command: $cmd, exitCode: $rc, leader: $leader, killed: $victim, killedAt: $killedAt,
      killAfterSeconds: $killAfter, wallSeconds: $wall, feed: $feed, pinning: $pin}' >"$RES/$mode.run.json"
  cleanup
}

for m in "${MODES[@]}"; do
  case "$m" in
    full|resume) storm "$m" ;;
    *) echo "unknown mode '$m' (full, resume)" >&2; exit 2 ;;
  esac
done

# The table: one row per mode that has a report.
{
  echo "| mode | connections open/target | sessions lost | current again | reconnect snapshots | snapshot ticks | snapshot bytes | drop → snapshot ms p50 / p99 / max | all current after (ms from first drop) | seq violations | final mismatches |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|"
  for m in full resume; do
    [ -f "$RES/$m.json" ] || continue
    jq -r --arg m "$m" '.connections as $c | $c.storm as $s |
      "| \($m) | \($c.openAtEnd)/\($c.target) | \($s.drops) | \($s.recovered) (waiting \($s.awaitingAtEnd)) | \($c.reconnectSnapshots) | \($s.reconnectSnapshotTicks) | \($s.reconnectSnapshotBytes) | \($s.recoveryMs.p50) / \($s.recoveryMs.p99) / \($s.recoveryMs.max) | \($s.allCurrentAfterMs) | \(.correctness.seqViolations) | \(.correctness.mismatches) |"' "$RES/$m.json"
  done
} >"$RES/storm.md"
cat "$RES/storm.md"
