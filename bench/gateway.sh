#!/usr/bin/env bash
# Workload (g): what `mcpkit gateway` adds to a tools/call. The bench's mcpkit contender (the echo tool,
# run.sh's `serve mcpkit`) is the one upstream of a gateway (`mcpkit gateway --config`, the CLI jar, upstream on HTTP,
# prefix "" so the tool keeps its name, no gateway.auth); wrk calls it through the gateway and directly, in
# alternating rounds (direct, gateway, direct, ...) at 1, 8 and 64 connections, in both downstream eras (2026-07-28
# stateless; 2025-11-25 with one session per side). Per row: req/s, p50/p99, the p50 the gateway adds, and the CPU
# time per request of the gateway process and of the upstream process (/proc/PID/stat, user + system, all threads).
# Pinning on 2 cores: the gateway and the upstream share CPU 1, wrk has CPU 0. Figures are printed, never compared.
# After the warm-up the gateway is warmed further until its JIT compiler threads are (nearly) idle; each gateway row
# says how much of its CPU per request was still the JIT's.
#
#   bench/gateway.sh            3 rounds of 3 s per figure after an 8 s warm-up per side and era, then up to 80 s
#                               until the gateway's JIT settles (3 to 4.5 minutes)
#   bench/gateway.sh --quick    one 1 s round at 8 and 64 connections after a 3 s warm-up and up to 16 s more
#                               (about 70 s; tests the script)
#   bench/run.sh --gateway      runs this after the other workloads
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
QUICK=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "bench/gateway.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done
# Even a quick run warms each side up: a cold gateway's first calls (JIT, the upstream connection) take tens of ms.
if [ $QUICK = 1 ]; then DUR=1; WARM=3; ROUNDS=1; CLIENTS="8 64"; MODE=quick
else DUR=3; WARM=8; ROUNDS=3; CLIENTS="1 8 64"; MODE=full; fi
log() { echo "bench (g): $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

. scripts/java.sh
JAVA_HOME=$(mcpkit_java_home) || die "no JDK 21 or newer found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
scripts/install-system-packages.sh
JAR=bench/target/mcpkit-bench.jar
CLI_JAR=mcpkit-cli/target/mcpkit.jar
newer_sources() {
  [ -n "$(find mcpkit-core mcpkit-server mcpkit-client mcpkit-gateway mcpkit-cli bench pom.xml \
    \( -name target -o -name node_modules \) -prune -o \( -name '*.java' -o -name pom.xml \) -newer "$1" -print -quit)" ]
}
if [ ! -f "$JAR" ] || [ ! -f "$CLI_JAR" ] || newer_sources "$JAR" || newer_sources "$CLI_JAR"; then
  log "building the bench and CLI jars"
  ./mvnw -q -B -ntp -DskipTests -pl bench,mcpkit-cli -am package >&2 || die "build failed"
fi
if [ "$(nproc)" -ge 2 ]; then
  SRV=(taskset -c 1); GEN=(taskset -c 0); PINNING="The gateway and the upstream share CPU 1, wrk runs on CPU 0 (taskset)"
else
  SRV=(); GEN=(); PINNING="One CPU: the gateway, the upstream and wrk share it"
fi
JSRV=(-Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr)
JGEN=("$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$JAR")
stamp=$(date -u +%Y-%m-%d)
RAW="bench/results/raw/$stamp-$(date -u +%H%M%S)-gateway-$MODE"
mkdir -p "$RAW"
TSV="$RAW/results.tsv"; : > "$TSV"
. bench/lib.sh   # start, stop, check, session; its EXIT trap kills every process started through it
HZ=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; } # user + system time of a process, all threads
# jit_ticks PID: user + system time of the process's JIT compiler threads (C1/C2), so that a row can say how much of
# the CPU per request was the JIT still compiling rather than the request path
jit_ticks() {
  local d c
  for d in /proc/"$1"/task/*; do
    c=$(cat "$d/comm" 2>/dev/null) || continue
    case "$c" in "C1 Compiler"*|"C2 Compiler"*) awk '{ print $14 + $15 }' "$d/stat" 2>/dev/null ;; esac
  done | awk '{ s += $1 } END { print s + 0 }'
}

# start_gateway CONFIG: `mcpkit gateway` on a free port, pinned like the contenders once it listens; sets GW_PID, GW_URL
start_gateway() {
  local out="$RAW/server-gateway.log" port
  "$JAVA" "${JSRV[@]}" -jar "$CLI_JAR" gateway --config "$1" --port 0 >"$out" 2>&1 &
  GW_PID=$!; PIDS+=("$GW_PID")
  for _ in $(seq 1 600); do
    port=$(sed -n 's#^mcpkit gateway listening on http://127\.0\.0\.1:\([0-9]*\)/mcp.*#\1#p' "$out")
    if [ -n "$port" ]; then
      GW_URL="http://127.0.0.1:$port/mcp"
      [ ${#SRV[@]} = 0 ] || taskset -a -p -c "${SRV[2]}" "$GW_PID" >/dev/null || die "could not pin the gateway"
      return 0
    fi
    kill -0 "$GW_PID" 2>/dev/null || { tail -20 "$out" >&2; die "the gateway exited at start"; }
    sleep 0.1
  done
  die "the gateway did not start within 60 s"
}

# run_wrk ERA CLIENTS PATH URL SECONDS ROUND(0 = warm-up) ENV...: one wrk round, its figures into TSV
run_wrk() {
  local era=$1 c=$2 path=$3 url=$4 d=$5 round=$6; shift 6
  local out="$RAW/wrk-$era-c$c-$path-$round.out" g0 g1 u0 u1 j0 j1 line n errors bad fig
  g0=$(ticks "$GW_PID"); u0=$(ticks "$UP_PID"); j0=$(jit_ticks "$GW_PID")
  env "$@" BENCH_MODE=call BENCH_ERA="$era" "${GEN[@]}" wrk -t1 -c"$c" -d"${d}s" --timeout 10s -s bench/lua/mcp.lua "$url" \
    >"$out" 2>&1 || { cat "$out" >&2; die "wrk failed ($era, $c clients, $path)"; }
  g1=$(ticks "$GW_PID"); u1=$(ticks "$UP_PID"); j1=$(jit_ticks "$GW_PID")
  line=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "wrk printed no result ($era, $c clients, $path)"; }
  n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line"); errors=$(sed 's/.* errors=\([0-9]*\).*/\1/' <<<"$line")
  bad=$(sed 's/.* bad=\([0-9]*\).*/\1/' <<<"$line")
  [ "$errors" = 0 ] && [ "$bad" = 0 ] || { cat "$out" >&2; die "$era, $c clients, $path: $errors HTTP/socket errors, $bad wrong answers"; }
  [ "$n" -gt 0 ] || { cat "$out" >&2; die "$era, $c clients, $path: no request completed in ${d} s"; }
  fig=$(awk -v g=$((g1 - g0)) -v u=$((u1 - u0)) -v j=$((j1 - j0)) -v n="$n" -v hz="$HZ" \
    'BEGIN { printf "gw_cpu_us=%.1f up_cpu_us=%.1f gw_jit_us=%.1f", g * 1e6 / hz / n, u * 1e6 / hz / n, j * 1e6 / hz / n }')
  JIT_SHARE=$(awk -v g=$((g1 - g0)) -v j=$((j1 - j0)) 'BEGIN { printf "%d", (g > 0 ? 100 * j / g : 0) }')
  [ "$round" = 0 ] || printf '%s\t%s\t%s\t%s\t%s %s\n' "$era" "$c" "$path" "$round" "${line#RESULT }" "$fig" >> "$TSV"
  log "$era, $c clients, $path, round $round: ${line#RESULT } $fig"
}

