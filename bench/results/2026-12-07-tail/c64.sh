#!/usr/bin/env bash
# c64.sh JAR LABEL [SECONDS]: 2026 stateless, 64 conns; gc log, ctx switches, cpu, latency distribution, JFR
set -euo pipefail
JAR=$1 LABEL=$2 D=${3:-8}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
J=$JAVA_HOME/bin/java
cd /work/wt/h-tail
out=/tmp/ht/srv-$LABEL.log
taskset -c 1 $J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -Xlog:gc:file=/tmp/ht/gc-$LABEL.log:uptime -jar "$JAR" serve mcpkit 0 >$out 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for i in $(seq 1 900); do PORT=$(awk '/^READY [0-9]+/ {print $2; exit}' $out); [ -n "$PORT" ] && break; sleep 0.1; done
URL=http://127.0.0.1:$PORT/mcp
taskset -a -p -c 1 $PID >/dev/null
ENV=(BENCH_MODE=call BENCH_ERA=2026 BENCH_SSE=0)
env "${ENV[@]}" taskset -c 0 wrk -t1 -c64 -d12s -s bench/lua/mcp.lua $URL >/dev/null 2>&1
cs() { cat /proc/$PID/task/*/status | awk '/_ctxt_switches/ {s+=$2} END {print s}'; }
g0=$(grep -c 'Pause' /tmp/ht/gc-$LABEL.log || true); gl0=$(wc -l </tmp/ht/gc-$LABEL.log)
c0=$(cs); t0=$(awk '{print $14+$15}' /proc/$PID/stat)
env "${ENV[@]}" taskset -c 0 wrk -t1 -c64 -d${D}s --latency --timeout 10s -s bench/lua/mcp.lua $URL > /tmp/ht/wrk-$LABEL.out
c1=$(cs); t1=$(awk '{print $14+$15}' /proc/$PID/stat)
r=$(grep '^RESULT' /tmp/ht/wrk-$LABEL.out)
n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$r")
tail -n +$((gl0+1)) /tmp/ht/gc-$LABEL.log > /tmp/ht/gcrun-$LABEL.log
gcs=$(grep -c 'Pause' /tmp/ht/gcrun-$LABEL.log || true)
gcms=$(grep 'Pause' /tmp/ht/gcrun-$LABEL.log | awk '{v=$NF; sub("ms","",v); s+=v} END {printf "%.1f", s}')
echo "$LABEL n=$n cs/req=$(awk -v a=$c0 -v b=$c1 -v n=$n 'BEGIN{printf "%.2f",(b-a)/n}') cpu_us/req=$(awk -v a=$t0 -v b=$t1 -v n=$n 'BEGIN{printf "%.1f",(b-a)*1e4/n}') gc/100k=$(awk -v g=$gcs -v n=$n 'BEGIN{printf "%.1f",g*1e5/n}') gcms/100k=$(awk -v g=$gcms -v n=$n 'BEGIN{printf "%.1f",g*1e5/n}') | $r"
grep -A5 'Latency Distribution' /tmp/ht/wrk-$LABEL.out | tr '\n' ' '; echo
if [ -n "${JFR:-}" ]; then
  $JAVA_HOME/bin/jcmd $PID JFR.start name=p filename=/tmp/ht/$LABEL.jfr settings=profile jdk.ThreadPark#threshold=0ms jdk.JavaMonitorEnter#threshold=0ms jdk.JavaMonitorWait#threshold=0ms jdk.VirtualThreadStart#enabled=true jdk.VirtualThreadStart#stackTrace=true jdk.VirtualThreadPinned#threshold=0ms jdk.ThreadAllocationStatistics#period=1s jdk.ObjectAllocationSample#throttle=20000/s >/dev/null
  r=$(env "${ENV[@]}" taskset -c 0 wrk -t1 -c64 -d${D}s -s bench/lua/mcp.lua $URL | grep '^RESULT')
  $JAVA_HOME/bin/jcmd $PID JFR.stop name=p >/dev/null
  echo "jfr run: $r"; echo "$r" > /tmp/ht/$LABEL.jfr.result
fi
