#!/usr/bin/env bash
# Soak (issue 12): bench/soak.sh [--duration 1h]   (or SOAK_DURATION; default 2m, the CI length)
#   A feed simulator and a 3-node cluster on loopback (as bench/storm.sh), and for the whole duration:
#   - SOAK_CONNECTIONS (3000) clients x 10 of 1,000 symbols at 250 ms: the load test, with --resume,
#     following the clients of a killed node to the others;
#   - churn: every minute SOAK_CHURN_PCT (5) % as many more clients connect, stay 50 s and leave;
#   - a stalled reader every minute (subscribes to * and never reads: its node must cut it off);
#   - kill -9 of the ingest leader every SOAK_KILL_EVERY seconds (600), restarted at once (it rejoins);
#   - the feed at SOAK_FEED_RATE (2000) ticks/s over 1,000 symbols: a soak looks for leaks, not for the ceiling.
# Every SOAK_SAMPLE_S (5) s, each node's RSS, heap after GC (jvm_gc_live_data_size_bytes: G1 updates it after an
# old collection only, which a healthy node may not need for a long time, so RSS is the second witness), open fds and
# connections go to bench/results/soak/samples.csv; the load test's p99 per second is in its report.
# bench/soak_report.py draws soak.svg (RSS, heap after GC, fds, p99, connections over time) and fails
# the run (exit 1) when heap after GC or fds grew from the first to the last third (after a 30 s warm-up)
# by more than SOAK_MAX_HEAP_GROWTH_MB (64) / SOAK_MAX_FD_GROWTH (200), or a node logged SEVERE once the load
# started (a start-up join race of Hazelcast's on a starved machine is the cluster tests' business, not the soak's).
# Ports: BENCH_PORT (nodes on +1..+3), BENCH_FEED_PORT, SOAK_CLUSTER_PORT (Hazelcast on +1..+3, default 15710);
# SOAK_RUN: where logs and PIDs go (default bench/run). loadtest's SoakIT runs it for 2 minutes in the suite.
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
bench_lock "$0" "$@"

DURATION="${SOAK_DURATION:-2m}"
[ "${1:-}" = "--duration" ] && DURATION="$2"
case "$DURATION" in
  *h) SECONDS_TOTAL=$(( ${DURATION%h} * 3600 )) ;;
  *m) SECONDS_TOTAL=$(( ${DURATION%m} * 60 )) ;;
  *s) SECONDS_TOTAL=${DURATION%s} ;;
  *) echo "--duration like 90s, 2m or 1h" >&2; exit 2 ;;
esac
CONNS="${SOAK_CONNECTIONS:-3000}"
CHURN=$(( CONNS * ${SOAK_CHURN_PCT:-5} / 100 ))
KILL_EVERY="${SOAK_KILL_EVERY:-600}"
SAMPLE_S="${SOAK_SAMPLE_S:-5}"
PORT="${BENCH_PORT:-18080}"
FEED_PORT="${BENCH_FEED_PORT:-19090}"
RUN="${SOAK_RUN:-$BENCH/run}"
RES="${SOAK_RESULTS:-${BENCH_RESULTS:-$BENCH/results}/soak}"
mkdir -p "$RUN" "$RES"
rm -f "$RUN"/soak-*.pid
bench_pinning "the 3 nodes"
SERVICE_JAR="$ROOT/ticker-service/target/ticker-service.jar"
FEED_JAR="$ROOT/feed-simulator/target/feed-simulator.jar"
LOADTEST_JAR="$ROOT/loadtest/target/loadtest.jar"
for j in "$SERVICE_JAR" "$FEED_JAR" "$LOADTEST_JAR"; do
  [ -f "$j" ] || { echo "missing $j: build first (mvn -B -q -o package -DskipTests)" >&2; exit 2; }
done
trap 'stop_pids "$RUN" "soak-*"' EXIT
trap 'exit 130' INT TERM

# jvm NAME CPUS OPTS JAR ARGS…: a JVM in the background, log (appended: a restarted node keeps one log) and PID in bench/run
jvm() {
  local name="$1" cpus="$2" opts="$3"; shift 3
  local pin=()
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  # shellcheck disable=SC2086
  "${pin[@]}" java $opts -jar "$@" >>"$RUN/soak-$name.log" 2>&1 &
  echo $! >"$RUN/soak-$name.pid"
}
CLUSTER_PORT="${SOAK_CLUSTER_PORT:-15710}" # Hazelcast: nI on CLUSTER_PORT + I
members="127.0.0.1:$((CLUSTER_PORT + 1)),127.0.0.1:$((CLUSTER_PORT + 2)),127.0.0.1:$((CLUSTER_PORT + 3))"
node() { # I: start node nI
  jvm "n$1" "$SERVICE_CPUS" "-Xms256m -Xmx1g" "$SERVICE_JAR" --http-host 127.0.0.1 --http-port $((PORT + $1)) \
    --feed-url "ws://127.0.0.1:$FEED_PORT/feed" --fanout-instances 1 --node-id "n$1" --cluster --cluster-name ticker-soak \
    --cluster-host 127.0.0.1 --cluster-port $((CLUSTER_PORT + $1)) --cluster-members "$members"
}
metric() { curl -s -m 5 "http://127.0.0.1:$((PORT + $1))/metrics" | awk -v m="$2" '$1 == m { print $2; exit }' || true; }
leader() { for i in 1 2 3; do [ "$(metric "$i" ticker_cluster_leader)" = "1.0" ] && { echo "$i"; return; }; done; }

