#!/usr/bin/env bash
# The lab's network only, for the tests' harness (NetLab): scripts/netlab-net.sh up | down | cut NODE | heal | haproxy [PORT…]
# (names and addresses: scripts/netlab-lib.sh; NETLAB_ID and NETLAB_NET choose the lab).
set -euo pipefail
# shellcheck source=scripts/netlab-lib.sh
. "$(dirname "$0")/netlab-lib.sh"
netlab_require_root
case "${1:-}" in
  up) netlab_net_up ;;
  down) netlab_net_down; rm -rf "$NETLAB_RUN" ;;
  cut) netlab_cut "$2" ;;
  heal) netlab_heal ;;
  haproxy) shift; netlab_haproxy_start "$@" ;;
  *) echo "usage: $0 up | down | cut NODE | heal | haproxy [PORT…]" >&2; exit 2 ;;
esac
