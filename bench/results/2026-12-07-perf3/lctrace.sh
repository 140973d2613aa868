JAR=$1 LABEL=$2
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
out=/tmp/hperf/srvlc-$LABEL.log
$JAVA_HOME/bin/java -Xshare:auto -Xlog:disable -jar $JAR serve mcpkit 0 >$out 2>&1 &
PID=$!
for i in $(seq 1 900); do PORT=$(awk '/^READY [0-9]+/ {print $2; exit}' $out); [ -n "$PORT" ] && break; sleep 0.1; done
python3 /tmp/hperf/lc.py $PORT 30 >/dev/null   # warm
strace -f -tt -e trace=read,writev,write,epoll_ctl,epoll_wait -s 40 -o /tmp/hperf/lc-$LABEL.trace $(for t in /proc/$PID/task/*; do echo -n " -p ${t##*/}"; done) 2>/dev/null & SP=$!
sleep 2
python3 /tmp/hperf/lc.py $PORT 3 >/dev/null
sleep 0.5; kill -INT $SP; wait $SP; kill $PID; wait $PID
