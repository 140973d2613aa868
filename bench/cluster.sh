#!/usr/bin/env bash
# Workload (h): the cost of cluster mode per request. Every contender that names a Redis store runs in
# cluster mode on it (mcpkit-cluster's RedisCluster, as `mcpkit serve|up --store redis://...` runs: 2025 sessions,
# change fan-out, requestState key and per-client limits shared). Rows: the guarded mcpkit contender (JWT checked on
# every call, as `mcpkit up` runs it; its authorization server's state in Redis, every call checked for revocation)
# alone with the memory store and alone with Redis, called directly, and behind HAProxy (deploy/haproxy.cfg: round
# robin, no stickiness) with 1 and 2 instances; the unguarded contender's plain 2026 tools/call behind HAProxy with
# 1 and 2 instances in cluster mode (the figure that must be 0 Redis commands per request: a stateless call needs
# nothing shared); and the 2025 session lifecycle (b) on the unguarded contender, directly with the memory store, then
# behind HAProxy with 1 and 2 instances in cluster mode (a session made on one instance used and deleted on others).
# Per row: req/s, server CPU per request (all instances summed; HAProxy's apart), Redis commands per request (INFO
# commandstats before and after each round, the INFO calls themselves left out, less the instances' background
# commands measured on the idle row just before: the blocking XREADs of their readers and the lease heartbeat), and
# that background rate. 2 cores cannot show scaling: the per-request cost is the figure. Figures are printed, never
# compared.
#
#   bench/cluster.sh            3 rounds of 3 s after a 5 s warm-up per row (about 5 minutes)
#   bench/cluster.sh --quick    one 1 s round after a 3 s warm-up per row (about 3 minutes)
#   bench/run.sh --cluster      runs this after the other workloads
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"
QUICK=0
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "bench/cluster.sh: unknown argument $a" >&2; exit 2 ;;
  esac
