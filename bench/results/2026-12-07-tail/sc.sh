#!/usr/bin/env bash
# sc.sh JAR LABEL: syscalls per request under strace, 2026, 64 conns
set -uo pipefail
JAR=$1 LABEL=$2
. "$(dirname "$0")/serve.sh"
serve "$JAR" /tmp/ht/sc-$LABEL.log
cd /work/wt/h-tail
env BENCH_MODE=call BENCH_ERA=2026 taskset -c 0 wrk -t1 -c64 -d10s -s bench/lua/mcp.lua $URL >/dev/null
strace -f -c -o /tmp/ht/strace-$LABEL.txt $(for t in /proc/$PID/task/*; do echo -n " -p ${t##*/}"; done) 2>/dev/null & SP=$!
sleep 2
r=$(env BENCH_MODE=call BENCH_ERA=2026 taskset -c 0 wrk -t1 -c64 -d4s -s bench/lua/mcp.lua $URL | grep RESULT)
kill -INT $SP; wait $SP 2>/dev/null
n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$r")
echo "$LABEL $r"
awk -v n=$n 'NR>2 && $NF!="total" && $4+0>0 {printf "  %s=%.2f", $NF, $4/n} END {print ""}' /tmp/ht/strace-$LABEL.txt
