#!/usr/bin/env bash
# A/B of two CLI jars as gateways in front of one upstream. Usage: gwab.sh OLD.jar NEW.jar ROUNDS [DUR] [JFR_SIDE]
set -euo pipefail
cd "$(dirname "$0")/../../.."  # the repository root: bench/lib.sh, bench/lua
OLDJ=$1 NEWJ=$2 ROUNDS=${3:-4} DUR=${4:-5} JFR=${5:-}
JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java
JAR=${BENCH_JAR:-bench/target/mcpkit-bench.jar}  # the upstream and the load generator: one bench jar for both sides
SRV=(taskset -c 1); GEN=(taskset -c 0)
JSRV=(-Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr)
JGEN=("$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$JAR")
RAW=/tmp/gwab-run-$(date +%H%M%S); mkdir -p $RAW/a $RAW/b
log() { echo "ab: $*" >&2; }; die() { log "FAILED $*"; exit 1; }
. bench/lib.sh
HZ=$(getconf CLK_TCK)
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
ctx() { local s=0; for d in /proc/$1/task/*; do s=$((s + $(awk '/^voluntary_ctxt/ {print $2}' $d/status 2>/dev/null || echo 0))); done; echo $s; }
start upstream "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
UP_PID=$SERVER_PID UP_URL=$URL
startgw() { # side jar extra...
  local side=$1 jar=$2; shift 2
  cat > $RAW/$side/gateway.json <<J
{ "mcpServers": { "bench": { "url": "$UP_URL", "type": "http" } }, "gateway": { "servers": { "bench": { "prefix": "" } } } }
J
  local out=$RAW/gw-$side.log
  "$JAVA" "${JSRV[@]}" "$@" -jar "$jar" gateway --config $RAW/$side/gateway.json --port 0 >$out 2>&1 &
  local pid=$!; PIDS+=("$pid")
  for _ in $(seq 1 600); do
    port=$(sed -n 's#^mcpkit gateway listening on http://127\.0\.0\.1:\([0-9]*\)/mcp.*#\1#p' "$out" 2>/dev/null || true)
    [ -n "$port" ] && { taskset -a -p -c 1 $pid >/dev/null; echo "$pid http://127.0.0.1:$port/mcp"; return; }
    sleep 0.1
  done
  die "gw $side"
}
read A_PID A_URL < <(startgw a "$OLDJ"); PIDS+=("$A_PID")
EXTRA=()
[ -n "$JFR" ] && EXTRA=(-XX:+FlightRecorder)
read B_PID B_URL < <(startgw b "$NEWJ" "${EXTRA[@]}"); PIDS+=("$B_PID")
URL=$A_URL check modern gw-a; URL=$B_URL check modern gw-b
round() { # side url pid dur
  local out=$RAW/wrk-$1-$5.out g0 g1 c0 c1 u0 u1 n
  g0=$(ticks $3); u0=$(ticks $UP_PID); c0=$(ctx $3)
  BENCH_MODE=call BENCH_ERA=2026 "${GEN[@]}" wrk -t1 -c8 -d${4}s --timeout 10s -s bench/lua/mcp.lua "$2" >$out 2>&1
  g1=$(ticks $3); u1=$(ticks $UP_PID); c1=$(ctx $3)
  line=$(grep '^RESULT ' $out); n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line")
  grep -q ' errors=0 bad=0' <<<"$line" || log "ERRORS $line"
  awk -v s=$1 -v g=$((g1-g0)) -v u=$((u1-u0)) -v c=$((c1-c0)) -v n=$n -v hz=$HZ -v r=$5 'BEGIN { printf "%s round %s: n=%d gw_cpu_us=%.1f up_cpu_us=%.1f gw_vctx/req=%.2f\n", s, r, n, g*1e6/hz/n, u*1e6/hz/n, c/n }'
}
for w in $(seq 1 ${WARMN:-3}); do round A $A_URL $A_PID 8 w$w >/dev/null; round B $B_URL $B_PID 8 w$w >/dev/null; done
log warm
for r in $(seq 1 $ROUNDS); do
  if [ $((r % 2)) = 1 ]; then round A $A_URL $A_PID $DUR $r; round B $B_URL $B_PID $DUR $r
  else round B $B_URL $B_PID $DUR $r; round A $A_URL $A_PID $DUR $r; fi
done
if [ -n "$JFR" ]; then
  for side in a b a b; do
    pid=$([ "$side" = a ] && echo $A_PID || echo $B_PID); url=$([ "$side" = a ] && echo $A_URL || echo $B_URL)
    f=$RAW/prof-$side-$RANDOM.jfr
    /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JFR.start name=p settings=${JFC:-profile} filename=$f >/dev/null
    round JFR-$side $url $pid 8 jfr
    /usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd $pid JFR.stop name=p >/dev/null
    echo "jfr $side: $f"
  done
fi