T0=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "$MODE run, raw output in $RAW"
# The upstream: run.sh's mcpkit contender (its raised stream and session limits, Host/Origin validation on).
start upstream "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
UP_PID=$SERVER_PID UP_URL=$URL
check modern upstream
# The configuration in a folder of its own: the gateway watches its folder for changes (config reload), and its log,
# written on every call, is in $RAW.
mkdir -p "$RAW/config"
CFG="$RAW/config/gateway.json"
cat > "$CFG" <<EOF
{
  "mcpServers": { "bench": { "url": "$UP_URL", "type": "http" } },
  "gateway": { "servers": { "bench": { "prefix": "" } } }
}
EOF
# The gateway as `mcpkit gateway` runs it: the CLI's defaults (Host/Origin validation, the default stream, session
# and per-upstream concurrency limits), no gateway.auth (workload (f) measures the JWT guard).
start_gateway "$CFG"
URL=$GW_URL check modern gateway
URL=$GW_URL check session gateway
UPSTREAM_LINK=$(awk '$1 == "bench" { $1 = ""; sub(/^ /, ""); print; exit }' "$RAW/server-gateway.log")

# One 2025 session per side, shared by the connections (BENCH_SID; a 2026 request ignores it).
D_SID=$(URL=$UP_URL session upstream)
G_SID=$(URL=$GW_URL session gateway)
# Both eras on both sides are warmed up before any round: the JIT of the code the eras share would otherwise still be
# at work in the first era's rounds (a first run with a warm-up per era saw the gateway's CPU per request fall
# through its 2026 rounds).
for era in 2026 2025; do
  run_wrk "$era" 64 direct "$UP_URL" "$WARM" 0 BENCH_SID="$D_SID"
  run_wrk "$era" 64 gateway "$GW_URL" "$WARM" 0 BENCH_SID="$G_SID"
