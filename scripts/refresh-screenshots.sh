#!/usr/bin/env bash
# Copies the dashboard screenshots of the last DashboardBrowserTest run into docs/, for the README.
# The test writes them to ticker-service/target/screenshots/ on every run; docs/ changes only when
# this is run (and the result committed), so a test run never dirties the working tree.
#
#   flock /tmp/mvn.lock mvn -B -q -o -pl ticker-service -am test -Dtest=DashboardBrowserTest -Dsurefire.failIfNoSpecifiedTests=false
#   scripts/refresh-screenshots.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="$ROOT/ticker-service/target/screenshots"

case "${1:-}" in
  -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
esac
shopt -s nullglob
shots=("$SRC"/*.png)
if [ ${#shots[@]} -eq 0 ]; then
  echo "no screenshots in $SRC: run DashboardBrowserTest first" >&2
  exit 1
fi
mkdir -p "$ROOT/docs"
for png in "${shots[@]}"; do
  cp "$png" "$ROOT/docs/"
  echo "docs/$(basename "$png")"
done
