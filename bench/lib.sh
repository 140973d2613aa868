# Sourced by bench/run.sh and bench/ab.sh after they set RAW, TSV, SRV, GEN and JGEN (and QUICK):
# starting and stopping a pinned contender, its answer checks, and one wrk round recorded in TSV.
# Every function reads those globals when it runs; URL, PORT and SERVER_PID name the current server.

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
trap 'exit 130' INT TERM

# start NAME CMD...: starts a server pinned to the server CPU, waits for "READY <port>" on its log.
start() {
  local name=$1; shift
  local out="$RAW/server-$name.log"
  # Started on every CPU (start-up is not measured, and a JVM starting on one CPU waits for its JIT),
  # then pinned, all its threads, once it is ready.
  "$@" >"$out" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 1 600); do
    if PORT=$(awk '/^READY [0-9]+/ { print $2; exit }' "$out") && [ -n "$PORT" ]; then
      URL="http://127.0.0.1:$PORT/mcp"
      [ ${#SRV[@]} = 0 ] || taskset -a -p -c "${SRV[2]}" "$SERVER_PID" >/dev/null || die "could not pin $name"
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -20 "$out" >&2; die "contender $name exited at start"; }
    sleep 0.1
  done
  die "contender $name did not start within 60 s"
}
stop() { # SIGTERM, then SIGKILL after 10 s (a JVM thrashing at its heap limit may never get to exit)
  kill "$SERVER_PID" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}
check() { "${GEN[@]}" "${JGEN[@]}" check "$1" "$URL" || die "contender $2 answered wrongly ($1 check)"; }
session() { "${GEN[@]}" "${JGEN[@]}" session "$URL" || die "could not open a session on $1"; }

HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$SERVER_PID/stat"; } # user + system time, all threads

record() { # WORKLOAD ID LABEL ROUND RESULT_LINE
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" "${5#RESULT }" >> "$TSV"
}

# wrk_run WORKLOAD ID LABEL THREADS CONNS SECONDS ROUND(0 = warm-up) ENV...
wrk_run() {
  local w=$1 id=$2 label=$3 t=$4 c=$5 d=$6 round=$7; shift 7
  [ "$d" != 0 ] || return 0 # no warm-up in a quick run
  local out="$RAW/wrk-$w-$id-$round.out" t0 t1
  t0=$(cpu_ticks)
  env "$@" "${GEN[@]}" wrk -t"$t" -c"$c" -d"${d}s" --timeout 10s -s bench/lua/mcp.lua "$URL" > "$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed on $id"; }
  local line errors bad
  t1=$(cpu_ticks)
  line=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "wrk printed no result on $id"; }
  # The server's own CPU time per request: steadier than req/s on a busy machine.
  line="$line cpu_us=$(awk -v d=$((t1 - t0)) -v hz="$HZ" -v l="$line" \
    'BEGIN { match(l, /requests=[0-9]+/); n = substr(l, RSTART + 9, RLENGTH - 9); printf "%.1f", (n > 0 ? d * 1e6 / hz / n : 0) }')"
  errors=$(sed 's/.* errors=\([0-9]*\).*/\1/' <<<"$line"); bad=$(sed 's/.* bad=\([0-9]*\).*/\1/' <<<"$line")
  [ "$errors" = 0 ] && [ "$bad" = 0 ] || { cat "$out" >&2; die "$id: $errors HTTP/socket errors, $bad wrong answers in $w"; }
  if [ "$round" != 0 ]; then record "$w" "$id" "$label" "$round" "$line"; fi
  log "$w $label round $round: ${line#RESULT }"
}
