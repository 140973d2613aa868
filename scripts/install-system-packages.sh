#!/usr/bin/env bash
# Installs the Debian packages the benchmark harness (bench/run.sh) needs: wrk (HTTP load) and
# util-linux's taskset (CPU pinning). Skips what is already there; needs root (or sudo) only when
# something is missing. Used by bench/run.sh and .ci/run; the tests themselves need none of it.
set -euo pipefail
need=()
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v taskset >/dev/null 2>&1 || need+=(util-linux)
[ ${#need[@]} -eq 0 ] && exit 0
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "install-system-packages: need root to install ${need[*]}" >&2; exit 1; }
  SUDO=sudo
fi
echo "install-system-packages: apt-get install ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq --no-install-recommends "${need[@]}" >&2
