#!/usr/bin/env bash
# Runs every fuzz target in Jazzer's fuzzing mode for SECONDS each (default 30), one Maven run per
# target (Jazzer fuzzes one test per JVM). Without this script the same tests run in regression mode
# in every `mvn verify`: their committed seeds and past findings only. See FUZZING.md.
#   scripts/fuzz.sh            # 30 s per target (what CI runs)
#   scripts/fuzz.sh 600        # the long run: 10 minutes per target
#   scripts/fuzz.sh 60 codec   # only the targets whose name contains "codec"
# Exit status: 0 when no target found anything; 1 otherwise (each finding is saved next to the
# target's seeds as crash-<sha1>, which makes it a regression test once committed).
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/java.sh
export JAVA_HOME="${JAVA_HOME:-$(mcpkit_java_home)}"
seconds="${1:-30}"
only="${2:-}"
case "$seconds" in ''|*[!0-9]*) echo "usage: scripts/fuzz.sh [seconds] [target-filter]" >&2; exit 2 ;; esac

# module  test-class#method
targets=(
  "mcpkit-core   JsonRpcCodecFuzzTest#codec"
  "mcpkit-server HttpAdmissionFuzzTest#admission"
  "mcpkit-client AnswerParsingFuzzTest#answers"
  "mcpkit-auth   OAuthFormsFuzzTest#forms"
  "mcpkit-cli    DispatcherFuzzTest#dispatch"
)

failed=()
for t in "${targets[@]}"; do
  read -r module test <<<"$t"
  [ -n "$only" ] && [[ "$test" != *"$only"* ]] && continue
  [ -d "$module/src/test" ] && grep -rqs "${test%%#*}" "$module/src/test/java" || continue
  echo "fuzz: $module $test for ${seconds}s" >&2
  log="$module/target/fuzz-${test%%#*}.log"
  mkdir -p "$module/target"
  stamp="$module/target/fuzz-start"; touch "$stamp"
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${seconds}s" ./mvnw -B -ntp -o -q test -pl "$module" -am \
      -Dtest="$test" -Dsurefire.failIfNoSpecifiedTests=false >"$log" 2>&1 \
      && [ -n "$(find "$module/target/surefire-reports" -name "TEST-*.${test%%#*}.xml" -newer "$stamp" 2>/dev/null)" ] \
      && [ -z "$(find "$module/src/test/resources" -name 'crash-*' -newer "$stamp" 2>/dev/null)" ]; then
    # (a JVM that libFuzzer ended before JUnit reported leaves no report: Maven says "Tests run: 0" and succeeds)
    echo "fuzz: $test found nothing" >&2
  else
    echo "fuzz: $test FAILED (log: $log; findings: crash-* under $module/src/test/resources)" >&2
    grep -E "FuzzTestFinding|Expecting|expected|DEDUP_TOKEN" "$log" | head -20 >&2
    failed+=("$test")
  fi
done
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: findings in ${failed[*]}" >&2; exit 1; }
