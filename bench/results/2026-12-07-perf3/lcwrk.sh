JAR=$1 LABEL=$2
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
out=/tmp/hperf/srvlw-$LABEL.log
taskset -c 1 $JAVA_HOME/bin/java -Xshare:auto -Xlog:disable -jar $JAR serve mcpkit 0 >$out 2>&1 &
PID=$!
for i in $(seq 1 900); do PORT=$(awk '/^READY [0-9]+/ {print $2; exit}' $out); [ -n "$PORT" ] && break; sleep 0.1; done
taskset -a -p -c 1 $PID >/dev/null
cd /work/wt/h-perf
BENCH_MODE=lifecycle BENCH_ERA=2025 taskset -c 0 wrk -t1 -c1 -d6s -s bench/lua/mcp.lua http://127.0.0.1:$PORT/mcp >/dev/null
strace -f -tt -e trace=read,writev,write,epoll_ctl,epoll_wait -s 30 -o /tmp/hperf/lw-$LABEL.trace $(for t in /proc/$PID/task/*; do echo -n " -p ${t##*/}"; done) 2>/dev/null & SP=$!
sleep 1.5
BENCH_MODE=lifecycle BENCH_ERA=2025 taskset -c 0 wrk -t1 -c1 -d1s -s bench/lua/mcp.lua http://127.0.0.1:$PORT/mcp | grep RESULT
sleep 0.3; kill -INT $SP; wait $SP; kill $PID; wait $PID