done
# Even a quick run warms each row up: a cold contender's first calls (JIT, the JWKS fetch) can take seconds on a busy
# machine, and a 1 s round would count none of them.
if [ $QUICK = 1 ]; then DUR=1; WARM=3; ROUNDS=1; MODE=quick; else DUR=3; WARM=5; ROUNDS=3; MODE=full; fi
log() { echo "bench (h): $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

. scripts/java.sh
JAVA_HOME=$(mcpkit_java_home) || die "no JDK 21 or newer found; set JAVA_HOME"
JAVA="$JAVA_HOME/bin/java"
scripts/install-system-packages.sh
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || die "haproxy missing (scripts/install-system-packages.sh)"
HAPROXY=$(command -v haproxy || echo /usr/sbin/haproxy)
JAR=bench/target/mcpkit-bench.jar
[ -f "$JAR" ] || { log "building the bench jar"; ./mvnw -q -B -ntp -DskipTests -pl bench -am package >&2 || die "build failed"; }
if [ "$(nproc)" -ge 2 ]; then SRV=(taskset -c 1); GEN=(taskset -c 0); else SRV=(); GEN=(); fi
JSRV=(-Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr)
JGEN=("$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$JAR")
stamp=$(date -u +%Y-%m-%d)
RAW="bench/results/raw/$stamp-$(date -u +%H%M%S)-cluster-$MODE"
mkdir -p "$RAW"
TSV="$RAW/results.tsv"; : > "$TSV"
. bench/lib.sh   # start, stop, check; its EXIT trap kills every process started through it
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# --- Redis (AOF on, as in the cluster tests) and HAProxy ----------------------------------------------------------
RPORT=$(free_port)
mkdir -p "$RAW/redis"
redis-server --port "$RPORT" --bind 127.0.0.1 --dir "$RAW/redis" --save "" --appendonly yes --appendfsync everysec \
  --daemonize no >"$RAW/redis.log" 2>&1 &
RPID=$!; PIDS+=("$RPID")
for _ in $(seq 1 100); do redis-cli -p "$RPORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
redis-cli -p "$RPORT" ping >/dev/null || die "redis-server did not start"
REDIS="redis://127.0.0.1:$RPORT/0"
redis_calls() { # every command Redis has served, minus the INFO and FLUSHALL of this script
  redis-cli -p "$RPORT" info commandstats | awk -F'[:=,]' '/^cmdstat_/ && $1 != "cmdstat_info" && $1 != "cmdstat_flushall" { n += $3 } END { print n + 0 }'
}
redis_stats() { # FILE: every command's call count (cmdstat_NAME calls), for the per-command deltas of a round
  redis-cli -p "$RPORT" info commandstats | awk -F'[:=,]' '/^cmdstat_/ { print $1, $3 }' | sort > "$1"
}
now_ns() { date +%s%N; }
BG_RATE=0
background() { # PIDS...: Redis commands per second the idle instances send (readers' blocking XREADs, heartbeat)
  local r0 r1 t0 t1
  r0=$(redis_calls); t0=$(now_ns); sleep 2; r1=$(redis_calls); t1=$(now_ns)
  BG_RATE=$(awk -v r=$((r1 - r0)) -v t=$((t1 - t0)) 'BEGIN { printf "%.2f", r * 1e9 / t }')
}
HPID=""
haproxy_start() { # LB_PORT PORT...: HAProxy with deploy/haproxy.cfg in front of the ports, on LB_PORT
  local lb=$1; shift
  local cfg="$RAW/haproxy-$lb.cfg" i=1
  sed -e "s/^    bind .*/    bind 127.0.0.1:$lb/" -e '/^    server /d' -e 's/^    log stdout.*/    log stderr format raw local0 warning/' \
    deploy/haproxy.cfg > "$cfg"
  for p in "$@"; do echo "    server mcpkit$i 127.0.0.1:$p" >> "$cfg"; i=$((i + 1)); done
  "${SRV[@]}" "$HAPROXY" -db -f "$cfg" >"$RAW/haproxy-$lb.log" 2>&1 &
  HPID=$!; PIDS+=("$HPID")
}
haproxy_wait() { # LB_PORT N: until N instances answered through it (their Mcpkit-Instance header)
  local lb=$1 n=$2 seen=""
  for _ in $(seq 1 200); do
    seen=$(for _ in $(seq 1 $((n * 2))); do curl -s -o /dev/null -D - "http://127.0.0.1:$lb/readyz" 2>/dev/null \
      | awk -F': ' 'tolower($1) == "mcpkit-instance" { print $2 }' | tr -d '\r' || true; done | sort -u | wc -l)
    [ "$seen" -ge "$n" ] && return 0
    sleep 0.1
  done
  die "HAProxy did not reach $n instance(s)"
}
haproxy_stop() { [ -z "$HPID" ] || { kill "$HPID" 2>/dev/null || true; wait "$HPID" 2>/dev/null || true; HPID=""; }; }
ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{ print $14 + $15 }' "/proc/$p/stat"))); done; echo $t; }
HZ=$(getconf CLK_TCK)

# run_wrk ROW LABEL URL THREADS CONNS SECONDS ROUND INSTANCE_PIDS ENV... : one wrk round, its figures into TSV
run_wrk() {
  local row=$1 label=$2 url=$3 t=$4 c=$5 d=$6 round=$7 pids=$8; shift 8
  [ "$d" != 0 ] || return 0
  local out="$RAW/wrk-$row-$round.out" s0 s1 h0=0 h1=0 r0 r1 t0 t1 line
  redis_stats "$RAW/cmdstats-$row-$round.before"
  s0=$(ticks $pids); [ -z "$HPID" ] || h0=$(ticks "$HPID"); r0=$(redis_calls); t0=$(now_ns)
  env "$@" "${GEN[@]}" wrk -t"$t" -c"$c" -d"${d}s" --timeout 10s -s bench/lua/mcp.lua "$url" >"$out" 2>&1 \
    || { cat "$out" >&2; die "wrk failed on $row"; }
  t1=$(now_ns); s1=$(ticks $pids); [ -z "$HPID" ] || h1=$(ticks "$HPID"); r1=$(redis_calls)
  redis_stats "$RAW/cmdstats-$row-$round.after"
  # which commands the round cost: NAME delta, the INFO calls left out
  join -a2 -e 0 -o 2.1,1.2,2.2 "$RAW/cmdstats-$row-$round.before" "$RAW/cmdstats-$row-$round.after" \
    | awk '$1 != "cmdstat_info" && $3 - $2 > 0 { sub(/^cmdstat_/, "", $1); print $1, $3 - $2 }' \
    > "$RAW/cmdstats-$row-$round.delta"
  line=$(grep '^RESULT ' "$out") || { cat "$out" >&2; die "wrk printed no result on $row"; }
  local n errors bad
  n=$(sed 's/.*requests=\([0-9]*\).*/\1/' <<<"$line"); errors=$(sed 's/.* errors=\([0-9]*\).*/\1/' <<<"$line")
  bad=$(sed 's/.* bad=\([0-9]*\).*/\1/' <<<"$line")
  [ "$errors" = 0 ] && [ "$bad" = 0 ] || { cat "$out" >&2; die "$row: $errors HTTP/socket errors, $bad wrong answers"; }
  [ "$n" -gt 0 ] || { cat "$out" >&2; die "$row: no request completed in ${d} s"; }
  local fig
  # Redis commands per request: the round's delta less the background rate over the round's length (never below 0)
  fig=$(awk -v s=$((s1 - s0)) -v h=$((h1 - h0)) -v r=$((r1 - r0)) -v n="$n" -v hz="$HZ" -v bg="$BG_RATE" \
    -v t=$((t1 - t0)) 'BEGIN { net = r - bg * t / 1e9; if (net < 0) net = 0
      printf "cpu_us=%.1f lb_cpu_us=%.1f redis_per_req=%.3f redis_raw=%d redis_bg_per_s=%.2f", s * 1e6 / hz / n, h * 1e6 / hz / n, net / n, r, bg }')
  [ "$round" = 0 ] || printf '%s\t%s\t%s\t%s %s\n' "$row" "$label" "$round" "${line#RESULT }" "$fig" >> "$TSV"
  log "$label round $round: ${line#RESULT } $fig"
}
rounds() { # ROW LABEL URL THREADS CONNS PIDS ENV...: checks the answers once (which also primes a cold row), then runs
  local row=$1 label=$2 url=$3 t=$4 c=$5 pids=$6; shift 6
  local flavor=modern; [[ " $* " != *" BENCH_MODE=lifecycle "* ]] || flavor=session
  env "$@" "${GEN[@]}" "${JGEN[@]}" check "$flavor" "$url" >"$RAW/check-$row.out" 2>&1 \
    || { cat "$RAW/check-$row.out" >&2; die "$row answered wrongly ($flavor check)"; }
  background $pids
  run_wrk "$row" "$label" "$url" "$t" "$c" "$WARM" 0 "$pids" "$@"
  for r in $(seq 1 "$ROUNDS"); do run_wrk "$row" "$label" "$url" "$t" "$c" "$DUR" "$r" "$pids" "$@"; done
}
guarded() { # NAME ENV...: starts a guarded contender, sets its PID, PORT and TOKEN
  local name=$1; shift
  start "$name" env "$@" "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit-guarded 0
  TOKEN=$(awk '/^TOKEN / { print $2; exit }' "$RAW/server-$name.log")
  [ -n "$TOKEN" ] || die "$name printed no token"
}

# behind_haproxy ROW LABEL THREADS KIND ENV...: the rows ROW-1 and ROW-2, 1 and 2 instances on the Redis store (flushed
# first) behind HAProxy, LABEL's {n} standing for the count. KIND guarded: the JWT-guarded contender, every instance
# naming the balancer's URL, the first one's token given to the load generator; plain: the unguarded contender.
behind_haproxy() {
  local row=$1 label=$2 t=$3 kind=$4; shift 4
  local n i p lb ports pids token
  for n in 1 2; do
    redis-cli -p "$RPORT" flushall >/dev/null
    lb=$(free_port); ports=(); pids=(); token=()
    for i in $(seq 1 "$n"); do
      if [ "$kind" = guarded ]; then
        guarded "$row$n-i$i" BENCH_STORE="$REDIS" BENCH_SECRET="$SECRET" BENCH_PUBLIC_URL="http://127.0.0.1:$lb" \
          BENCH_INSTANCE="mcpkit$i"
        [ "$i" != 1 ] || token=(BENCH_TOKEN="$TOKEN")
      else
        start "$row$n-i$i" env BENCH_STORE="$REDIS" BENCH_INSTANCE="mcpkit$i" "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
      fi
      ports+=("$PORT"); pids+=("$SERVER_PID")
    done
    haproxy_start "$lb" "${ports[@]}"; haproxy_wait "$lb" "$n"
    rounds "$row-$n" "${label//\{n\}/$n}" "http://127.0.0.1:$lb/mcp" "$t" 8 "${pids[*]}" "$@" "${token[@]}"
    haproxy_stop
    for p in "${pids[@]}"; do SERVER_PID=$p stop; done
  done
}

T0=$(date +%s)
SECRET="bench-h-secret-$(date +%s%N)"
# 1. one instance, memory store, called directly: the single-instance figure
guarded single-memory BENCH_SECRET="$SECRET"
rounds single-memory "1 instance, memory store, direct" "$URL" 1 8 "$SERVER_PID" BENCH_MODE=call BENCH_ERA=2026 BENCH_TOKEN="$TOKEN"
stop
# 2. one instance, Redis store, called directly
redis-cli -p "$RPORT" flushall >/dev/null
guarded single-redis BENCH_STORE="$REDIS" BENCH_SECRET="$SECRET"
rounds single-redis "1 instance, Redis store, direct" "$URL" 1 8 "$SERVER_PID" BENCH_MODE=call BENCH_ERA=2026 BENCH_TOKEN="$TOKEN"
stop
# 3. and 4. one and two guarded instances with Redis behind HAProxy, all naming the balancer's URL
behind_haproxy haproxy "{n} instance(s), Redis store, through HAProxy" 1 guarded BENCH_MODE=call BENCH_ERA=2026
# 5. and 6. a plain 2026 tools/call (no guard) in cluster mode behind HAProxy: no Redis command per request
behind_haproxy plain-haproxy "2026 tools/call, no guard, {n} instance(s) in cluster mode, through HAProxy" 1 plain \
  BENCH_MODE=call BENCH_ERA=2026
# (b) the 2025 session lifecycle, unguarded contender: directly with the memory store, then behind HAProxy with 1 and
# 2 instances in cluster mode (with 2, each lifecycle's four requests alternate between the instances)
start lifecycle-direct "$JAVA" "${JSRV[@]}" -jar "$JAR" serve mcpkit 0
rounds lifecycle-direct "2025 lifecycle, 1 instance, memory store, direct" "$URL" 8 8 "$SERVER_PID" BENCH_MODE=lifecycle
stop
behind_haproxy lifecycle-haproxy "2025 lifecycle, {n} instance(s) in cluster mode, through HAProxy" 8 plain \
  BENCH_MODE=lifecycle

# --- report: medians of the rounds ------------------------------------------------------------------------------
OUT="bench/results/$stamp-cluster$( [ $QUICK = 0 ] || echo -quick).md"
{
  echo "## mcpkit benchmark (h): cluster mode cost, $stamp ($MODE run)"
  echo
  echo "Machine: $(nproc) cores, load average before the report $(cut -d' ' -f1-3 /proc/loadavg); commit $(git rev-parse --short HEAD 2>/dev/null || echo ?); $ROUNDS × ${DUR} s rounds after a ${WARM} s warm-up; 8 connections; medians. tools/call rows: the JWT-guarded contender (\`mcpkit up\`'s set-up). Whole run: $(( $(date +%s) - T0 )) s."
  echo
  echo "| row | req/s (or lifecycles/s) | p50 µs | server CPU µs/req (all instances) | HAProxy CPU µs/req | Redis commands/req | Redis background commands/s |"
  echo "|---|---:|---:|---:|---:|---:|---:|"
  awk -F'\t' '
    function val(s, k,   m) { if (match(s, k "=[0-9.]+")) return substr(s, RSTART + length(k) + 1, RLENGTH - length(k) - 1); return "" }
    function median(a, n,   i, j, t) { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2 }
    { if (!($1 in seen)) { seen[$1] = 1; order[++rows] = $1; label[$1] = $2 }
      k = ++cnt[$1]; life = ($1 ~ /^lifecycle/)
      rps[$1, k] = life ? val($4, "cps") : val($4, "rps"); p50[$1, k] = val($4, "p50_us"); cpu[$1, k] = val($4, "cpu_us")
      lb[$1, k] = val($4, "lb_cpu_us"); rd[$1, k] = val($4, "redis_per_req"); bg[$1, k] = val($4, "redis_bg_per_s") }
    END { for (r = 1; r <= rows; r++) { id = order[r]; n = cnt[id]
        for (i = 1; i <= n; i++) { a[i] = rps[id, i]; b[i] = p50[id, i]; c[i] = cpu[id, i]; d[i] = lb[id, i]; e[i] = rd[id, i]; f[i] = bg[id, i] }
        printf "| %s | %.0f | %d | %.1f | %.1f | %.3f | %.1f |\n", label[id], median(a, n), median(b, n), median(c, n), median(d, n), median(e, n), median(f, n) } }
  ' "$TSV"
  echo
  echo "Lifecycle rows count one initialize → initialized → tools/call → DELETE chain as one; their CPU and Redis figures are per HTTP request."
  echo "Redis commands/req: the commands Redis served during a round less the background rate (the last column: what the idle instances send, measured for 2 s before the row's rounds) times the round's length, per request; the commands of each round by name are in the raw folder (cmdstats-ROW-ROUND.delta)."
  echo "Background: \`ping\` is HAProxy's /readyz check (an instance in cluster mode PINGs Redis), \`xread\` each instance's two blocking readers (changes and sessions, 1 s block), \`eval\`/\`zadd\`/\`zremrangebyscore\`/\`zscore\`/\`time\` the lease heartbeat (every 5 s). The guarded rows' \`get\` + \`exists\` per call are the revocation check of the token (its record, then its family), which \`mcpkit up --store\` does with or without cluster mode."
  echo
  echo "Commands of each row's first round (name count):"
  echo
  for row in $(cut -f1 "$TSV" | awk '!seen[$0]++'); do
    f="$RAW/cmdstats-$row-1.delta"
    [ -f "$f" ] || continue
    echo "- $row: $( [ -s "$f" ] && tr '\n' ' ' < "$f" | sed 's/ $//' || echo none)"
  done
} > "$OUT"
cat "$OUT"
log "wrote $OUT (raw: $RAW)"
