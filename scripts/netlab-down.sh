#!/usr/bin/env bash
# Ends the lab of scripts/netlab-up.sh (run as root): thaws and ends every process in the lab's
# namespaces by PID, deletes the namespaces and the bridge (tkl-$NETLAB_ID-* only). Idempotent.
set -euo pipefail
# shellcheck source=scripts/netlab-lib.sh
. "$(dirname "$0")/netlab-lib.sh"
netlab_require_root
for f in "$NETLAB_RUN"/*.pid; do
  [ -f "$f" ] || continue
  kill -CONT "$(cat "$f")" 2>/dev/null || true # a frozen JVM would not act on SIGTERM
  kill "$(cat "$f")" 2>/dev/null || true
  rm -f "$f"
done
netlab_net_down
echo "lab $NETLAB_ID down"
