#!/usr/bin/env bash
# lc8.sh JAR LABEL CONTENDER [SECONDS] (bench/results/2026-12-07-lifecycle.md); JFR=1 adds a JFR run, WARM=seconds of warm-up: lifecycles at 8 clients; CPU µs per lifecycle from /proc/PID/stat, then a JFR run
set -uo pipefail
JAR=$1 LABEL=$2 WHO=${3:-mcpkit} D=${4:-8}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
J=$JAVA_HOME/bin/java; cd "$(dirname "$(readlink -f "$0")")/../../.."; mkdir -p /tmp/hlife
out=/tmp/hlife/srv-$LABEL.log
taskset -c 1 $J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -jar "$JAR" serve $WHO 0 >$out 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for i in $(seq 1 900); do PORT=$(awk '/^READY [0-9]+/ {print $2; exit}' $out); [ -n "$PORT" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/mcp
taskset -a -p -c 1 $PID >/dev/null
W() { BENCH_MODE=lifecycle BENCH_ERA=2025 taskset -c 0 wrk -t8 -c8 -d$1 -s bench/lua/mcp.lua $URL | grep '^RESULT'; }
W ${WARM:-12}s >/dev/null
for r in 1 2; do
  t0=$(awk '{print $14+$15}' /proc/$PID/stat); res=$(W ${D}s); t1=$(awk '{print $14+$15}' /proc/$PID/stat)
  n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$res"); lc=$((n/4))
  echo "$LABEL cpu_us/lifecycle=$(awk -v a=$t0 -v b=$t1 -v n=$lc 'BEGIN{printf "%.1f",(b-a)*1e4/n}') lifecycles=$lc load=$(cut -d' ' -f1 /proc/loadavg) | $res"
done
if [ -n "${JFR:-}" ]; then
  $JAVA_HOME/bin/jcmd $PID JFR.start name=p filename=/tmp/hlife/$LABEL.jfr settings=profile jdk.ExecutionSample#period=${SAMPLE_MS:-1}ms jdk.ObjectAllocationSample#throttle=20000/s jdk.ThreadAllocationStatistics#period=1s >/dev/null
  res=$(W ${D}s)
  $JAVA_HOME/bin/jcmd $PID JFR.stop name=p >/dev/null
  echo "jfr run: $res"; echo "$res" > /tmp/hlife/$LABEL.jfr.result
fi
