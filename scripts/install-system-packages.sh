#!/usr/bin/env bash
# Installs the Debian packages the tests need, and only those that are missing: redis-server (the Redis store's
# tests start their own instances) and chromium + chromium-driver (login and consent are tested in a real
# headless browser). Idempotent; uses apt-get only when something is missing. Needs root (CI runs as root).
set -euo pipefail
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
[ -x /usr/bin/chromium ] || need+=(chromium)
[ -x /usr/bin/chromedriver ] || need+=(chromium-driver)
if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
echo "install-system-packages: installing ${need[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "install-system-packages: need root to install ${need[*]} (or install them yourself)" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >&2
apt-get install -y -qq "${need[@]}" >&2
