#!/usr/bin/env bash
# Starts a local Prometheus (Debian's package; installed with apt-get when missing) that scrapes
# the local Ticker service with the project's recording and alerting rules loaded
# (deploy/prometheus/rules.yml). Its UI: http://127.0.0.1:9095/ (see README.md, "Monitoring").
#
#   scripts/observe-up.sh [node|cluster]
#     node     one service on :8080   (java -jar ticker-service/target/ticker-service.jar)
#     cluster  the nodes of scripts/cluster-up.sh on :8081, :8082, ... (N from run/cluster.env)
#     (none)   cluster if scripts/cluster-up.sh's cluster is running, else node
#
# Re-running it rewrites the configuration and reloads the running Prometheus (e.g. to switch
# between node and cluster). Stop it with scripts/observe-down.sh. Config, data, log and PID file
# are in ./run/observe/ (gitignored); the data is kept across restarts.
#
# Environment (all optional):
#   PROM_PORT=9095  PROM_HOST=127.0.0.1   where Prometheus listens (9090 is the feed simulator's)
#   SCRAPE_INTERVAL=5s                    scrape and rule evaluation interval
#   TICKER_PORT=8080                      the node's port (node mode)
#   HTTP_BASE_PORT=8081                   the first cluster node's port (cluster mode)
#   RETENTION=2d                          how long samples are kept
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/run"
OBS="$RUN/observe"
RULES="$ROOT/deploy/prometheus/rules.yml"
PROM_PORT="${PROM_PORT:-9095}"
PROM_HOST="${PROM_HOST:-127.0.0.1}"
SCRAPE_INTERVAL="${SCRAPE_INTERVAL:-5s}"
TICKER_PORT="${TICKER_PORT:-8080}"
HTTP_BASE_PORT="${HTTP_BASE_PORT:-8081}"
RETENTION="${RETENTION:-2d}"

die() { echo "observe-up: $*" >&2; exit 1; }

case "${1:-}" in
  -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  ""|node|cluster) ;;
  *) die "usage: scripts/observe-up.sh [node|cluster]" ;;
esac
command -v curl >/dev/null || die "curl not found"
[ -f "$RULES" ] || die "missing $RULES"

"$ROOT/scripts/install-prometheus.sh"
PROMETHEUS=/usr/bin/prometheus
PROMTOOL=/usr/bin/promtool

# cluster_running: scripts/cluster-up.sh's first node is alive.
cluster_running() {
  local pid
  pid="$(cat "$RUN/n1.pid" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] && ps -ww -p "$pid" -o args= 2>/dev/null | grep -q "ticker-service.jar"
}

MODE="${1:-}"
if [ -z "$MODE" ]; then
  if cluster_running; then MODE=cluster; else MODE=node; fi
fi
TARGETS=()
if [ "$MODE" = cluster ]; then
  N="$(sed -n 's/^N=//p' "$RUN/cluster.env" 2>/dev/null || true)"
  N="${N:-3}"
  for k in $(seq "$N"); do TARGETS+=("\"127.0.0.1:$((HTTP_BASE_PORT + k - 1))\""); done
else
  TARGETS=("\"127.0.0.1:$TICKER_PORT\"")
fi
TARGET_LIST="$(IFS=,; echo "${TARGETS[*]}")"

mkdir -p "$OBS/data"
CONFIG="$OBS/prometheus.yml"
cat > "$CONFIG.tmp" <<YAML
# Written by scripts/observe-up.sh ($MODE); see deploy/prometheus/prometheus.yml for the example.
global:
  scrape_interval: $SCRAPE_INTERVAL
  evaluation_interval: $SCRAPE_INTERVAL
rule_files:
  - $RULES
scrape_configs:
  - job_name: ticker
    static_configs:
      - targets: [$TARGET_LIST]
YAML
"$PROMTOOL" check config "$CONFIG.tmp" >/dev/null || { "$PROMTOOL" check config "$CONFIG.tmp"; die "invalid configuration"; }
mv -f "$CONFIG.tmp" "$CONFIG"

# our_pid: the PID in prometheus.pid if it is still our Prometheus (guards against PID reuse).
our_pid() {
  local pid
  pid="$(cat "$OBS/prometheus.pid" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  ps -ww -p "$pid" -o args= 2>/dev/null | grep -qF -- "--config.file=$CONFIG" || return 1
  echo "$pid"
}

URL="http://$PROM_HOST:$PROM_PORT"
[ "$PROM_HOST" = 0.0.0.0 ] && URL="http://127.0.0.1:$PROM_PORT"
if pid="$(our_pid)"; then
  kill -HUP "$pid"
  echo "Prometheus already running (PID $pid): configuration reloaded ($MODE: ${TARGETS[*]})"
else
  if (exec 3<>"/dev/tcp/127.0.0.1/$PROM_PORT") 2>/dev/null; then
    die "port $PROM_PORT is taken by another process (set PROM_PORT)"
  fi
  echo "==== $(date '+%F %T') starting prometheus ($MODE)" >> "$OBS/prometheus.log"
  setsid nohup bash -c 'echo $$ > "$0"; exec "$@"' "$OBS/prometheus.pid" "$PROMETHEUS" \
    --config.file="$CONFIG" \
    --storage.tsdb.path="$OBS/data" \
    --storage.tsdb.retention.time="$RETENTION" \
    --web.listen-address="$PROM_HOST:$PROM_PORT" \
    >> "$OBS/prometheus.log" 2>&1 < /dev/null &
  for _ in $(seq 50); do [ -s "$OBS/prometheus.pid" ] && break; sleep 0.1; done
  deadline=$(( $(date +%s) + 60 ))
  until [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$URL/-/ready" || true)" = 200 ]; do
    if ! our_pid >/dev/null; then
      tail -n 20 "$OBS/prometheus.log" >&2
      die "prometheus exited during startup (log: run/observe/prometheus.log)"
    fi
    [ "$(date +%s)" -lt "$deadline" ] || die "prometheus not ready within 60 s (log: run/observe/prometheus.log)"
    sleep 0.3
  done
  echo "Prometheus up (PID $(cat "$OBS/prometheus.pid")), scraping $MODE: ${TARGETS[*]}"
fi

# Debian's build serves the classic UI under /classic/; upstream's serves its UI at the root.
UI="$URL"
[ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$URL/classic/alerts" || true)" = 200 ] && UI="$URL/classic"

# Report the targets' health once each has been scraped (or after 20 s).
count() { (grep -o "\"health\":\"$1\"" <<<"$targets" || true) | wc -l; }
deadline=$(( $(date +%s) + 20 ))
while :; do
  targets="$(curl -s -m 2 "$URL/api/v1/targets?state=active" || true)"
  up="$(count up)"
  [ $((up + $(count down))) -ge "${#TARGETS[@]}" ] && break
  [ "$(date +%s)" -ge "$deadline" ] && break
  sleep 1
done
echo "  targets up: $up of ${#TARGETS[@]}$([ "$up" -lt "${#TARGETS[@]}" ] && echo "  (start the service, or see $UI/targets)")"
echo
echo "  UI        $URL/   (graph; try instance:ticker_ticks_out:rate1m)"
echo "  targets   $UI/targets"
echo "  alerts    $UI/alerts"
echo "  rules     $UI/rules"
echo "  log       run/observe/prometheus.log"
echo "Stop: scripts/observe-down.sh"
