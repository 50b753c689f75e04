# shellcheck shell=bash
# Shared by the netlab-*.sh scripts (sourced, not run): the lab's names and addresses, and the network.
#
# One lab = one Linux bridge and one network namespace per process, all named tkl-$NETLAB_ID-*
# (cleanup touches nothing else), on the private subnet $NETLAB_NET.0/24:
#   .1 this host (the bridge: tests, the load test and your browser reach the lab from here)
#   .11 .12 .13 the service nodes n1 n2 n3      .20 the feed simulator      .30 HAProxy
# NETLAB_ID (default lab, at most 8 characters) and NETLAB_NET (default 10.213.0) let several labs
# exist at once (the tests make their own). State (PIDs, logs, haproxy.cfg) goes to run/netlab/$NETLAB_ID.

NETLAB_ID="${NETLAB_ID:-lab}"
NETLAB_NET="${NETLAB_NET:-10.213.0}"
NETLAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NETLAB_RUN="${NETLAB_RUN:-$NETLAB_ROOT/run/netlab/$NETLAB_ID}"
NETLAB_NODES=(n1 n2 n3)
NETLAB_ROLES=(n1 n2 n3 sim lb)

netlab_require_root() {
  [ "$(id -u)" -eq 0 ] || { echo "$(basename "$0"): run as root (network namespaces)" >&2; exit 2; }
  [ ${#NETLAB_ID} -le 8 ] || { echo "NETLAB_ID must be at most 8 characters" >&2; exit 2; }
}

netlab_ns() { echo "tkl-$NETLAB_ID-$1"; }            # namespace of a role
netlab_bridge() { echo "tkl-$NETLAB_ID-br"; }
netlab_addr() {                                         # address of a role
  case "$1" in
    host) echo "$NETLAB_NET.1" ;;
    n[1-9]) echo "$NETLAB_NET.$((10 + ${1#n}))" ;;
    sim) echo "$NETLAB_NET.20" ;;
    lb) echo "$NETLAB_NET.30" ;;
    *) echo "unknown role $1" >&2; return 1 ;;
  esac
}

# The bridge (with the host's address), and per role a namespace with loopback and one veth on it.
netlab_net_up() {
  local br role ns
  br=$(netlab_bridge)
  ip link add "$br" type bridge
  ip addr add "$(netlab_addr host)/24" dev "$br"
  ip link set "$br" up
  for role in "${NETLAB_ROLES[@]}"; do
    ns=$(netlab_ns "$role")
    ip netns add "$ns"
    ip -n "$ns" link set lo up
    ip link add "$ns" type veth peer name eth0 netns "$ns"
    ip link set "$ns" master "$br" up
    ip -n "$ns" addr add "$(netlab_addr "$role")/24" dev eth0
    ip -n "$ns" link set eth0 up
  done
  mkdir -p "$NETLAB_RUN"
}

# Every process still inside one of the lab's namespaces is ended by its PID, then the namespaces
# and the bridge go (deleting a namespace deletes its veth pair). Idempotent.
netlab_net_down() {
  local role ns pid
  for role in "${NETLAB_ROLES[@]}"; do
    ns=$(netlab_ns "$role")
    ip netns list | grep -qw "$ns" || continue
    for pid in $(ip netns pids "$ns"); do kill -9 "$pid" 2>/dev/null || true; done
  done
  for role in "${NETLAB_ROLES[@]}"; do
    ns=$(netlab_ns "$role")
    ip netns list | grep -qw "$ns" && ip netns del "$ns"
  done
  ip link show "$(netlab_bridge)" >/dev/null 2>&1 && ip link del "$(netlab_bridge)"
  return 0
}

# A partition: node $1 and the other nodes drop each other's packets (blackhole routes on both
# sides); the simulator, HAProxy and this host still reach every node.
netlab_cut() {
  local node="$1" other
  for other in "${NETLAB_NODES[@]}"; do
    [ "$other" = "$node" ] && continue
    ip -n "$(netlab_ns "$node")" route replace blackhole "$(netlab_addr "$other")/32"
    ip -n "$(netlab_ns "$other")" route replace blackhole "$(netlab_addr "$node")/32"
  done
}

# Heals every partition: removes every blackhole route of the lab.
netlab_heal() {
  local node route
  for node in "${NETLAB_NODES[@]}"; do
    ip -n "$(netlab_ns "$node")" route show type blackhole | while read -r _ route _; do
      ip -n "$(netlab_ns "$node")" route del blackhole "$route"
    done
  done
}

# HAProxy in the lb namespace, WebSocket on :8080 balanced over the nodes' HTTP ports ($1 $2 $3,
# default 8080 each), servers checked on /health/ready; stats on :8404. Prints nothing; PID in
# $NETLAB_RUN/haproxy.pid.
netlab_haproxy_start() {
  local ports=("${@}") cfg="$NETLAB_RUN/haproxy.cfg" i=0 node
  [ ${#ports[@]} -eq 0 ] && ports=(8080 8080 8080)
  command -v haproxy >/dev/null || { echo "haproxy is not installed: scripts/install-test-deps.sh" >&2; return 2; }
  mkdir -p "$NETLAB_RUN"
  {
    cat <<CFG
global
  # two descriptors per proxied connection, within the usual hard limit of 20,000
  maxconn 9000
defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  timeout tunnel 1h
  timeout client-fin 5s
  # a connection refused by a dead node is retried on another one
  option redispatch
  retries 2
frontend ticker
  bind $(netlab_addr lb):8080
  maxconn 9000
  default_backend nodes
backend nodes
  balance leastconn
  option httpchk GET /health/ready
  # not ready for 3 s (a failover takes about 2): no new connections; open ones stay
  default-server inter 1s fall 3 rise 2 maxconn 15000
CFG
    for node in "${NETLAB_NODES[@]}"; do
      echo "  server $node $(netlab_addr "$node"):${ports[$i]} check"
      i=$((i + 1))
    done
    cat <<CFG
listen stats
  bind $(netlab_addr lb):8404
  stats enable
  stats uri /
CFG
  } >"$cfg"
  ip netns exec "$(netlab_ns lb)" haproxy -D -f "$cfg" -p "$NETLAB_RUN/haproxy.pid"
}
