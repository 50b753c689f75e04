#!/usr/bin/env bash
# Starts a local Ticker cluster: one standalone feed-simulator JVM and N ticker-service JVMs
# clustered with Hazelcast over TCP on 127.0.0.1. Logs and PID files go to ./run/ (gitignored).
#
#   scripts/cluster-up.sh [N]     N service nodes (default: the N of the running cluster, else 3)
#
# Re-running it starts only what is missing (e.g. after `scripts/cluster-down.sh n1`).
# Stop everything with scripts/cluster-down.sh.
#
# Environment (all optional):
#   FEED_PORT=9090          simulator port; other FEED_* (FEED_RATE, FEED_SYMBOLS, ...) reach it as-is
#   FEED_HOST=127.0.0.1     simulator listen address
#   HTTP_BASE_PORT=8081     node k listens on HTTP_BASE_PORT+k-1
#   CLUSTER_BASE_PORT=5701  node k's Hazelcast port is CLUSTER_BASE_PORT+k-1
#   CLUSTER_HOST=127.0.0.1  address the nodes bind/advertise for Hazelcast and the event bus
#   CLUSTER_NAME=ticker     Hazelcast cluster name
#   NODE_XMX=384m FEED_XMX=256m   heap per JVM;  JAVA_OPTS   extra JVM flags for every JVM
#   READY_TIMEOUT=90        seconds to wait for each readiness step
#   TICKER_*                any other service option (see java -jar ticker-service.jar --help)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/run"
JAVA="${JAVA:-java}"
FEED_PORT="${FEED_PORT:-9090}"
FEED_HOST="${FEED_HOST:-127.0.0.1}"
HTTP_BASE_PORT="${HTTP_BASE_PORT:-8081}"
CLUSTER_BASE_PORT="${CLUSTER_BASE_PORT:-5701}"
CLUSTER_HOST="${CLUSTER_HOST:-127.0.0.1}"
CLUSTER_NAME="${CLUSTER_NAME:-ticker}"
NODE_XMX="${NODE_XMX:-384m}"
FEED_XMX="${FEED_XMX:-256m}"
READY_TIMEOUT="${READY_TIMEOUT:-90}"
JAVA_OPTS="${JAVA_OPTS:-}"
# What Hazelcast asks for on Java 9+ (otherwise it warns and uses slower code paths).
HZ_OPENS="--add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
--add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
--add-opens java.management/sun.management=ALL-UNNAMED \
--add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED"

