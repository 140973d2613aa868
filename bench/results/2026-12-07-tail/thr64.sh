#!/usr/bin/env bash
# thr64.sh JAR LABEL ERA: CPU per request by thread at 64 connections
set -uo pipefail
JAR=$1 LABEL=$2 ERA=$3
. "$(dirname "$0")/serve.sh"
serve "$JAR" /tmp/ht/t64-$LABEL.log
SID=; [ $ERA = 2026 ] || SID=$(taskset -c 0 $J -jar /tmp/bench-main.jar session $URL)
cd /work/wt/h-tail
env BENCH_MODE=call BENCH_ERA=$ERA BENCH_SID=$SID taskset -c 0 wrk -t1 -c64 -d10s -s bench/lua/mcp.lua $URL >/dev/null
snap() { for t in /proc/$PID/task/*; do echo "$(tr " " _ <$t/comm) $(awk '{print $14+$15}' $t/stat)"; done | awk '{n=$1; if (n !~ /^mcp-jetty/) gsub(/[0-9]+$/,"",n); a[n]+=$2} END {for (k in a) print k, a[k]}' | sort; }
snap > /tmp/ht/t0-$LABEL
r=$(env BENCH_MODE=call BENCH_ERA=$ERA BENCH_SID=$SID taskset -c 0 wrk -t1 -c64 -d6s -s bench/lua/mcp.lua $URL | grep RESULT)
snap > /tmp/ht/t1-$LABEL
n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$r")
echo "$LABEL $ERA $r"
join -a2 -e0 -o 0,1.2,2.2 /tmp/ht/t0-$LABEL /tmp/ht/t1-$LABEL | awk -v n=$n '{d=$3-$2; if (d>0) printf "   %s=%.1f", $1, d*1e4/n} END {print " (cpu us/req by thread)"}'
