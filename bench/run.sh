#!/usr/bin/env bash
# Ticker benchmark suite: bench/run.sh [a b c d e …]  (default: all)
#   a  1,000 clients x "*" on 50 symbols at 100 ms
#   b  10,000 clients x 10 of 1,000 symbols at 250 ms, feed 10,000 ticks/s
#   c  (b) plus 1,000 stalled readers (slow consumers, expect close 1013)
#   d  3-node cluster (Hazelcast), 3,000 clients x 10 of 1,000 symbols spread over the nodes
#   e  push: 500 drain-only clients x "*" on 1,000 symbols at 100 ms (max ticks written by the server)
#   f  2,000 clients x 10 of 1,000 symbols at 250 ms, feed 10,000 ticks/s (b at a size TLS handshakes can ramp)
#   i  10,000 idle connections (nothing subscribed): heap and RSS per connection, each after a full GC in the service
#   NAME+sec  the same scenario (a b c e f) with access control and TLS on: --auth jwt (a token per
#      connection, in the upgrade header), HTTPS/WSS with a CA made for the run, metrics on a management port
#   NAME+auth the same with --auth jwt and the management port but no TLS (what auth alone costs)
# Environment: BENCH_DURATION (default 60s), BENCH_WARMUP (60s between the ramp and the window: the ramp's
#   backlog drains and the JIT's tail passes, so the window measures the steady state; on one core the
#   compiler still took 6% of the service 30-60 s after its start, 1-2% after 90 s), BENCH_FEED_NICE (-5: the
#   simulator's priority over the load test on their shared cores), BENCH_RAMP_RATE (1000), BENCH_PORT (18080),
#   BENCH_FEED_PORT (19090), BENCH_SERVICE_OPTS / BENCH_LOADTEST_OPTS (JVM options), BENCH_SERVICE_ARGS (more
#   ticker-service flags, e.g. "--transport io_uring"), BENCH_BUILD=1 forces a build,
#   BENCH_PIN (default 1 on machines with 4 cores or fewer): the service on the last core, the simulator
#   and the load test on the others (taskset), so the generator's CPU does not show up as server latency.
# Every service, simulator and load test runs in its own JVM; logs and PIDs go to bench/run/,
# reports to bench/results/ (one JSON + HTML per scenario, results.md and results.json for all).
set -euo pipefail

BENCH="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$BENCH/.." && pwd)"
# shellcheck source=bench/lib.sh
. "$BENCH/lib.sh"
bench_lock "$0" "$@" # one benchmark at a time on this machine: the whole suite holds the lock

