#!/usr/bin/env bash
# st.sh JAR LABEL N [FLAVOR]: per-stream counts of opening N GET streams (server pinned to CPU 1)
set -uo pipefail
JAR=$1 LABEL=$2 N=${3:-3000} FL=${4:-get}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
J=$JAVA_HOME/bin/java
out=/tmp/ht/st-$LABEL.log
taskset -c 1 $J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr ${JOPT:-} -jar "$JAR" serve mcpkit 0 >$out 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
for i in $(seq 1 900); do PORT=$(awk '/^READY [0-9]+/ {print $2; exit}' $out); [ -n "$PORT" ] && break; sleep 0.1; done
taskset -a -p -c 1 $PID >/dev/null; sleep 1
cs() { cat /proc/$PID/task/*/status | awk '/_ctxt_switches/ {s+=$2} END {print s}'; }
snap() { for t in /proc/$PID/task/*; do echo "$(tr " " _ <$t/comm) $(awk '{print $14+$15}' $t/stat)"; done | awk '{n=$1; if (n !~ /^mcp-jetty/) gsub(/[0-9]+$/,"",n); sub(/#.*/,"",n); if (n ~ /^mcp-jetty-[0-9]+$/ && 0) n="x"; a[n]+=$2} END {for (k in a) print k, a[k]}' | sort; }
snap > /tmp/ht/snap0-$LABEL; c0=$(cs); t0=$(awk '{print $14+$15}' /proc/$PID/stat); th0=$(ls /proc/$PID/task | wc -l)
${PRE:-} taskset -c 0 $J -Dbench.deadline=40 -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar /tmp/bench-main.jar streams $FL http://127.0.0.1:$PORT/mcp $N $PID java /tmp/ht/mem-$LABEL.json > /tmp/ht/stc-$LABEL.out 2>&1
for t in /proc/$PID/task/*; do cat $t/comm; done | sed "s/[0-9]*$//" | sort | uniq -c | sort -rn | head -5 > /tmp/ht/thr-$LABEL.txt
snap > /tmp/ht/snap1-$LABEL; c1=$(cs); t1=$(awk '{print $14+$15}' /proc/$PID/stat); th1=$(ls /proc/$PID/task | wc -l)
echo "$LABEL N=$N cs/stream=$(awk -v a=$c0 -v b=$c1 -v n=$N 'BEGIN{printf "%.2f",(b-a)/n}') cpu_us/stream=$(awk -v a=$t0 -v b=$t1 -v n=$N 'BEGIN{printf "%.0f",(b-a)*1e4/n}') threads=$th0->$th1 | $(grep -h '^RESULT\|^streams:' /tmp/ht/stc-$LABEL.out | tr '\n' ' ')"
join -a2 -e0 -o 0,1.2,2.2 /tmp/ht/snap0-$LABEL /tmp/ht/snap1-$LABEL | awk -v n=$N '{d=$3-$2; if (d>0) printf "   %s=%.0f", $1, d*1e4/n} END {print " (cpu us/stream by thread)"}'
