#!/usr/bin/env bash
# Installs what the test suite needs and a fresh machine may lack: Debian's Chromium and
# ChromeDriver for the dashboard's browser tests, and Debian's Prometheus (prometheus, promtool)
# for the monitoring tests, and Debian's HAProxy for the network-fault lab (scripts/netlab-*.sh,
# NetLabPartitionIT, NetLabStormIT). Does nothing when they are already there.
set -euo pipefail
if ! [ -x /usr/bin/chromium ] || ! [ -x /usr/bin/chromedriver ] || ! command -v haproxy >/dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver haproxy >/dev/null
fi
"$(dirname "${BASH_SOURCE[0]}")/install-prometheus.sh"
