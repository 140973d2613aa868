#!/usr/bin/env bash
# Records mcpkit's start-up cache for one JDK and jar: scripts/aot-train.sh JAVA_HOME JAR
#
# The Maven build of mcpkit-cli runs it in `package`, right after the jar is made, with the JDK Maven runs on
# (skip it with -DskipAotTraining); ./mcpkit runs it when the cache is missing or was made by another JDK. The
# training is a real stdio session (initialize, tools/list, tools/call in both eras) through `serve --stdio`, the
# command hosts spawn, with the JIT flags the launcher gives that command (scripts/java.sh, mcpkit_stdio_jit_setup),
# so the archive is recorded the way it is used. It records the classes that session loads and links (and, on JDK
# 25+, the method profiles: JEP 483/514/515) in the archive next to the jar, stamped with the JDK's identity (scripts/java.sh,
# mcpkit_aot_setup); every later start maps them instead of loading and linking them again, which is most of what a
# stdio host waits for. JDK 25+ records an AOT cache, JDK 21-24 a dynamic AppCDS archive.
#
# Does nothing when the archive is already current. Any failure only costs start-up speed, so it never fails (exit
# 0): it prints one line saying so, with the training's output kept in a log. One training at a time per archive
# (a lock left by a killed one is ignored after 10 minutes); each checkout's archive (and
# its temporary files) is in its own target/, so builds in other checkouts never meet.
set -uo pipefail
here=${BASH_SOURCE[0]%/*}
[ "$here" != "${BASH_SOURCE[0]}" ] || here=.
. "$here/java.sh"
if [ $# != 2 ]; then
  echo "usage: scripts/aot-train.sh JAVA_HOME JAR" >&2
  exit 2
fi
java_home=$1 jar=$2
not_recorded() {
  echo "mcpkit: the start-up cache for $jar was not recorded ($1); mcpkit starts without it, only slower" >&2
  exit 0
}
[ -f "$jar" ] || not_recorded "no such jar"
major=$(mcpkit_jdk_major "$java_home") || not_recorded "no JDK at $java_home"
mcpkit_aot_setup "$java_home" "$jar" "$major"
mcpkit_stdio_jit_setup "$major"
! mcpkit_aot_current "$jar" || exit 0
archive=$mcpkit_aot_archive lock="$mcpkit_aot_archive.training" tmp="$mcpkit_aot_archive.$$.tmp"
log="$mcpkit_aot_archive.log"
[ -z "$(find "$lock" -maxdepth 0 -mmin +10 2>/dev/null)" ] || rmdir "$lock" 2>/dev/null || true
mkdir "$lock" 2>/dev/null || not_recorded "another training of it is running"
# JDK 25's training run keeps its AOT configuration in $tmp.config until it has made the cache
trap 'rm -f "$tmp" "$tmp.config"; rmdir "$lock" 2>/dev/null' EXIT
meta='"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{}}'
# shellcheck disable=SC2086 # the flag lists split into words on purpose
printf '%s\n' \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"train","version":"1"}}}' \
    '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' \
    '{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"echo_message","arguments":{"message":"x"}}}' \
    '{"jsonrpc":"2.0","id":4,"method":"tools/call","params":{"name":"add_numbers","arguments":{"a":0.1,"b":0.2}}}' \
    "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"tools/list\",\"params\":{$meta}}" \
    "{\"jsonrpc\":\"2.0\",\"id\":6,\"method\":\"tools/call\",\"params\":{\"name\":\"echo_message\",\"arguments\":{\"message\":\"x\"},$meta}}" \
  | "$java_home/bin/java" $mcpkit_aot_quiet $mcpkit_stdio_jit "$mcpkit_aot_record=$tmp" -jar "$jar" serve --stdio \
    >/dev/null 2>"$log"
status=$?
[ "$status" = 0 ] && [ -s "$tmp" ] || not_recorded "the training run failed with exit $status; its output: $log"
# the old stamp goes first and the new one last: an archive is never taken for another JDK's
rm -f "$archive.jdk" && mv -f "$tmp" "$archive" && echo "$mcpkit_aot_jdk_id" > "$archive.jdk.tmp" \
  && mv -f "$archive.jdk.tmp" "$archive.jdk" || not_recorded "it could not be written next to the jar"
rm -f "$log"