rm -f "$RUN"/soak-*.log
jvm feed "$OTHER_CPUS" "-Xmx512m" "$FEED_JAR" --host 127.0.0.1 --port "$FEED_PORT" --rate "${SOAK_FEED_RATE:-2000}" --symbols 1000 --seed 42
urls=()
for i in 1 2 3; do
  node "$i"
  wait_http "http://127.0.0.1:$((PORT + i))/health/ready" 120
  urls+=(--url "ws://127.0.0.1:$((PORT + i))/ws")
done
# The soak judges the run, not the start-up (the cluster tests do): log lines from here on count.
declare -A log_start
for i in 1 2 3; do log_start[$i]=$(wc -l <"$RUN/soak-n$i.log"); done
pin=()
[ -n "$OTHER_CPUS" ] && pin=(taskset -c "$OTHER_CPUS")
echo "== soak $DURATION: $CONNS clients, churn $CHURN/min, a stalled reader/min, leader kill every ${KILL_EVERY}s"
"${pin[@]}" java -Xmx2g -jar "$LOADTEST_JAR" --label soak "${urls[@]}" --connections "$CONNS" --symbols-per-conn 10 \
  --interval-ms 250 --duration "${SECONDS_TOTAL}s" --resume --max-connect-failures -1 --max-disconnects -1 --quiet \
  --out "$RES/loadtest.json" --html "$RES/loadtest.html" >"$RUN/soak-loadtest.log" 2>&1 &
echo $! >"$RUN/soak-loadtest.pid"

echo "t,node,rss_mb,heap_after_gc_mb,fds,connections" >"$RES/samples.csv"
t0=$(date +%s)
next_churn=60
next_kill="$KILL_EVERY"
while kill -0 "$(cat "$RUN/soak-loadtest.pid")" 2>/dev/null; do
  t=$(( $(date +%s) - t0 ))
  for i in 1 2 3; do
    pid=$(cat "$RUN/soak-n$i.pid")
    [ -d "/proc/$pid" ] || continue
    heap=$(metric "$i" jvm_gc_live_data_size_bytes)
    echo "$t,n$i,$(rss_mb "$pid"),$(awk -v b="${heap:-0}" 'BEGIN { printf "%.1f", b / 1048576 }'),$(ls "/proc/$pid/fd" | wc -l),$(metric "$i" ticker_connections)" >>"$RES/samples.csv"
  done
  if [ "$t" -ge "$next_churn" ] && [ $(( SECONDS_TOTAL - t )) -ge 50 ]; then
    "${pin[@]}" java -Xmx512m -jar "$LOADTEST_JAR" --label churn "${urls[@]}" --connections "$CHURN" --stalled 1 --symbols-per-conn 10 \
      --interval-ms 250 --duration 50s --max-connect-failures -1 --max-disconnects -1 --max-mismatches -1 --quiet >>"$RUN/soak-churn.log" 2>&1 &
    echo $! >"$RUN/soak-churn-$t.pid"
    next_churn=$(( next_churn + 60 ))
  fi
  if [ "$t" -ge "$next_kill" ] && victim=$(leader) && [ -n "$victim" ]; then
    echo "   ${t}s: kill -9 of the leader n$victim, restarted"
    dead=$(cat "$RUN/soak-n$victim.pid")
    kill -9 "$dead"
    while kill -0 "$dead" 2>/dev/null; do sleep 0.1; done
    node "$victim"
    next_kill=$(( next_kill + KILL_EVERY ))
  fi
  sleep "$SAMPLE_S"
done
rc=0
wait "$(cat "$RUN/soak-loadtest.pid")" 2>/dev/null || rc=$?
tail -n 12 "$RUN/soak-loadtest.log"
for i in 1 2 3; do tail -n +"$(( ${log_start[$i]} + 1 ))" "$RUN/soak-n$i.log" | grep -h "SEVERE" || true; done >"$RES/severe.txt"
python3 "$BENCH/soak_report.py" "$RES" || rc=1
exit "$rc"
