#!/usr/bin/env bash
# Per-request counts of one server (bench/results/2026-12-07-perf3.md): ERA=2025|2026 JFR=1 STRACE=1 count.sh JAR LABEL [SECONDS] [call|lifecycle]
# Output in /tmp/hperf; allocagg.py /tmp/hperf/LABEL-MODE-ERA.jfr prints allocated bytes per request.
# count.sh JAR LABEL [SECONDS] [MODE] : start server from JAR, open a 2025 session, warm up, then measure
# ctx switches per request over a 1-connection wrk run. MODE=call (default) or lifecycle.
set -euo pipefail
JAR=$1 LABEL=$2 D=${3:-5} MODE=${4:-call} ERA=${ERA:-2025}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
J=$JAVA_HOME/bin/java
cd "$(dirname "$(readlink -f "$0")")/../../.."; mkdir -p /tmp/hperf
out=/tmp/hperf/srv-$LABEL.log
taskset -c 1 $J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -jar "$JAR" serve mcpkit 0 >$out 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for i in $(seq 1 900); do PORT=$(awk '/^READY [0-9]+/ {print $2; exit}' $out); [ -n "$PORT" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/mcp
taskset -a -p -c 1 $PID >/dev/null
GEN=(taskset -c 0 $J -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "${GEN_JAR:-$JAR}")
SID=; [ $ERA = 2026 ] || SID=$("${GEN[@]}" session $URL)
ENV=(BENCH_MODE=$MODE BENCH_ERA=$ERA BENCH_SSE=0 BENCH_SID=$SID)
env "${ENV[@]}" taskset -c 0 wrk -t1 -c1 -d8s -s bench/lua/mcp.lua $URL >/dev/null 2>&1
cs() { cat /proc/$PID/task/*/status | awk '/_ctxt_switches/ {s+=$2} END {print s}'; }
thr() { ls /proc/$PID/task | wc -l; }
snap() { for t in /proc/$PID/task/*; do echo "${t##*/} $(tr " " _ <$t/comm) $(awk '/_ctxt_switches/ {s+=$2} END {print s}' $t/status) $(awk '{print $14+$15}' $t/stat)"; done; }
snap >/tmp/hperf/snap0-$LABEL; c0=$(cs); t0=$(awk '{print $14+$15}' /proc/$PID/stat); th0=$(thr)
r=$(env "${ENV[@]}" taskset -c 0 wrk -t1 -c1 -d${D}s -s bench/lua/mcp.lua $URL | grep '^RESULT')
snap >/tmp/hperf/snap1-$LABEL; c1=$(cs); t1=$(awk '{print $14+$15}' /proc/$PID/stat); th1=$(thr)
n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$r")
echo "$LABEL $MODE n=$n cs/req=$(awk -v a=$c0 -v b=$c1 -v n=$n 'BEGIN{printf "%.2f",(b-a)/n}') cpu_us/req=$(awk -v a=$t0 -v b=$t1 -v n=$n 'BEGIN{printf "%.1f",(b-a)*1e4/n}') threads=$th0->$th1 | $r"
join /tmp/hperf/snap0-$LABEL /tmp/hperf/snap1-$LABEL | awk -v n=$n '{d=$6-$3; c=$7-$4; if (d>0||c>0) printf "  %-28s cs/req=%.3f cpu_ticks=%d\n", $2, d/n, c}'
if [ -n "${JFR:-}" ]; then
  $JAVA_HOME/bin/jcmd $PID JFR.start name=p filename=/tmp/hperf/$LABEL-$MODE-$ERA.jfr settings=profile jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=500us jdk.VirtualThreadStart#enabled=true jdk.ExecutionSample#period=${SAMPLE_MS:-10}ms jdk.ObjectAllocationSample#throttle=20000/s jdk.ThreadAllocationStatistics#period=1s >/dev/null
  r=$(env "${ENV[@]}" taskset -c 0 wrk -t1 -c1 -d${D}s -s bench/lua/mcp.lua $URL | grep '^RESULT')
  $JAVA_HOME/bin/jcmd $PID JFR.stop name=p >/dev/null
  echo "jfr run: $r"; echo "$r" > /tmp/hperf/$LABEL-$MODE-$ERA.jfr.result
fi
if [ "${STRACE:-0}" = 1 ]; then
  strace -f -c -o /tmp/hperf/strace-$LABEL-$MODE-$ERA.txt $(for t in /proc/$PID/task/*; do echo -n " -p ${t##*/}"; done) 2>/dev/null & SP=$!
  sleep 2
  r=$(env "${ENV[@]}" taskset -c 0 wrk -t1 -c1 -d${D}s -s bench/lua/mcp.lua $URL | grep '^RESULT')
  kill -INT $SP; wait $SP 2>/dev/null || true
  echo "strace run: $r"
fi