die() { echo "cluster-up: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
T0=$(now_ms)
elapsed() { awk -v a="$T0" -v b="$(now_ms)" 'BEGIN { printf "%.1fs", (b - a) / 1000 }'; }

case "${1:-}" in
  -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
[ $# -le 1 ] || die "usage: scripts/cluster-up.sh [N]"
command -v "$JAVA" >/dev/null || die "java not found (Java 17 needed)"
command -v curl >/dev/null || die "curl not found (used to poll /health/ready)"

mkdir -p "$RUN/lib"
if [ -n "${1:-}" ]; then
  N="$1"
elif [ -f "$RUN/cluster.env" ]; then
  N="$(sed -n 's/^N=//p' "$RUN/cluster.env")"
else
  N=3
fi
[[ "$N" =~ ^[1-9][0-9]?$ ]] || die "N must be 1..99, got '$N'"
echo "N=$N" > "$RUN/cluster.env"

# ---------------------------------------------------------------- jars
SIM_JAR="$ROOT/feed-simulator/target/feed-simulator.jar"
SVC_JAR="$ROOT/ticker-service/target/ticker-service.jar"
if [ ! -f "$SIM_JAR" ] || [ ! -f "$SVC_JAR" ]; then
  echo "Building the jars (mvn package -DskipTests) ..."
  MVN=(mvn -q -B package -DskipTests -pl feed-simulator,ticker-service -am)
  if command -v flock >/dev/null; then MVN=(flock "${MVN_LOCK:-/tmp/mvn.lock}" "${MVN[@]}"); fi
  (cd "$ROOT" && "${MVN[@]}") || die "maven build failed"
  [ -f "$SIM_JAR" ] && [ -f "$SVC_JAR" ] || die "build finished but the jars are missing"
fi
# Run private copies so a rebuild (which rewrites target/*.jar) cannot break running JVMs.
# cp to a temp file + rename: a JVM still running an older copy keeps its open inode.
install_jar() {
  local src="$1" dst="$RUN/lib/$(basename "$1")"
  if ! cmp -s "$src" "$dst" 2>/dev/null; then
    cp "$src" "$dst.tmp.$$" && mv -f "$dst.tmp.$$" "$dst"
  fi
}
install_jar "$SIM_JAR"
install_jar "$SVC_JAR"

# ---------------------------------------------------------------- helpers
# is_ours NAME: the PID file exists and names a live JVM that is really that process.
is_ours() {
  local name="$1" pid args
  [ -f "$RUN/$name.pid" ] || return 1
  pid="$(cat "$RUN/$name.pid" 2>/dev/null)"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args="$(ps -ww -p "$pid" -o args= 2>/dev/null)" || return 1
  if [ "$name" = feed ]; then
    [[ "$args" == *feed-simulator.jar* ]]
  else
    [[ "$args" == *ticker-service.jar*"--node-id $name "* ]]
  fi
}
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# log_tail FILE: the last 30 lines of this run's part of the (appended) log.
log_tail() {
  echo "---- $1 (last 30 lines of this start) ----" >&2
  awk '/^==== .* starting /{n=0} {buf[n++]=$0} END {for (i = (n > 30 ? n - 30 : 0); i < n; i++) print buf[i]}' "$1" >&2 || true
  echo "----" >&2
}

# start NAME CMD...: starts a detached JVM (own session, survives the terminal), writes NAME.pid.
start() {
  local name="$1"; shift
  rm -f "$RUN/$name.pid"
  {
    echo "==== $(date '+%F %T') starting $name: $*"
  } >> "$RUN/$name.log"
  # bash -c writes its own PID then execs java, so the PID file names the JVM itself.
  setsid nohup bash -c 'echo $$ > "$0"; exec "$@"' "$RUN/$name.pid" "$@" >> "$RUN/$name.log" 2>&1 < /dev/null &
  local i
  for i in $(seq 50); do [ -s "$RUN/$name.pid" ] && return 0; sleep 0.1; done
  die "$name did not start (no PID file)"
}

http_port() { echo $((HTTP_BASE_PORT + ${1#n} - 1)); }
cluster_port() { echo $((CLUSTER_BASE_PORT + ${1#n} - 1)); }

# wait_ready NAME...: polls every node's /health/ready until all are 200.
wait_ready() {
  local deadline=$(( $(date +%s) + READY_TIMEOUT )) pending=("$@") still name code
  while [ ${#pending[@]} -gt 0 ]; do
    still=()
    for name in "${pending[@]}"; do
      if ! is_ours "$name"; then
        echo "cluster-up: $name exited during startup" >&2
        log_tail "$RUN/$name.log"
        exit 1
      fi
      code="$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:$(http_port "$name")/health/ready" || true)"
      if [ "$code" = 200 ]; then
        echo "  $name ready after $(elapsed)"
      else
        still+=("$name")
      fi
    done
    pending=("${still[@]+"${still[@]}"}")
    [ ${#pending[@]} -eq 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for name in "${pending[@]}"; do
        echo "cluster-up: $name not ready within ${READY_TIMEOUT}s; /health/ready says:" >&2
        curl -s -m 2 "http://127.0.0.1:$(http_port "$name")/health/ready" >&2 || echo "(no answer)" >&2
        echo >&2
        log_tail "$RUN/$name.log"
      done
      exit 1
    fi
    sleep 0.5
  done
}

# ---------------------------------------------------------------- feed simulator
FEED_ADDR="$FEED_HOST"
[ "$FEED_ADDR" = 0.0.0.0 ] && FEED_ADDR=127.0.0.1
FEED_URL="ws://$FEED_ADDR:$FEED_PORT/feed"
if is_ours feed; then
  echo "feed-simulator already running (PID $(cat "$RUN/feed.pid"))"
else
  port_busy "$FEED_PORT" && die "port $FEED_PORT is taken by another process (set FEED_PORT)"
  # shellcheck disable=SC2086
  start feed "$JAVA" -Xms32m -Xmx"$FEED_XMX" -XX:+ExitOnOutOfMemoryError $JAVA_OPTS \
    -jar "$RUN/lib/feed-simulator.jar" --host "$FEED_HOST" --port "$FEED_PORT"
  deadline=$(( $(date +%s) + READY_TIMEOUT ))
  until [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$FEED_ADDR:$FEED_PORT/health" || true)" = 200 ]; do
    if ! is_ours feed; then echo "cluster-up: feed-simulator exited" >&2; log_tail "$RUN/feed.log"; exit 1; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then
      echo "cluster-up: feed-simulator not healthy (GET :$FEED_PORT/health) within ${READY_TIMEOUT}s" >&2
      log_tail "$RUN/feed.log"; exit 1
    fi
    sleep 0.2
  done
  echo "feed-simulator up on $FEED_URL (PID $(cat "$RUN/feed.pid")) after $(elapsed)"
fi

# ---------------------------------------------------------------- service nodes
MEMBERS=""
for k in $(seq "$N"); do
  MEMBERS="${MEMBERS:+$MEMBERS,}$CLUSTER_HOST:$((CLUSTER_BASE_PORT + k - 1))"
done

start_node() {
  local name="$1" hp cp
  hp="$(http_port "$name")"; cp="$(cluster_port "$name")"
  port_busy "$hp" && die "HTTP port $hp for $name is taken by another process (set HTTP_BASE_PORT)"
  # Hazelcast would silently move to the next port, off the member list: refuse instead.
  port_busy "$cp" && die "cluster port $cp for $name is taken by another process (set CLUSTER_BASE_PORT)"
  # shellcheck disable=SC2086
  start "$name" "$JAVA" -Xms64m -Xmx"$NODE_XMX" -XX:+ExitOnOutOfMemoryError $HZ_OPENS $JAVA_OPTS \
    -jar "$RUN/lib/ticker-service.jar" --node-id "$name" --http-port "$hp" \
    --feed-url "$FEED_URL" --cluster --cluster-name "$CLUSTER_NAME" \
    --cluster-host "$CLUSTER_HOST" --cluster-port "$cp" --cluster-members "$MEMBERS"
  echo "  started $name (PID $(cat "$RUN/$name.pid"), http $hp, hazelcast $cp)"
}

running=() missing=()
for k in $(seq "$N"); do
  if is_ours "n$k"; then running+=("n$k"); else missing+=("n$k"); fi
done
[ ${#running[@]} -gt 0 ] && echo "already running: ${running[*]}"

if [ ${#missing[@]} -gt 0 ]; then
  if [ ${#running[@]} -eq 0 ]; then
    # Fresh cluster: the first node becomes the oldest member, hence the ingest leader.
    first="${missing[0]}"; missing=("${missing[@]:1}")
    echo "starting $first first (it will be the ingest leader) ..."
    start_node "$first"
    wait_ready "$first"
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "starting ${missing[*]} ..."
    for name in "${missing[@]}"; do start_node "$name"; done
  fi
fi
all=()
for k in $(seq "$N"); do all+=("n$k"); done
wait_ready "${all[@]}"

leader="$(curl -s -m 2 "http://127.0.0.1:$HTTP_BASE_PORT/health/ready" | sed -n 's/.*"leader":"\([^"]*\)".*/\1/p')"
echo
echo "Ticker cluster of $N node(s) ready after $(elapsed); ingest leader: ${leader:-?}"
echo "  feed      $FEED_URL   (PID $(cat "$RUN/feed.pid"), log run/feed.log)"
for name in "${all[@]}"; do
  hp="$(http_port "$name")"
  echo "  $name        dashboard http://localhost:$hp/   ws://localhost:$hp/ws   metrics http://localhost:$hp/metrics   ready http://localhost:$hp/health/ready   (PID $(cat "$RUN/$name.pid"), log run/$name.log)"
done
echo "Failover: kill -9 \$(cat run/n1.pid)  or  scripts/cluster-down.sh n1;  re-run scripts/cluster-up.sh to restart it."
echo "Stop all: scripts/cluster-down.sh"
