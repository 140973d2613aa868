#!/usr/bin/env bash
# lcvcall.sh JAR [ROUNDS]: one server (not pinned: the machine is shared); alternating 6 s runs of workload (b)
# (lifecycles) and (a) 2025 tools/call in one shared session, 4 clients: CPU us per request of the Jetty threads
# (/proc/PID/task/*/schedstat of mcp-jetty*), so lifecycle - 4 x call = what a lifecycle adds to four calls
set -uo pipefail
JAR=$1 R=${2:-3}
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; J=$JAVA_HOME/bin/java
cd "$(dirname "$(readlink -f "$0")")/../../.."
$J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr -jar "$JAR" serve ${WHO:-mcpkit} 0 >/tmp/hlife/lcv.log 2>&1 & P=$!
trap 'kill $P 2>/dev/null; wait $P 2>/dev/null' EXIT
for i in $(seq 1 900); do p=$(awk '/^READY [0-9]+/ {print $2; exit}' /tmp/hlife/lcv.log); [ -n "$p" ] && break; sleep 0.1; done
U=http://127.0.0.1:$p/mcp
SID=$(curl -si $U -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -d '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"b","version":"1"}}}' | awk 'tolower($1)=="mcp-session-id:" {print $2}' | tr -d '\r')
curl -s $U -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' -H "Mcp-Session-Id: $SID" -d '{"jsonrpc":"2.0","method":"notifications/initialized"}' >/dev/null
jt() { for t in /proc/$1/task/*; do case "$(cat $t/comm)" in mcp-jetty*) awk '{print $1}' $t/schedstat;; esac; done | awk '{s+=$1} END {printf "%.0f", s}'; }
W() { BENCH_MODE=$1 BENCH_ERA=2025 BENCH_SID=$SID wrk -t4 -c4 -d$2 -s bench/lua/mcp.lua $U | grep '^RESULT'; }
W lifecycle 12s >/dev/null; W call 8s >/dev/null
for r in $(seq 1 $R); do for m in lifecycle call; do
  t0=$(jt $P); res=$(W $m 6s); t1=$(jt $P)
  n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$res"); bad=$(sed 's/.*errors=\([0-9]*\) bad=\([0-9]*\).*/\1\/\2/' <<<"$res")
  echo "$m r$r jetty_us/req=$(awk -v a=$t0 -v b=$t1 -v n=$n 'BEGIN{printf "%.2f",(b-a)/1e3/n}') req=$n err/bad=$bad load=$(cut -d' ' -f1 /proc/loadavg)"
done; done
