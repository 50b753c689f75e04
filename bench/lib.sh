# shellcheck shell=bash
# Shared by bench/run.sh, bench/storm.sh and bench/soak.sh (sourced, not run): one benchmark at a time, the
# pinning of service and load generator, stopping exactly the JVMs a run started, waiting for a URL, RSS.

# bench_lock SCRIPT ARGS…: re-runs the script under flock /tmp/bench.lock (benchmarks need all the CPU).
bench_lock() {
  if [ -z "${BENCH_LOCKED:-}" ]; then
    export BENCH_LOCKED=1
    exec flock /tmp/bench.lock "$@"
  fi
}

# bench_pinning WHAT: sets SERVICE_CPUS (the last core) and OTHER_CPUS (the rest) when BENCH_PIN is 1
# (the default on 4 cores or fewer), empty otherwise, and says which.
bench_pinning() {
  local cores; cores=$(nproc)
  local pin="${BENCH_PIN:-$([ "$cores" -le 4 ] && echo 1 || echo 0)}"
  if [ "$pin" = 1 ] && [ "$cores" -ge 2 ]; then
    SERVICE_CPUS="$((cores - 1))"; OTHER_CPUS="0-$((cores - 2))"
    echo "pinning: $1 on CPU $SERVICE_CPUS, simulator and load test on CPU $OTHER_CPUS"
  else
    SERVICE_CPUS=""; OTHER_CPUS=""
    echo "pinning: off (BENCH_PIN=0 or one core)"
  fi
}

# stop_pids DIR GLOB: SIGTERM to every PID in DIR/GLOB.pid, SIGKILL after 10 s, then removes the files.
stop_pids() {
  local f pid
  for f in "$1"/$2.pid; do
    [ -f "$f" ] || continue
    kill "$(cat "$f")" 2>/dev/null || true
  done
  for f in "$1"/$2.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$f"
  done
}

# wait_http URL [seconds]: until it answers 200
wait_http() {
  local url="$1" limit="${2:-60}"
  for _ in $(seq $((limit * 5))); do
    curl -fs -o /dev/null "$url" && return 0
    sleep 0.2
  done
  echo "timed out waiting for $url" >&2
  return 1
}

# rss_mb PID: resident memory in MB
rss_mb() { awk '/VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$1/status"; }
