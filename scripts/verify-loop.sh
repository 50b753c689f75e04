#!/usr/bin/env bash
# verify-loop.sh RUNS [LANES] [DIR]: runs CI's command (.ci/run: the README's test command) RUNS
# times in a row on clean clones of this repository's HEAD, LANES clones at once (default 2), so
# every run has another build beside it. With BESIDE="a command", one lane of the suite runs and
# that command runs over and over beside it, in a clone of its own, until the last run ends (e.g.
# BESIDE="mvn -B -q -o clean package -DskipTests": a build that keeps a core busy). Stops at the
# first failure: "in a row" means no failure in between. One line per run goes to DIR/runs.tsv
# (lane, run, start, seconds, result); each run's output to DIR/laneK/run-N.log. Ends only the
# processes it started, by PID.
# With RESUME=1 and a DIR whose runs all passed, it goes on where that loop stopped (run numbers
# and runs.tsv continue) on that loop's commit, not HEAD: a row of runs on one commit can be
# paused (the machine is needed) and taken up again, and "in a row" still means no failure between.
set -euo pipefail
RUNS=${1:?usage: verify-loop.sh RUNS [LANES] [DIR]}
LANES=${2:-2}
DIR=${3:-/tmp/verify-loop}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
COMMIT=$(git -C "$ROOT" rev-parse HEAD)

if [ "${RESUME:-0}" = 1 ] && [ -e "$DIR/commit" ] && [ ! -e "$DIR/failed" ]; then
  COMMIT=$(cat "$DIR/commit")
  grep -c 'pass$' "$DIR/runs.tsv" > "$DIR/claimed" || true
  rm -f "$DIR/done"
  echo "verify-loop: resuming after $(cat "$DIR/claimed") passed runs"
else
  rm -rf "$DIR" && mkdir -p "$DIR"
  echo "$COMMIT" > "$DIR/commit"
  echo 0 > "$DIR/claimed"
  printf 'lane\trun\tended\tseconds\tresult\n' > "$DIR/runs.tsv"
fi
echo "verify-loop: $RUNS runs of .ci/run on $COMMIT, $LANES at a time, in $DIR"

# lane K: claims the next run number until RUNS are claimed or a run has failed. Lanes after the
# first start STAGGER seconds apart (default 150), so that their phases differ from run to run.
lane() {
  local k=$1 clone="$DIR/lane$1/repo"
  sleep $(( (k - 1) * ${STAGGER:-150} ))
  while true; do
    local n
    n=$(flock "$DIR/claimed" bash -c 'n=$(( $(cat "$1") + 1 )); [ -e "$2/failed" ] || [ "$n" -gt "$3" ] && exit 1; echo "$n" > "$1"; echo "$n"' _ "$DIR/claimed" "$DIR" "$RUNS") || return 0
    rm -rf "$clone" && git clone -q "$ROOT" "$clone" && git -C "$clone" checkout -q "$COMMIT"
    local start=$SECONDS result=pass
    (cd "$clone" && CI=true bash .ci/run) > "$DIR/lane$k/run-$n.log" 2>&1 || result=FAIL
    printf '%s\t%s\t%s\t%s\t%s\n' "$k" "$n" "$(date -u +%H:%M:%S)" "$((SECONDS - start))" "$result" >> "$DIR/runs.tsv"
    if [ "$result" = FAIL ]; then
      touch "$DIR/failed"
      grep -E '<<< (FAIL|ERR)|Tests run:.*(Failures|Errors): [1-9]' "$DIR/lane$k/run-$n.log" | head -5 >> "$DIR/failures.txt" || true
      return 0
    fi
  done
}

set -m # each lane a process group of its own: stopping the loop stops its builds, and nothing else
pids=()
trap 'for p in "${pids[@]}" ${besidePid:-}; do kill -- "-$p" 2>/dev/null || true; done' INT TERM
beside() {
  local clone="$DIR/beside/repo" n=0
  rm -rf "$clone" && git clone -q "$ROOT" "$clone" && git -C "$clone" checkout -q "$COMMIT"
  while [ ! -e "$DIR/done" ]; do
    n=$((n + 1))
    (cd "$clone" && bash -c "$BESIDE") > "$DIR/beside/run-$n.log" 2>&1 || true
  done
  echo "$n" > "$DIR/beside/runs"
}

[ -n "${BESIDE:-}" ] && LANES=1
for k in $(seq 1 "$LANES"); do
  mkdir -p "$DIR/lane$k"
  lane "$k" &
  pids+=($!)
done
if [ -n "${BESIDE:-}" ]; then
  mkdir -p "$DIR/beside"
  echo "beside every run: $BESIDE"
  beside &
  besidePid=$!
fi
wait "${pids[@]}"
touch "$DIR/done"
[ -n "${besidePid:-}" ] && { kill -- "-$besidePid" 2>/dev/null || true; wait "$besidePid" 2>/dev/null || true; }
column -t "$DIR/runs.tsv"
passed=$(grep -c 'pass$' "$DIR/runs.tsv" || true)
if [ -e "$DIR/failed" ]; then
  echo "verify-loop: a run failed after $passed passes; see $DIR/failures.txt"
  exit 1
fi
echo "verify-loop: $passed of $RUNS runs passed, none failed"
