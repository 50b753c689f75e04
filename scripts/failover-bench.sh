#!/usr/bin/env bash
# Measures the local cluster (scripts/cluster-up.sh): kill -9 of the ingest leader, K times, and
# how long until a survivor leads with the feed live again; then event-bus throughput from the
# leader to a follower at a given feed rate. Prints a small table; stops the cluster at the end.
#
#   scripts/failover-bench.sh [K=5]        FEED_RATE=50000 for the throughput step (default)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/run"
K="${1:-5}"
HTTP_BASE_PORT="${HTTP_BASE_PORT:-8081}"
RATE="${FEED_RATE_BENCH:-50000}"
now_ms() { date +%s%3N; }
ready_json() { curl -s -m 1 "http://127.0.0.1:$((HTTP_BASE_PORT + ${1#n} - 1))/health/ready" || true; }
leader_of() { ready_json "$1" | sed -n 's/.*"leader":"\([^"]*\)".*/\1/p'; }
metric() { curl -s -m 2 "http://127.0.0.1:$((HTTP_BASE_PORT + ${1#n} - 1))/metrics" | awk -v m="$2" '$1 == m { print $2 }'; }
trap '"$ROOT/scripts/cluster-down.sh" >/dev/null 2>&1 || true' EXIT

"$ROOT/scripts/cluster-up.sh" 3
echo
echo "| run | killed leader | new leader | kill → new leader live (ms) |"
echo "|---|---|---|---|"
for run in $(seq "$K"); do
  leader="$(leader_of n1)"; [ -n "$leader" ] || leader="$(leader_of n2)"
  survivors=(); for n in n1 n2 n3; do [ "$n" != "$leader" ] && survivors+=("$n"); done
  t0=$(now_ms)
  kill -9 "$(cat "$RUN/$leader.pid")"
  while true; do
    json="$(ready_json "${survivors[0]}")"
    if [[ "$json" == *'"status":"UP"'* && "$json" != *"\"leader\":\"$leader\""* ]]; then
      other="$(ready_json "${survivors[1]}")"
      [[ "$other" == *'"status":"UP"'* && "$other" != *"\"leader\":\"$leader\""* ]] && break
    fi
    [ $(( $(now_ms) - t0 )) -lt 30000 ] || { echo "no takeover within 30 s" >&2; exit 1; }
    sleep 0.05
  done
  echo "| $run | $leader | $(leader_of "${survivors[0]}") | $(( $(now_ms) - t0 )) |"
  rm -f "$RUN/$leader.pid"
  "$ROOT/scripts/cluster-up.sh" >/dev/null   # the killed node rejoins as a follower
done

# Event-bus throughput leader → followers: the simulator at $RATE ticks/s, counted on a follower.
"$ROOT/scripts/cluster-down.sh" >/dev/null
FEED_RATE="$RATE" FEED_SYMBOLS="${FEED_SYMBOLS_BENCH:-1000}" "$ROOT/scripts/cluster-up.sh" 3 >/dev/null
leader="$(leader_of n1)"
follower=n2; [ "$leader" = n2 ] && follower=n3
sleep 3
in0=$(metric "$leader" ticker_ticks_in_total); r0=$(metric "$follower" ticker_ticks_relayed_total); t0=$(now_ms)
sleep 10
in1=$(metric "$leader" ticker_ticks_in_total); r1=$(metric "$follower" ticker_ticks_relayed_total); t1=$(now_ms)
awk -v i0="$in0" -v i1="$in1" -v r0="$r0" -v r1="$r1" -v dt="$((t1 - t0))" -v rate="$RATE" 'BEGIN {
  printf "\nfeed at %d ticks/s: leader ingested %.0f ticks/s, follower received %.0f ticks/s over the event bus\n",
    rate, (i1 - i0) * 1000 / dt, (r1 - r0) * 1000 / dt }'
