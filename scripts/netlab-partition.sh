#!/usr/bin/env bash
# Faults in the lab of scripts/netlab-up.sh (run as root):
#   scripts/netlab-partition.sh cut n1     n1 and the other nodes lose each other (the simulator, HAProxy
#                                          and clients still reach n1): a network partition
#   scripts/netlab-partition.sh heal       every partition healed
#   scripts/netlab-partition.sh freeze n1  SIGSTOP to n1's JVM (a long GC pause, a paused VM)
#   scripts/netlab-partition.sh thaw n1    SIGCONT
#   scripts/netlab-partition.sh leader     which node ingests now
set -euo pipefail
# shellcheck source=scripts/netlab-lib.sh
. "$(dirname "$0")/netlab-lib.sh"
netlab_require_root
node="${2:-}"
pid_of() {
  [ -f "$NETLAB_RUN/$1.pid" ] || { echo "no PID for '$1' in $NETLAB_RUN (n1, n2 or n3)" >&2; exit 2; }
  cat "$NETLAB_RUN/$1.pid"
}
case "${1:-}" in
  cut) netlab_addr "$node" >/dev/null && netlab_cut "$node" ;;
  heal) netlab_heal ;;
  freeze) kill -STOP "$(pid_of "$node")" ;;
  thaw) kill -CONT "$(pid_of "$node")" ;;
  leader)
    for n in "${NETLAB_NODES[@]}"; do
      printf '%s: ' "$n"
      curl -s -m 2 "http://$(netlab_addr "$n"):8080/health/ready" | jq -c '{status, feed, cluster}' || echo "no answer"
    done ;;
  *) echo "usage: $0 cut NODE | heal | freeze NODE | thaw NODE | leader" >&2; exit 2 ;;
esac
