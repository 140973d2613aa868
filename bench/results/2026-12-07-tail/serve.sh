# Sourced by sc.sh and thr64.sh: serve JAR LOG starts `serve mcpkit` from JAR pinned to CPU 1 (as bench/ab.sh does),
# waits for READY and sets PID and URL; the server is stopped when the script exits.
export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
J=$JAVA_HOME/bin/java
serve() {
  taskset -c 1 $J -Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr ${JOPT:-} -jar "$1" serve mcpkit 0 >"$2" 2>&1 &
  PID=$!
  trap 'kill $PID 2>/dev/null; wait $PID 2>/dev/null' EXIT
  local port=
  for _ in $(seq 1 900); do port=$(awk '/^READY [0-9]+/ {print $2; exit}' "$2"); [ -n "$port" ] && break; sleep 0.1; done
  taskset -a -p -c 1 $PID >/dev/null
  URL=http://127.0.0.1:$port/mcp
}
