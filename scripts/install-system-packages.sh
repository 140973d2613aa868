#!/usr/bin/env bash
# Installs the Debian packages the tests and the benchmark harness need, and only those that are missing:
# redis-server (the Redis store's tests start their own instances), chromium + chromium-driver (login and
# consent are tested in a real headless browser), wrk (HTTP load for bench/run.sh), util-linux's taskset
# (CPU pinning) and haproxy (the load balancer of the cluster tests and of bench workload h). Idempotent; uses apt-get only when something is missing. Needs root (or sudo) then; CI runs
# as root.
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-system-packages: need root to install ${need[*]} (or install them yourself)" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-system-packages: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq "${need[@]}" >&2