DURATION="${BENCH_DURATION:-60s}"
WARMUP="${BENCH_WARMUP:-60s}"
RAMP="${BENCH_RAMP_RATE:-1000}"
PORT="${BENCH_PORT:-18080}"
FEED_PORT="${BENCH_FEED_PORT:-19090}"
SERVICE_OPTS="${BENCH_SERVICE_OPTS:--Xms1g -Xmx4g}"
LOADTEST_OPTS="${BENCH_LOADTEST_OPTS:--Xms512m -Xmx3g}"
RUN="$BENCH/run"
RES="${BENCH_RESULTS:-$BENCH/results}"
mkdir -p "$RUN" "$RES"
rm -f "$RUN"/*.pid  # stale files of an interrupted run: never kill by them
MGMT_PORT="${BENCH_MGMT_PORT:-19100}"
bench_pinning service
SERVICE_JAR="$ROOT/ticker-service/target/ticker-service.jar"
FEED_JAR="$ROOT/feed-simulator/target/feed-simulator.jar"
LOADTEST_JAR="$ROOT/loadtest/target/loadtest.jar"
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -eq 0 ] && SCENARIOS=(a b c d e)

# Every JVM started here leaves its PID in bench/run/NAME.pid; cleanup stops exactly those.
cleanup() {
  stop_pids "$RUN" "*"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ "${BENCH_BUILD:-0}" = 1 ] || [ ! -f "$SERVICE_JAR" ] || [ ! -f "$FEED_JAR" ] || [ ! -f "$LOADTEST_JAR" ]; then
  echo "building jars…"
  (cd "$ROOT" && flock /tmp/mvn.lock mvn -q -B -o package -DskipTests)
fi

# start NAME JAR ARGS… : a JVM in the background, log and PID under bench/run/
start() {
  local name="$1" opts="$2"; shift 2
  local cpus="$OTHER_CPUS" pin=()
  [[ "$name" == *service* || "$name" == d-n* ]] && cpus="$SERVICE_CPUS"
  [ -n "$cpus" ] && pin=(taskset -c "$cpus")
  # The simulator stands for the exchange: when it shares cores with the load test, it goes first
  # (BENCH_FEED_NICE, default -5), so the generator's backlog does not make the feed's ticks late.
  [[ "$name" == *feed* && -n "$cpus" ]] && pin=(nice -n "${BENCH_FEED_NICE:--5}" "${pin[@]}")
  # shellcheck disable=SC2086
  "${pin[@]}" java $opts -jar "$@" >"$RUN/$name.log" 2>&1 &
  local pid=$!
  echo "$pid" >"$RUN/$name.pid"
  echo "$pid"
}

cpu_seconds() { # PID -> utime+stime in seconds
  awk -v hz="$(getconf CLK_TCK)" '{ split($0, a, ") "); split(a[2], f, " "); printf "%.2f", (f[12] + f[13]) / hz }' "/proc/$1/stat"
}

# scenario NAME "DESCRIPTION" "SERVICE PIDS" LOADTEST-ARGS…
run_loadtest() {
  local name="$1" desc="$2" pids="$3"; shift 3
  local cpu0=() p
  for p in $pids; do cpu0+=("$(cpu_seconds "$p")"); done
  local t0; t0=$(date +%s.%N)
  local load0; load0=$(cut -d' ' -f1-3 /proc/loadavg)
  local pin=()
  [ -n "$OTHER_CPUS" ] && pin=(taskset -c "$OTHER_CPUS")
  local cmd=("${pin[@]}" java $LOADTEST_OPTS -jar "$LOADTEST_JAR" --label "$name" --duration "$DURATION" --warmup "$WARMUP"
    --ramp-rate "$RAMP" --out "$RES/$name.json" --html "$RES/$name.html" "$@")
  echo "== $name: $desc"
  echo "   ${cmd[*]}"
  local rc=0
  local lt_time="$RUN/$name.loadtest-time"
  { TIMEFORMAT='%U %S'; time "${cmd[@]}" >"$RUN/$name.loadtest.log" 2>&1; } 2>"$lt_time" || rc=$?
  local t1; t1=$(date +%s.%N)
  tail -n 20 "$RUN/$name.loadtest.log"
  local i=0 svc="[]"
  for p in $pids; do
    local c1; c1=$(cpu_seconds "$p")
    svc=$(jq -c --arg pid "$p" --argjson cpu "$(echo "${c1} - ${cpu0[$i]}" | bc)" --argjson rss "$(rss_mb "$p")" \
      '. + [{pid: ($pid|tonumber), cpuSeconds: $cpu, rssMb: $rss}]' <<<"$svc")
    i=$((i + 1))
  done
  jq -n --arg name "$name" --arg desc "$desc" --arg cmd "${cmd[*]}" --argjson rc "$rc" \
    --argjson wall "$(echo "$t1 - $t0" | bc)" --arg lt "$(cat "$lt_time" 2>/dev/null | tail -1)" --argjson svc "$svc" \
    --arg load0 "$load0" --arg load1 "$(cut -d' ' -f1-3 /proc/loadavg)" \
    '{name: $name, loadAvgBefore: $load0, loadAvgAfter: $load1, description: $desc, command: $cmd, exitCode: $rc, wallSeconds: $wall,
      loadtestCpuSeconds: ($lt | split(" ") | map(tonumber? // 0) | add), serviceProcesses: $svc}' >"$RES/$name.run.json"
}

# Key material for the +sec scenarios, made fresh per run: a CA, the server's certificate, an HS256 secret.
make_keys() {
  local k="$RUN/keys"
  mkdir -p "$k"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=bench-ca" \
    -keyout "$k/ca.key" -out "$k/ca.crt" 2>/dev/null
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -subj "/CN=localhost" -keyout "$k/tls.key" -out "$k/tls.csr" 2>/dev/null
  printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' >"$k/ext"
  openssl x509 -req -in "$k/tls.csr" -CA "$k/ca.crt" -CAkey "$k/ca.key" -CAcreateserial -days 2 -extfile "$k/ext" \
    -out "$k/tls.crt" 2>/dev/null
  openssl pkcs8 -topk8 -nocrypt -in "$k/tls.key" -out "$k/tls.pk8" 2>/dev/null
  openssl rand -hex 32 >"$k/jwt.secret"
}

# The kernel's floor for what a scenario wrote: sendfloor (../shared/tools/sendfloor.c) sends the same
# frames/s of the same average size over the same number of loopback connections, one send() per
# frame, pinned like the service; its µs per frame goes into NAME.run.json next to the service's.
sendfloor() {
  local name="$1" src="$ROOT/../shared/tools/sendfloor.c" bin="$RUN/sendfloor"
  [ -f "$RES/$name.json" ] || return 0
  if [ ! -x "$bin" ]; then
    [ -f "$src" ] || { echo "   sendfloor: $src not found, skipped"; return 0; }
    gcc -O2 -o "$bin" "$src" || return 0
  fi
  local conns bytes fps
  conns=$(jq '.connections.openAtEnd' "$RES/$name.json")
  bytes=$(jq '(.throughput.bytes / (if .throughput.frames > 0 then .throughput.frames else 1 end)) | floor' "$RES/$name.json")
  fps=$(jq '[.server[]?.framesOutPerSec // 0] | add // 0 | floor' "$RES/$name.json")
  if [ "$conns" -le 0 ] || [ "$bytes" -le 0 ] || [ "$fps" -le 0 ]; then return 0; fi
  local pin=()
  [ -n "$SERVICE_CPUS" ] && pin=(taskset -c "$SERVICE_CPUS")
  local floor; floor=$("${pin[@]}" "$bin" "$conns" "$bytes" "$fps" 10 2>/dev/null | tail -1)
  echo "   sendfloor $conns conns, $bytes B, $fps frames/s, reader on the writer's core: $floor"
  # Again with its reader where the load test reads (the other cores), as in the scenario: waking a
  # reader on another core costs the writer more than one on its own core (an IPI per wake-up).
  local apart="null"
  if [ -n "$SERVICE_CPUS" ] && [ -n "$OTHER_CPUS" ]; then
    "${pin[@]}" "$bin" "$conns" "$bytes" "$fps" 10 >"$RUN/sendfloor.out" 2>/dev/null &
    local writer=$! reader="" i
    for i in $(seq 100); do reader=$(pgrep -P "$writer" || true); [ -n "$reader" ] && break; sleep 0.01; done
    [ -n "$reader" ] && taskset -pc "$OTHER_CPUS" "$reader" >/dev/null
    wait "$writer" || true
    [ -n "$reader" ] && apart=$(tail -1 "$RUN/sendfloor.out")
    echo "   sendfloor, reader on the load test's cores ($OTHER_CPUS): $apart"
  fi
  jq --argjson f "${floor:-null}" --argjson a "${apart:-null}" --argjson c "$conns" --argjson b "$bytes" --argjson r "$fps" \
    '. + {sendfloor: {connections: $c, frameBytes: $b, framesPerSec: $r, result: $f, readerApart: $a}}' "$RES/$name.run.json" \
    >"$RES/$name.run.json.tmp" && mv "$RES/$name.run.json.tmp" "$RES/$name.run.json"
}

single() { # NAME DESC FEED-RATE FEED-SYMBOLS [service args] -- loadtest args   (NAME ending in +sec: auth and TLS on)
  local name="$1" desc="$2" rate="$3" symbols="$4"; shift 4
  local svc_args=()
  while [ $# -gt 0 ] && [ "$1" != "--" ]; do svc_args+=("$1"); shift; done
  shift
  # shellcheck disable=SC2206
  svc_args+=(${BENCH_SERVICE_ARGS:-})
  local url="ws://127.0.0.1:$PORT/ws" health="http://127.0.0.1:$PORT/health/ready" lt_sec=()
  if [[ "$name" == *+sec || "$name" == *+auth ]]; then
    make_keys
    local k="$RUN/keys"
    svc_args+=(--auth jwt --jwt-secret-file "$k/jwt.secret" --management-port "$MGMT_PORT")
    lt_sec=(--jwt-secret-file "$k/jwt.secret" --metrics-url "http://127.0.0.1:$MGMT_PORT/metrics")
    health="http://127.0.0.1:$MGMT_PORT/health/ready"
    desc="$desc, with --auth jwt (a token per connection)"
    if [[ "$name" == *+sec ]]; then
      svc_args+=(--tls-cert-file "$k/tls.crt" --tls-key-file "$k/tls.pk8")
      lt_sec+=(--trust-file "$k/ca.crt")
      url="wss://127.0.0.1:$PORT/ws"
      desc="$desc and TLS"
    fi
  fi
  start "$name-feed" "-Xmx1g" "$FEED_JAR" --host 127.0.0.1 --port "$FEED_PORT" --rate "$rate" --symbols "$symbols" --seed 42 >/dev/null
  local svc; svc=$(start "$name-service" "$SERVICE_OPTS" "$SERVICE_JAR" --http-host 127.0.0.1 --http-port "$PORT" \
    --feed-url "ws://127.0.0.1:$FEED_PORT/feed" "${svc_args[@]}")
  wait_http "$health"
  run_loadtest "$name" "$desc" "$svc" --url "$url" "${lt_sec[@]}" "$@"
  cleanup
  sendfloor "$name"
}

scenario_a() { single "a${1:-}" "1,000 clients x * on 50 symbols at 100 ms (feed 2,000 ticks/s)" 2000 50 -- \
  --connections 1000 --all --interval-ms 100; }
scenario_b() { single "b${1:-}" "10,000 clients x 10 of 1,000 symbols at 250 ms (feed 10,000 ticks/s)" 10000 1000 -- \
  --connections 10000 --symbols-per-conn 10 --interval-ms 250; }
scenario_c() { single "c${1:-}" "(b) + 1,000 stalled readers subscribed to * (expect close 1013)" 10000 1000 -- \
  --connections 10000 --symbols-per-conn 10 --interval-ms 250 --stalled 1000; }
# Readers that only drain (no JSON parsing): one load-test process on the same 2 cores cannot parse
# millions of ticks/s, and the point here is how much the server can write (ticker_ticks_out_total).
# What is due here (500 x 10 frames/s of ~150 KB, 750 MB/s) is more than one load-test process on one core can
# drain (about 600 MB/s): its readers fall behind, and the service conflates them (frames skipped) as it should.
# A long slow-consumer grace keeps it from also cutting them off (1013), so the run measures what is written.
scenario_e() { single "e${1:-}" "push: 500 drain-only clients x * on 1,000 symbols at 100 ms (feed 10,000 ticks/s)" 10000 1000 \
  --slow-consumer-grace-ms 600000 -- --connections 500 --all --interval-ms 100 --drain-only; }
scenario_f() { single "f${1:-}" "2,000 clients x 10 of 1,000 symbols at 250 ms (feed 10,000 ticks/s)" 10000 1000 -- \
  --connections 2000 --symbols-per-conn 10 --interval-ms 250; }

scenario_d() {
  local name=d desc="3-node cluster, 3,000 clients x 10 of 1,000 symbols at 250 ms spread over the nodes (feed 10,000 ticks/s)"
  if ! java -jar "$SERVICE_JAR" --help 2>/dev/null | grep -q -- "--cluster-members"; then
    echo "== d: skipped, this ticker-service has no --cluster flags"
    jq -n --arg d "$desc" '{name: "d", description: $d, skipped: "ticker-service has no --cluster flags"}' >"$RES/d.run.json"
    rm -f "$RES/d.json"
    return 0
  fi
  start d-feed "-Xmx1g" "$FEED_JAR" --host 127.0.0.1 --port "$FEED_PORT" --rate 10000 --symbols 1000 --seed 42 >/dev/null
  local members="127.0.0.1:15701,127.0.0.1:15702,127.0.0.1:15703" pids="" urls=() i
  for i in 1 2 3; do
    pids="$pids $(start "d-n$i" "-Xms512m -Xmx1500m" "$SERVICE_JAR" --http-host 127.0.0.1 --http-port $((PORT + i)) \
      --feed-url "ws://127.0.0.1:$FEED_PORT/feed" --fanout-instances 1 --node-id "n$i" --cluster --cluster-name ticker-bench \
      --cluster-host 127.0.0.1 --cluster-port $((15700 + i)) --cluster-members "$members")"
    urls+=(--url "ws://127.0.0.1:$((PORT + i))/ws")
  done
  local ok=1
  for i in 1 2 3; do wait_http "http://127.0.0.1:$((PORT + i))/health/ready" 120 || ok=0; done
  if [ $ok = 1 ]; then
    run_loadtest d "$desc" "$pids" "${urls[@]}" --connections 3000 --symbols-per-conn 10 --interval-ms 250
  else
    echo "== d: cluster did not become ready (see bench/run/d-n*.log)"
    jq -n --arg d "$desc" '{name: "d", description: $d, skipped: "cluster did not become ready within 120 s"}' >"$RES/d.run.json"
  fi
  cleanup
}

# heap_after_gc PID: a full GC in the service, then its heap in use (bytes, every heap pool) from /metrics
heap_after_gc() {
  jcmd "$1" GC.run >/dev/null
  curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^jvm_memory_used_bytes\{.*area="heap"/ { s += $NF } END { printf "%.0f", s }'
}

open_connections() { local n; n=$(curl -fs "http://127.0.0.1:$PORT/metrics" | awk '/^ticker_connections / { printf "%.0f", $2 }'); echo "${n:-0}"; }

scenario_i() {
  local name=i n=10000 desc="10,000 idle connections (nothing subscribed), feed 10,000 ticks/s: heap and RSS per connection after a full GC"
  start i-feed "-Xmx1g" "$FEED_JAR" --host 127.0.0.1 --port "$FEED_PORT" --rate 10000 --symbols 1000 --seed 42 >/dev/null
  local svc; svc=$(start i-service "$SERVICE_OPTS" "$SERVICE_JAR" --http-host 127.0.0.1 --http-port "$PORT" \
    --feed-url "ws://127.0.0.1:$FEED_PORT/feed" ${BENCH_SERVICE_ARGS:-})
  wait_http "http://127.0.0.1:$PORT/health/ready"
  local heap0 rss0; heap0=$(heap_after_gc "$svc"); rss0=$(rss_mb "$svc")
  jcmd "$svc" GC.class_histogram >"$RUN/i.histogram0.txt" 2>/dev/null
  local pin=(); [ -n "$OTHER_CPUS" ] && pin=(taskset -c "$OTHER_CPUS")
  # shellcheck disable=SC2086
  local cmd=("${pin[@]}" java $LOADTEST_OPTS -jar "$LOADTEST_JAR" --label i --duration 600s --ramp-rate "$RAMP" --idle \
    --url "ws://127.0.0.1:$PORT/ws" --connections "$n" --quiet --out "$RES/i.json" --html "$RES/i.html")
  echo "== i: $desc"
  echo "   ${cmd[*]}"
  "${cmd[@]}" >"$RUN/i.loadtest.log" 2>&1 &
  echo $! >"$RUN/i-loadtest.pid"
  local waited=0
  while [ "$(open_connections)" -lt "$n" ] && [ $waited -lt 300 ]; do sleep 1; waited=$((waited + 1)); done
  local open heap1 rss1; open=$(open_connections); heap1=$(heap_after_gc "$svc"); rss1=$(rss_mb "$svc")
  jcmd "$svc" GC.class_histogram >"$RUN/i.histogram1.txt" 2>/dev/null
  # what each connection holds: the classes that grew from no connections to $open, per connection
  python3 "$BENCH/histogram_diff.py" "$RUN/i.histogram0.txt" "$RUN/i.histogram1.txt" "$open" >"$RES/i.histogram.txt"
  stop_pids "$RUN" i-loadtest
  echo "   $open connections: heap after full GC $heap0 -> $heap1 B, RSS $rss0 -> $rss1 MB"
  jq -n --arg name i --arg desc "$desc" --arg cmd "${cmd[*]}" --argjson n "$open" --argjson h0 "$heap0" --argjson h1 "$heap1" \
    --argjson r0 "$rss0" --argjson r1 "$rss1" \
    '{name: $name, description: $desc, command: $cmd, idle: {connections: $n, heapBaselineBytes: $h0, heapBytes: $h1,
      heapPerConnectionBytes: (if $n > 0 then (($h1 - $h0) / $n | floor) else null end), rssBaselineMb: $r0, rssMb: $r1,
      rssPerConnectionKb: (if $n > 0 then (($r1 - $r0) * 1024 / $n | floor) else null end)}}' >"$RES/i.run.json"
  rm -f "$RES/i.json" "$RES/i.html" # stopped mid-run: its report is not a measurement
  cleanup
}

for s in "${SCENARIOS[@]}"; do
  case "$s" in
    a|b|c|d|e|f|i) "scenario_$s" ;;
    a+sec|b+sec|c+sec|e+sec|f+sec) "scenario_${s%+sec}" +sec ;;
    a+auth|b+auth|c+auth|e+auth|f+auth) "scenario_${s%+auth}" +auth ;;
    *) echo "unknown scenario '$s' (a b c d e f i, or a b c e f with +auth or +sec)" >&2; exit 2 ;;
  esac
done

python3 "$BENCH/summarize.py" "$RES" "$DURATION"
echo "results: $RES/results.md, $RES/results.json"
