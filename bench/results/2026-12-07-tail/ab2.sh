#!/usr/bin/env bash
# ab2.sh OLDJAR NEWJAR ROUNDS SECS [ERA]: both up on CPU 1, alternating 64-conn runs; percentiles, gc/100k, cpu/req
set -uo pipefail
OLD=$1 NEW=$2 R=${3:-4} D=${4:-5} ERA=${5:-2026}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
J=$JAVA_HOME/bin/java
declare -A PID URL
for s in old new; do
  jar=$OLD; [ $s = new ] && jar=$NEW
  taskset -c 1 $J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -Xlog:gc:file=/tmp/ht/ab2gc-$s.log -jar "$jar" serve mcpkit 0 >/tmp/ht/ab2srv-$s.log 2>&1 &
  PID[$s]=$!
done
trap 'kill ${PID[old]} ${PID[new]} 2>/dev/null' EXIT
for s in old new; do
  for i in $(seq 1 900); do P=$(awk '/^READY [0-9]+/ {print $2; exit}' /tmp/ht/ab2srv-$s.log); [ -n "$P" ] && break; sleep 0.1; done
  URL[$s]=http://127.0.0.1:$P/mcp; taskset -a -p -c 1 ${PID[$s]} >/dev/null
done
SID=
ENV=(BENCH_MODE=call BENCH_ERA=$ERA BENCH_SSE=0)
sidof() { [ $ERA = 2026 ] || taskset -c 0 $J -jar $NEW session ${URL[$1]}; }
declare -A S
for s in old new; do S[$s]=$(sidof $s); env "${ENV[@]}" BENCH_SID=${S[$s]} taskset -c 0 wrk -t1 -c64 -d10s -s /tmp/ht/mcp.lua ${URL[$s]} >/dev/null; done
for r in $(seq 1 $R); do for s in old new; do
  g0=$(grep -c Pause /tmp/ht/ab2gc-$s.log); t0=$(awk '{print $14+$15}' /proc/${PID[$s]}/stat)
  o=$(env "${ENV[@]}" BENCH_SID=${S[$s]} taskset -c 0 wrk -t1 -c64 -d${D}s --timeout 10s -s /tmp/ht/mcp.lua ${URL[$s]})
  g1=$(grep -c Pause /tmp/ht/ab2gc-$s.log); t1=$(awk '{print $14+$15}' /proc/${PID[$s]}/stat)
  n=$(grep RESULT <<<"$o" | sed 's/.*requests=\([0-9]*\).*/\1/')
  echo "r$r $s $(grep RESULT <<<"$o" | cut -d' ' -f2-5) cpu_us=$(awk -v a=$t0 -v b=$t1 -v n=$n 'BEGIN{printf "%.1f",(b-a)*1e4/n}') gc=$((g1-g0)) | $(grep PCT <<<"$o" | cut -d' ' -f2-) load=$(cut -d' ' -f1 /proc/loadavg)"
done; done
