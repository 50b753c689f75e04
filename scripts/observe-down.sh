#!/usr/bin/env bash
# Stops the Prometheus started by scripts/observe-up.sh: exactly the PID in run/observe/prometheus.pid,
# after checking it is still that Prometheus. SIGTERM, then SIGKILL after STOP_TIMEOUT seconds
# (default 15). The collected data stays in run/observe/data (remove that directory to forget it).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OBS="$ROOT/run/observe"
STOP_TIMEOUT="${STOP_TIMEOUT:-15}"
case "${1:-}" in
  -h|--help) sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  "") ;;
  *) echo "usage: scripts/observe-down.sh" >&2; exit 2 ;;
esac
if [ ! -f "$OBS/prometheus.pid" ]; then
  echo "prometheus: not running (no PID file)"
  exit 0
fi
pid="$(cat "$OBS/prometheus.pid" 2>/dev/null || true)"
if ! [[ "$pid" =~ ^[0-9]+$ ]] || ! ps -ww -p "$pid" -o args= 2>/dev/null | grep -qF -- "--config.file=$OBS/prometheus.yml"; then
  echo "prometheus: not running (stale PID file removed)"
  rm -f "$OBS/prometheus.pid"
  exit 0
fi
kill -TERM "$pid" 2>/dev/null || true
echo "prometheus: SIGTERM sent to PID $pid"
deadline=$(( $(date +%s) + STOP_TIMEOUT ))
while kill -0 "$pid" 2>/dev/null; do
  if [ "$(date +%s)" -ge "$deadline" ]; then
    echo "prometheus: still alive after ${STOP_TIMEOUT}s, SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    break
  fi
  sleep 0.2
done
rm -f "$OBS/prometheus.pid"
echo "prometheus stopped (data kept in run/observe/data)"
