#!/usr/bin/env bash
# Stops the local cluster started by scripts/cluster-up.sh: exactly the PIDs in ./run/*.pid.
#
#   scripts/cluster-down.sh            stop every node, then the feed simulator
#   scripts/cluster-down.sh n1 [n2..]  stop only those (e.g. to watch failover); `feed` = simulator
#
# SIGTERM first (nodes close clients with 1001 and leave the cluster), SIGKILL after
# STOP_TIMEOUT seconds (default 15). PID files are removed; logs stay in ./run/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$ROOT/run"
STOP_TIMEOUT="${STOP_TIMEOUT:-15}"

case "${1:-}" in
  -h|--help) sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
now_ms() { date +%s%3N; }

# pid_of NAME: the PID from NAME.pid if it is still that process (guards against PID reuse).
pid_of() {
  local name="$1" pid args
  pid="$(cat "$RUN/$name.pid" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  args="$(ps -ww -p "$pid" -o args= 2>/dev/null)" || return 1
  if [ "$name" = feed ]; then
    [[ "$args" == *feed-simulator.jar* ]] || return 1
  else
    [[ "$args" == *ticker-service.jar*"--node-id $name "* ]] || return 1
  fi
  echo "$pid"
}

# stop NAME...: SIGTERM all of them, wait, SIGKILL what is left, remove the PID files.
stop() {
  local name pid t0 deadline names=() pids=()
  for name in "$@"; do
    if [ ! -f "$RUN/$name.pid" ]; then
      echo "$name: not running (no PID file)"
    elif pid="$(pid_of "$name")"; then
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name"); pids+=("$pid")
      echo "$name: SIGTERM sent to PID $pid"
    else
      echo "$name: not running (stale PID file removed)"
      rm -f "$RUN/$name.pid"
    fi
  done
  [ ${#pids[@]} -gt 0 ] || return 0
  t0=$(now_ms)
  deadline=$(( $(date +%s) + STOP_TIMEOUT ))
  local i alive
  while :; do
    alive=0
    for i in "${!pids[@]}"; do
      if kill -0 "${pids[$i]}" 2>/dev/null; then alive=1; fi
    done
    [ $alive -eq 0 ] && break
    if [ "$(date +%s)" -ge "$deadline" ]; then
      for i in "${!pids[@]}"; do
        if kill -0 "${pids[$i]}" 2>/dev/null; then
          echo "${names[$i]}: still alive after ${STOP_TIMEOUT}s, SIGKILL"
          kill -KILL "${pids[$i]}" 2>/dev/null || true
        fi
      done
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  for i in "${!pids[@]}"; do rm -f "$RUN/${names[$i]}.pid"; done
  awk -v a="$t0" -v b="$(now_ms)" -v n="${names[*]}" 'BEGIN { printf "stopped %s in %.1fs\n", n, (b - a) / 1000 }'
}

[ -d "$RUN" ] || { echo "nothing to stop (no $RUN)"; exit 0; }

if [ $# -gt 0 ]; then
  for name in "$@"; do
    [[ "$name" == feed || "$name" =~ ^n[1-9][0-9]?$ ]] || { echo "cluster-down: unknown process '$name' (n1, n2, ..., feed)" >&2; exit 2; }
  done
  stop "$@"
else
  nodes=()
  for f in "$RUN"/n*.pid; do
    [ -e "$f" ] || continue
    nodes+=("$(basename "$f" .pid)")
  done
  # Nodes first so they do not see the feed vanish and flap to stale on the way out.
  if [ ${#nodes[@]} -gt 0 ]; then stop "${nodes[@]}"; fi
  stop feed
  rm -f "$RUN/cluster.env"
fi
