#!/usr/bin/env bash
# A/B benchmark of two builds of mcpkit (does a change drop beyond the noise band?): workloads (a)
# (tools/call at 1, 8 and 64 clients, 2026 stateless and 2025 session) and (d) (open streams: 2026
# subscriptions/listen and 2025 GET streams, heap and RSS) for the mcpkit contender only, from two
# bench jars in alternating rounds (old, new, old, new, ...). Prints per figure the median of each
# side, the ratio new/old and each side's range, and writes it to bench/results/<date>-ab.md
# (quick runs: <date>-ab-quick.md).
#
#   bench/ab.sh OLD_BENCH_JAR NEW_BENCH_JAR           3 rounds per side, 12 s warm-ups, 10,000 streams (about 10 minutes)
#   bench/ab.sh OLD_BENCH_JAR NEW_BENCH_JAR --quick   1 round, no warm-up, 200 streams (about 1 minute): tests the script
#   add --streams to run workload (d) only (per-stream memory; writes <date>-ab-streams.md)
#   add --throughput to run workload (a) only (writes <date>-ab-a.md); for focused checks narrow it
#   with --clients=1,8 (client counts), --eras=2026 (2026 and/or 2025) and --rounds=N; --sse asks
#   for progress in every call (an SSE answer; writes <date>-ab-a-sse.md)
#
# Both servers of an era run side by side (pinned to CPU 1, as in run.sh's (f)) and take turns under
# wrk (CPU 0); streams get a fresh server per round. The load generator (checks, sessions, streams)
# is always NEW_BENCH_JAR's, so only the server differs. Fails (exit 1) when a contender does not
# start, answers wrongly, or a load run sees errors; it compares no figure with a threshold.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)

QUICK=0 ONLY_STREAMS=0 ONLY_A=0 OPT_CLIENTS= OPT_ERAS="2026 2025" OPT_ROUNDS= SSE=0 JARS=()
for a in "$@"; do
  case "$a" in
    --quick) QUICK=1 ;;
    --streams) ONLY_STREAMS=1 ;;
    --throughput) ONLY_A=1 ;;
    --clients=*) OPT_CLIENTS=${a#--clients=}; OPT_CLIENTS=${OPT_CLIENTS//,/ } ;;
    --eras=*) OPT_ERAS=${a#--eras=}; OPT_ERAS=${OPT_ERAS//,/ } ;;
    --rounds=*) OPT_ROUNDS=${a#--rounds=} ;;
    --sse) SSE=1 ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    -*) echo "ab: unknown option $a" >&2; exit 2 ;;
    *) JARS+=("$(readlink -f "$a")") ;;
  esac