done
# The gateway has far more code than the upstream for the JIT to compile, and a fixed warm-up left its compiler
# threads busy into the first era's rounds (a profile at 1 client: 25-41 % of the gateway's CPU in C1/C2 threads),
# which made that era look costlier. Warm the gateway further, both eras in turn, until its JIT threads take under
# 3 % of its CPU in a round (at most SETTLE rounds).
SETTLE=$([ $QUICK = 1 ] && echo 4 || echo 20)
for s in $(seq 1 "$SETTLE"); do
  settled=1
  for era in 2026 2025; do
    run_wrk "$era" 8 gateway "$GW_URL" 2 0 BENCH_SID="$G_SID"
    [ "$JIT_SHARE" -lt 3 ] || settled=0
  done
  [ $settled = 0 ] || break
done
[ $settled = 1 ] && JIT_STATE="settled after $s extra round(s) of 2 × 2 s" || JIT_STATE="still compiling after $SETTLE extra rounds (the gateway JIT µs/req column says how much)"
log "the gateway's JIT: $JIT_STATE"
# Alternating rounds: the machine's load drifts, so the two sides share it.
for era in 2026 2025; do
  for c in $CLIENTS; do
    for r in $(seq 1 "$ROUNDS"); do
      run_wrk "$era" "$c" direct "$UP_URL" "$DUR" "$r" BENCH_SID="$D_SID"
      run_wrk "$era" "$c" gateway "$GW_URL" "$DUR" "$r" BENCH_SID="$G_SID"
    done
  done
done
SERVER_PID=$GW_PID stop
SERVER_PID=$UP_PID stop

# --- report: medians of the rounds ------------------------------------------------------------------------------
OUT="bench/results/$stamp-gateway$( [ $QUICK = 0 ] || echo -quick).md"
{
  echo "## mcpkit benchmark (g): tools/call through \`mcpkit gateway\` vs direct, $stamp ($MODE run)"
  echo
  echo "Machine: $(nproc) cores ($(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)); load average (1/5/15 min) before: $LOAD_BEFORE, after: $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD 2>/dev/null || echo ?). $PINNING. Java servers: ${JSRV[*]}. $ROUNDS × ${DUR} s rounds per figure, direct and gateway alternating, after a warm-up of ${WARM} s per side and era before any round (excluded), then the gateway warmed further until its JIT settled ($JIT_STATE); medians. Whole run: $(( $(date +%s) - T0 )) s."
  echo
  echo "Upstream: the bench's mcpkit contender (\`serve mcpkit\`), one HTTP upstream of the gateway with prefix \"\"; the gateway speaks to it as: $UPSTREAM_LINK. The downstream era is the row's (2025: one session per side, shared by the connections). The gateway's targets (printed, not asserted): added p50 ≤ 300 µs; the gateway's CPU per request ≤ the upstream's."
  echo
  echo "| era | clients | path | req/s | p50 µs | p99 µs | added p50 µs | gateway CPU µs/req | of which JIT | upstream CPU µs/req |"
  echo "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '
    function val(s, k) { if (match(s, k "=[0-9.]+")) return substr(s, RSTART + length(k) + 1, RLENGTH - length(k) - 1); return "" }
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { key = $1 SUBSEP $2 SUBSEP $3
      if (!(($1 SUBSEP $2) in seen)) { seen[$1, $2] = 1; order[++rows] = $1 SUBSEP $2 }
      k = ++cnt[key]; rps[key, k] = val($5, "rps"); p50[key, k] = val($5, "p50_us"); p99[key, k] = val($5, "p99_us")
      gw[key, k] = val($5, "gw_cpu_us"); up[key, k] = val($5, "up_cpu_us"); jit[key, k] = val($5, "gw_jit_us") }
    function med(arr, key,   i, n, a) { n = cnt[key]; for (i = 1; i <= n; i++) a[i] = arr[key, i]; return median(a, n) }
    END { for (r = 1; r <= rows; r++) { split(order[r], ec, SUBSEP); dp50 = med(p50, order[r] SUBSEP "direct")
        for (s = 1; s <= 2; s++) { path = s == 1 ? "direct" : "gateway"; key = order[r] SUBSEP path
          if (!(key in cnt)) continue
          gp50 = med(p50, key)
          printf "| %s | %s | %s | %.0f | %d | %d | %s | %s | %s | %.1f |\n", ec[1], ec[2], path, med(rps, key), gp50, med(p99, key),
            path == "direct" ? "" : sprintf("%+d", gp50 - dp50), path == "direct" ? "" : sprintf("%.1f", med(gw, key)),
            path == "direct" ? "" : sprintf("%.1f", med(jit, key)), med(up, key) } } }
  ' "$TSV"
  echo
  echo "CPU per request is the process's user + system time over the round (/proc/PID/stat) divided by the round's requests; \"of which JIT\" is the part spent in the gateway's C1/C2 compiler threads (/proc/PID/task/*), not on requests. The machine is shared (other jobs run on it): read the ratios, not the absolute figures."
} > "$OUT"
cat "$OUT"
log "wrote $OUT (raw: $RAW)"
