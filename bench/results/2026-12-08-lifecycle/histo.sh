#!/usr/bin/env bash
# histo.sh JAR TAG: Epsilon GC (nothing is freed; 8 GB heap, not touched up front), class histogram (-all: dead
# objects too) before and after a 2 s run of workload (a) 2026 at 4 clients, after a 6 s warm-up; per-class instances
# and bytes per request of the delta
set -uo pipefail
JAR=$1 TAG=$2
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64; J=$JAVA_HOME/bin/java
cd "$(dirname "$(readlink -f "$0")")/../../.."
$J -Xms8g -Xmx8g -XX:-AlwaysPreTouch -XX:+UnlockExperimentalVMOptions -XX:+UseEpsilonGC -Xlog:disable -jar "$JAR" serve mcpkit 0 >/tmp/hlife-h$TAG.log 2>&1 & P=$!
trap 'kill $P 2>/dev/null; wait $P 2>/dev/null' EXIT
for i in $(seq 1 900); do p=$(awk '/^READY [0-9]+/ {print $2; exit}' /tmp/hlife-h$TAG.log); [ -n "$p" ] && break; sleep 0.1; done
U=http://127.0.0.1:$p/mcp
W() { BENCH_MODE=call BENCH_ERA=2026 wrk -t4 -c4 -d$1 -s bench/lua/mcp.lua $U | grep '^RESULT'; }
W 6s >/dev/null
$JAVA_HOME/bin/jcmd $P GC.class_histogram -all > /tmp/hlife-h$TAG.0
res=$(W 2s)
$JAVA_HOME/bin/jcmd $P GC.class_histogram -all > /tmp/hlife-h$TAG.1
n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$res"); echo "$TAG n=$n $res" >&2
python3 - /tmp/hlife-h$TAG.0 /tmp/hlife-h$TAG.1 $n <<'PY'
import sys,re
def load(f):
    d={}
    for l in open(f):
        m=re.match(r'\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)',l)
        if m: d[m.group(3)]=(int(m.group(1)),int(m.group(2)))
    return d
a=load(sys.argv[1]); b=load(sys.argv[2]); n=int(sys.argv[3])
tot=sum(b[k][1]-a.get(k,(0,0))[1] for k in b)
print(f"total bytes/req {tot/n:.1f}")
rows=sorted(((b[k][0]-a.get(k,(0,0))[0])/n,(b[k][1]-a.get(k,(0,0))[1])/n,k) for k in b)
for c,by,k in sorted(rows,key=lambda r:-r[1])[:60]:
    if by>=1: print(f"{c:7.3f} {by:8.1f} {k}")
PY
