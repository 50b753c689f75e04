#!/usr/bin/env bash
# The fault lab (run as root): three service nodes, the feed simulator and HAProxy, each in its own
# network namespace on one bridge (scripts/netlab-lib.sh: names tkl-$NETLAB_ID-*, subnet $NETLAB_NET.0/24).
#   WebSocket through HAProxy:  ws://10.213.0.30:8080/ws   (dashboard http://10.213.0.30:8080/)
#   HAProxy stats:              http://10.213.0.30:8404/
#   each node directly:         http://10.213.0.11:8080/ … .13     simulator ws://10.213.0.20:9090/feed
# Then scripts/netlab-partition.sh to cut, heal, freeze or thaw a node, scripts/netlab-down.sh to end it.
# Environment: NETLAB_RATE (2000 ticks/s), NETLAB_SYMBOLS (200), NETLAB_MIN_MEMBERS (1; 2 = a cut-off
# node stops serving: not ready, stale, no ingest), NETLAB_JVM_OPTS (-Xmx512m), NETLAB_ID, NETLAB_NET.
set -euo pipefail
# shellcheck source=scripts/netlab-lib.sh
. "$(dirname "$0")/netlab-lib.sh"
netlab_require_root
SERVICE_JAR="$NETLAB_ROOT/ticker-service/target/ticker-service.jar"
FEED_JAR="$NETLAB_ROOT/feed-simulator/target/feed-simulator.jar"
for j in "$SERVICE_JAR" "$FEED_JAR"; do
  [ -f "$j" ] || { echo "missing $j: build first (mvn -B -q -DskipTests package)" >&2; exit 2; }
done
command -v haproxy >/dev/null || { echo "haproxy is not installed: run scripts/install-test-deps.sh" >&2; exit 2; }
if ip link show "$(netlab_bridge)" >/dev/null 2>&1; then
  echo "lab $NETLAB_ID is up already (scripts/netlab-down.sh ends it)" >&2
  exit 1
fi
netlab_net_up
JVM_OPTS="${NETLAB_JVM_OPTS:--Xmx512m}"

# start ROLE JAR ARGS…: a JVM in the role's namespace, log and PID in $NETLAB_RUN
start() {
  local role="$1"; shift
  # shellcheck disable=SC2086
  ip netns exec "$(netlab_ns "$role")" java $JVM_OPTS -jar "$@" >"$NETLAB_RUN/$role.log" 2>&1 &
  echo $! >"$NETLAB_RUN/$role.pid"
}

start sim "$FEED_JAR" --host "$(netlab_addr sim)" --port 9090 --rate "${NETLAB_RATE:-2000}" --symbols "${NETLAB_SYMBOLS:-200}"
members=""
for node in "${NETLAB_NODES[@]}"; do members="$members${members:+,}$(netlab_addr "$node"):5701"; done
for node in "${NETLAB_NODES[@]}"; do
  start "$node" "$SERVICE_JAR" --node-id "$node" --http-host "$(netlab_addr "$node")" --http-port 8080 \
    --cluster --cluster-name "netlab-$NETLAB_ID" --cluster-host "$(netlab_addr "$node")" --cluster-port 5701 \
    --cluster-members "$members" --cluster-min-members "${NETLAB_MIN_MEMBERS:-1}" \
    --feed-url "ws://$(netlab_addr sim):9090/feed" --max-connections-per-ip 0
done
netlab_haproxy_start
for node in "${NETLAB_NODES[@]}"; do
  for _ in $(seq 600); do
    curl -fs -o /dev/null "http://$(netlab_addr "$node"):8080/health/ready" && break
    sleep 0.2
  done
  curl -fs -o /dev/null "http://$(netlab_addr "$node"):8080/health/ready" || { echo "$node not ready: see $NETLAB_RUN/$node.log" >&2; exit 1; }
done
echo "lab $NETLAB_ID up: ws://$(netlab_addr lb):8080/ws (HAProxy, stats http://$(netlab_addr lb):8404/), nodes $(for n in "${NETLAB_NODES[@]}"; do printf '%s ' "$(netlab_addr "$n")"; done)"
echo "logs and PIDs in $NETLAB_RUN"
