#!/usr/bin/env bash
# Installs Debian's Prometheus (prometheus + promtool in /usr/bin) when missing; does nothing when
# it is there. Used by scripts/observe-up.sh and scripts/install-test-deps.sh.
#
# On a machine run by systemd the package also starts its own prometheus.service on :9090, the
# feed simulator's default port. When this script installed the package, it stops and disables
# that service again: Ticker's Prometheus is started by scripts/observe-up.sh, on another port.
set -euo pipefail
if [ -x /usr/bin/prometheus ] && [ -x /usr/bin/promtool ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "Installing Debian's prometheus package (apt-get) ..."
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends prometheus >/dev/null
if [ -d /run/systemd/system ] && command -v systemctl >/dev/null; then
  if systemctl is-enabled --quiet prometheus 2>/dev/null || systemctl is-active --quiet prometheus 2>/dev/null; then
    echo "Stopping and disabling the package's own prometheus.service (it takes :9090, the feed simulator's port)."
    $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi
/usr/bin/prometheus --version 2>&1 | head -1
