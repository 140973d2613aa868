#!/usr/bin/env bash
# Used for bench/results/2026-12-08-m2026.md; output in /tmp/hm2026.
# ab.sh ERA ROUNDS DUR JAR1 JAR2 ... : servers side by side on CPU 1; alternating wrk -t1 -c8 rounds; prints CPU us/req and alloc B/req
# PROF=1: one extra JFR round per jar with execution samples (1ms) + allocation samples -> /tmp/hm2026/prof-<i>-<era>.jfr
set -euo pipefail
ERA=$1 ROUNDS=$2 D=$3; shift 3
JARS=("$@")
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
J=$JAVA_HOME/bin/java; JFR=$JAVA_HOME/bin/jfr; JCMD=$JAVA_HOME/bin/jcmd
C=${CLIENTS:-8}
HERE=$(dirname "$(readlink -f "$0")"); mkdir -p /tmp/hm2026
cd "$HERE/../../.."
PIDS=(); URLS=(); SIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill $p 2>/dev/null; done; wait 2>/dev/null; }
trap cleanup EXIT
for i in "${!JARS[@]}"; do
  out=/tmp/hm2026/srv-$i.log
  $J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -jar "${JARS[$i]}" serve mcpkit 0 >$out 2>&1 &
  PIDS+=($!)
done
for i in "${!JARS[@]}"; do
  out=/tmp/hm2026/srv-$i.log
  for k in $(seq 1 600); do PORT=$(awk '/^READY [0-9]+/ {print $2; exit}' $out); [ -n "$PORT" ] && break; sleep 0.1; done
  URLS+=(http://127.0.0.1:$PORT/mcp)
  GEN=(taskset -c 0 $J -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "${JARS[-1]}")
  if [ $ERA = 2025 ]; then SIDS+=("$("${GEN[@]}" session ${URLS[$i]})"); else SIDS+=(""); fi
done
runw() { # i dur -> RESULT line
  env BENCH_MODE=call BENCH_ERA=$ERA BENCH_SSE=0 BENCH_SID="${SIDS[$1]}" taskset -c 0 wrk -t1 -c$C -d${2}s --timeout 10s -s bench/lua/mcp.lua ${URLS[$1]} | grep '^RESULT'
}
for i in "${!JARS[@]}"; do runw $i ${WARM:-12} >/dev/null; done
for i in "${!JARS[@]}"; do taskset -a -p -c 1 ${PIDS[$i]} >/dev/null; done  # pinned once the JIT had both CPUs
for i in "${!JARS[@]}"; do runw $i 3 >/dev/null; done
cpuw() { for t in /proc/$1/task/*; do c=$(cat $t/comm); case "$c" in *Compiler*|JFR*|Attach*) ;; *) awk '{print $14+$15}' $t/stat;; esac; done | awk '{s+=$1} END {print s}'; }
for i in "${!JARS[@]}"; do
  $JCMD ${PIDS[$i]} JFR.start name=a filename=/tmp/hm2026/alloc-$i.jfr settings=$HERE/alloc.jfc >/dev/null
done
sleep 3
: > /tmp/hm2026/rounds.txt
for r in $(seq 1 $ROUNDS); do
  for i in "${!JARS[@]}"; do
    P=${PIDS[$i]}
    t0=$(cpuw $P); w0=$(date +%s%N)
    res=$(runw $i $D)
    t1=$(cpuw $P); w1=$(date +%s%N)
    n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$res")
    echo "$i $r $n $w0 $w1 $(awk -v d=$((t1-t0)) -v n=$n 'BEGIN{printf "%.2f", d*1e4/n}')" >> /tmp/hm2026/rounds.txt
    sleep 0.3
  done
done
for i in "${!JARS[@]}"; do $JCMD ${PIDS[$i]} JFR.stop name=a >/dev/null; done
python3 $HERE/rounds.py
if [ -n "${PROF:-}" ]; then
  for i in "${!JARS[@]}"; do
    P=${PIDS[$i]}; f=/tmp/hm2026/prof-$i-$ERA.jfr
    $JCMD $P JFR.start name=p filename=$f settings=profile jdk.CPUTimeSample#enabled=true jdk.CPUTimeSample#throttle=200us jdk.ExecutionSample#period=1ms jdk.ObjectAllocationSample#throttle=20000/s >/dev/null
    res=$(runw $i ${PD:-10})
    $JCMD $P JFR.stop name=p >/dev/null
    echo "$res" > $f.result; echo "prof jar$i $res"
  done
fi