done
[ ${#JARS[@]} = 2 ] || { echo "usage: bench/ab.sh OLD_BENCH_JAR NEW_BENCH_JAR [--quick]" >&2; exit 2; }
OLD_JAR=${JARS[0]} NEW_JAR=${JARS[1]}
cd "$root"
if [ $QUICK = 1 ]; then
  DUR=1; WARM=0; ROUNDS=1; CLIENTS="1 8 64"; STREAMS=200; SETTLE=0.2; MODE=ab-quick
else
  # The same settings as run.sh's full mode; streams get ROUNDS rounds here (not one), as the
  # old/new difference is what is measured.
  DUR=3; WARM=12; ROUNDS=3; CLIENTS="1 8 64"; STREAMS=10000; SETTLE=1; MODE=ab
fi
[ -z "$OPT_CLIENTS" ] || CLIENTS=$OPT_CLIENTS
[ -z "$OPT_ROUNDS" ] || ROUNDS=$OPT_ROUNDS
[ $ONLY_STREAMS = 0 ] || MODE=$MODE-streams
[ $ONLY_A = 0 ] || MODE=$MODE-a
[ $SSE = 0 ] || MODE=$MODE-sse

log() { echo "ab: $*" >&2; }
die() { log "FAILED: $*"; exit 1; }

for j in "$OLD_JAR" "$NEW_JAR"; do [ -f "$j" ] || die "no bench jar at $j"; done
. scripts/java.sh
JAVA_HOME=$(mcpkit_java_home) || die "no JDK 21 or newer found; set JAVA_HOME"
export JAVA_HOME
JAVA="$JAVA_HOME/bin/java"
command -v wrk >/dev/null || scripts/install-system-packages.sh
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)" || true

if [ "$(nproc)" -ge 2 ]; then
  SRV=(taskset -c 1); GEN=(taskset -c 0); PINNING="servers on CPU 1, load generators on CPU 0 (taskset)"
else
  SRV=(); GEN=(); PINNING="one CPU: servers and load generators share it"
fi
JSRV=(-Xmx512m -XX:+UseG1GC -Xshare:auto -Xlog:disable -Xlog:all=error:stderr)
JAR=$NEW_JAR
JGEN=("$JAVA" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -jar "$JAR")

stamp=$(date -u +%Y-%m-%d)
RAW="bench/results/raw/$stamp-$(date -u +%H%M%S)-$MODE"
mkdir -p "$RAW"
TSV="$RAW/results.tsv"
: > "$TSV"
. bench/lib.sh

declare -A JAR_OF=([old]="$OLD_JAR" [new]="$NEW_JAR")
serve() { start "$1" "$JAVA" "${JSRV[@]}" -jar "${JAR_OF[$2]}" serve mcpkit 0; }

# (a) one era: both servers up, warmed up in turn, then ROUNDS alternating rounds per client count.
ab_throughput() { # ERA(2026|2025)
  local era=$1 side
  declare -A url pid env
  for side in old new; do
    serve "mcpkit-$era-$side" "$side"
    if [ "$era" = 2026 ]; then
      check modern "mcpkit-$era-$side"; env[$side]="BENCH_ERA=2026"
    else
      check session "mcpkit-$era-$side"; env[$side]="BENCH_SID=$(session "mcpkit-$era-$side")"
    fi
    url[$side]=$URL pid[$side]=$SERVER_PID
  done
  local label="mcpkit ($era $([ "$era" = 2026 ] && echo stateless || echo session))"
  one() { # SIDE WORKLOAD CONNS SECONDS ROUND
    URL=${url[$1]} SERVER_PID=${pid[$1]} wrk_run "$2" "$era-$1" "$label" 1 "$3" "$4" "$5" \
      BENCH_MODE=call BENCH_ERA="$era" BENCH_SSE=$SSE ${env[$1]}
  }
  for side in old new; do one "$side" call-c64 64 "$WARM" 0; done
  for c in $CLIENTS; do
    for r in $(seq 1 "$ROUNDS"); do for side in old new; do one "$side" "call-c$c" "$c" "$DUR" "$r"; done; done
  done
  for side in old new; do SERVER_PID=${pid[$side]} stop; done
}

# (d) one round of STREAMS open streams on a fresh server: heap after GC and RSS.
ab_streams() { # FLAVOR(listen|get) SIDE ROUND
  local flavor=$1 side=$2 r=$3 id="$1-$2"
  local mem="$RAW/mem-$id-$r.json" out="$RAW/streams-$id-$r.out" line
  export BENCH_MEM_FILE="$mem"
  serve "streams-$id-$r" "$side"
  sleep "$SETTLE"
  "${GEN[@]}" "$JAVA" -Dbench.deadline=40 "${JGEN[@]:1}" streams "$flavor" "$URL" "$STREAMS" "$SERVER_PID" java "$mem" >"$out" 2>&1 \
    || { [ $QUICK = 0 ] && grep -q '^RESULT ' "$out"; } || { cat "$out" >&2; die "$id: streams failed"; }
  line=$(grep '^RESULT ' "$out")
  record streams "$id" "$flavor" "$r" "$line"
  log "streams $id round $r: ${line#RESULT } $(grep -h '^streams:' "$out" || true)"
  stop
}

T0=$(date +%s)
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
log "$MODE run: old $OLD_JAR, new $NEW_JAR; raw output in $RAW"
if [ $ONLY_STREAMS = 0 ]; then
  for era in $OPT_ERAS; do ab_throughput "$era"; done
fi
if [ $ONLY_A = 0 ]; then
  for r in $(seq 1 "$ROUNDS"); do
    for flavor in listen get; do for side in old new; do ab_streams "$flavor" "$side" "$r"; done; done
  done
fi
ELAPSED=$(( $(date +%s) - T0 ))
# The noise band of alternating rounds on this machine, as measured on this machine (±5 %).
BAND=${BENCH_BAND:-5}
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

# The table: per workload, contender and figure, the median (and range) of each side's rounds.
table() {
  awk -F'\t' -v band="$BAND" '
    function med(s,   a, n, i, j, t) {
      n = split(s, a, " ")
      for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      lo = a[1]; hi = a[n]
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function f(x) { return x == int(x) || x >= 100 ? sprintf("%.0f", x) : x >= 10 ? sprintf("%.1f", x) : sprintf("%.2f", x) }
    BEGIN {
      want["call"] = "rps p50_us p99_us cpu_us"
      want["streams"] = "streams failed open_ms heap_after_mb heap_per_stream_kb rss_after_mb rss_per_stream_kb"
      name["rps"] = "req/s"; name["p50_us"] = "p50 µs"; name["p99_us"] = "p99 µs"; name["cpu_us"] = "server CPU µs/req"
      name["streams"] = "streams open"; name["failed"] = "failed to open"; name["open_ms"] = "time to open ms"
      name["heap_after_mb"] = "heap after GC, open, MiB"; name["heap_per_stream_kb"] = "heap per stream KiB"
      name["rss_after_mb"] = "RSS, open, MiB"; name["rss_per_stream_kb"] = "RSS per stream KiB"
      # Higher is better for these; lower for the rest. Outside the band: marked, never failed.
      up["rps"] = 1; up["streams"] = 1
      print "| workload | figure | median old | median new | new/old | old range | new range | outside ±" band " % |"
      print "|---|---|---:|---:|---:|---:|---:|---|"
    }
    {
      side = $2; sub(/.*-/, "", side); key = $1 "\t" $2; sub(/-(old|new)$/, "", key)
      if (!(key in seen)) { seen[key] = 1; order[++k] = key }
      n = split($5, kv, " ")
      for (i = 1; i <= n; i++) { split(kv[i], p, "="); v[key, side, p[1]] = v[key, side, p[1]] " " p[2] }
    }
    END {
      for (i = 1; i <= k; i++) {
        split(order[i], w, "\t")
        kind = w[1] ~ /^call/ ? "call" : "streams"
        what = kind == "call" ? "(a) " (w[2] == "2026" ? "2026 stateless" : "2025 session") ", " substr(w[1], 7) " clients" : "(d) " (w[2] == "listen" ? "2026 subscriptions/listen" : "2025 GET streams")
        m = split(want[kind], metrics, " ")
        for (j = 1; j <= m; j++) {
          x = metrics[j]
          if (!((order[i], "old", x) in v) || !((order[i], "new", x) in v)) continue
          o = med(v[order[i], "old", x]); olo = lo; ohi = hi
          nw = med(v[order[i], "new", x]); nlo = lo; nhi = hi
          r = o == 0 ? (nw == 0 ? 1 : "") : nw / o
          if (r == "") mark = x in up ? "better" : "**worse**" # from zero to more (failed streams, say)
          else mark = r >= 1 - band / 100 && r <= 1 + band / 100 ? "" : (r > 1) == (x in up) ? "better" : "**worse**"
          printf "| %s | %s | %s | %s | %s | %s–%s | %s–%s | %s |\n", what, name[x], f(o), f(nw),
            (r == "" ? "–" : sprintf("%.3f", r)), f(olo), f(ohi), f(nlo), f(nhi), mark
        }
      }
    }' "$TSV"
}

CPU=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)
JDK=$("$JAVA" -version 2>&1 | awk 'NR == 1')
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || echo "?")
OUT="bench/results/$stamp-$MODE.md"
# A second run on the same day gets its own file: a committed report is never overwritten.
[ ! -e "$OUT" ] || OUT="bench/results/$stamp-$(date -u +%H%M%S)-$MODE.md"
{
  echo "## mcpkit A/B benchmark, $stamp ($MODE run)"
  echo
  echo "Machine: $(nproc) cores ($CPU), $(free -g | awk '/^Mem:/ {print $2}') GiB; JDK: $JDK; wrk: $( (wrk -v 2>&1 || true) | awk 'NR == 1 { print $1, $2 }'); commit $COMMIT."
  echo "Old: \`$OLD_JAR\` ($(sha256sum "$OLD_JAR" | cut -c1-12)); new: \`$NEW_JAR\` ($(sha256sum "$NEW_JAR" | cut -c1-12))."
  echo "Load average (1/5/15 min) before: $LOAD_BEFORE, after: $LOAD_AFTER. $PINNING."
  echo "Java servers: ${JSRV[*]}. (a): $([ $ONLY_STREAMS = 1 ] && echo "not run (--streams)" || echo "both servers of an era up, $ROUNDS alternating rounds (old, new) × ${DUR} s per client count after $([ "$WARM" = 0 ] && echo "no warm-up" || echo "a ${WARM} s warm-up of each (excluded)")"). (d): $([ $ONLY_A = 1 ] && echo "not run (--throughput; eras: $OPT_ERAS, clients: $CLIENTS)" || echo "$STREAMS streams on a fresh server per round, $ROUNDS alternating rounds, 40 s to open them"). Figures are medians of the rounds; ranges are min–max; a ratio outside the noise band (±$BAND %) is marked better or worse. Whole run: ${ELAPSED} s."
  echo
  table
} > "$OUT.tmp" || die "report failed"
mv "$OUT.tmp" "$OUT"
cat "$OUT"
log "wrote $OUT (raw: $RAW)"
