#!/usr/bin/env bash
# ablc.sh JAR_A JAR_B [ROUNDS] [SECS]: workload (b) lifecycles, servers A and B side by side (not pinned: the machine
# is shared), alternating rounds A B A B; per round: CPU ns per lifecycle of the Jetty threads that serve the requests
# (/proc/PID/task/*/schedstat of threads named mcp-jetty*, so JIT, GC and JFR threads are left out) and of the whole
# process, voluntary context switches per lifecycle; then JFR runs A B A B: bytes allocated per request (all threads).
set -uo pipefail
A=$1 B=$2 R=${3:-4} D=${4:-6} C=${CLIENTS:-4}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; J=$JAVA_HOME/bin/java
cd "$(dirname "$(readlink -f "$0")")/../../.."; mkdir -p /tmp/hlife/ab
start() { $J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -jar "$1" serve mcpkit 0 >/tmp/hlife/ab/$2.log 2>&1 & echo $!; }
PA=$(start $A A); PB=$(start $B B)
trap 'kill $PA $PB 2>/dev/null; wait $PA $PB 2>/dev/null' EXIT
port() { for i in $(seq 1 900); do p=$(awk '/^READY [0-9]+/ {print $2; exit}' /tmp/hlife/ab/$1.log); [ -n "$p" ] && { echo $p; return; }; sleep 0.1; done; }
UA=http://127.0.0.1:$(port A)/mcp; UB=http://127.0.0.1:$(port B)/mcp
W() { BENCH_MODE=lifecycle BENCH_ERA=2025 wrk -t$C -c$C -d$2 -s bench/lua/mcp.lua $1 | grep '^RESULT'; }
jt() { for t in /proc/$1/task/*; do case "$(cat $t/comm)" in mcp-jetty*) awk '{print $1}' $t/schedstat;; esac; done | awk '{s+=$1} END {printf "%.0f", s}'; }
all() { cat /proc/$1/task/*/schedstat | awk '{s+=$1} END {printf "%.0f", s}'; }
cs() { cat /proc/$1/task/*/status 2>/dev/null | awk '/^voluntary_ctxt_switches/ {s+=$2} END {print s}'; }
W $UA ${WARM:-20}s >/dev/null; W $UB ${WARM:-20}s >/dev/null
for r in $(seq 1 $R); do
  for side in A B; do
    if [ $side = A ]; then P=$PA U=$UA; else P=$PB U=$UB; fi
    j0=$(jt $P); a0=$(all $P); c0=$(cs $P); res=$(W $U ${D}s); j1=$(jt $P); a1=$(all $P); c1=$(cs $P)
    n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$res"); lc=$((n/4)); e=$(sed 's/.*errors=\([0-9]*\) bad=\([0-9]*\).*/\1\/\2/' <<<"$res")
    echo "$side r$r jetty_us/lc=$(awk -v a=$j0 -v b=$j1 -v n=$lc 'BEGIN{printf "%.1f",(b-a)/1e3/n}') proc_us/lc=$(awk -v a=$a0 -v b=$a1 -v n=$lc 'BEGIN{printf "%.1f",(b-a)/1e3/n}') vcs/lc=$(awk -v a=$c0 -v b=$c1 -v n=$lc 'BEGIN{printf "%.2f",(b-a)/n}') lc=$lc err/bad=$e load=$(cut -d' ' -f1 /proc/loadavg)"
  done
done
for r in $(seq 1 ${JFRR:-2}); do
  for side in A B; do
    if [ $side = A ]; then P=$PA U=$UA; else P=$PB U=$UB; fi
    f=/tmp/hlife/ab/$side$r.jfr
    $JAVA_HOME/bin/jcmd $P JFR.start name=a filename=$f settings=default jdk.ThreadAllocationStatistics#period=1s jdk.VirtualThreadStart#enabled=true >/dev/null
    sleep 1.2; res=$(W $U 6s); sleep 1.2
    $JAVA_HOME/bin/jcmd $P JFR.stop name=a >/dev/null; echo "$res" > $f.result
    python3 bench/results/2026-12-07-perf3/allocagg.py $f | sed "s/^/$side /"; echo "$side vthreads started: $($JAVA_HOME/bin/jfr summary $f | awk '/jdk.VirtualThreadStart/ {print $2}') in $(sed 's/.*requests=\([0-9]*\).*/\1/' $f.result) requests"
  done
done
