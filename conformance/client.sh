#!/usr/bin/env bash
# The client the official MCP conformance suite drives in client mode:
#   conformance client --command conformance/client.sh --scenario <name>
# The suite appends the mock server URL as the last argument and passes the scenario in
# MCP_CONFORMANCE_SCENARIO (data in MCP_CONFORMANCE_CONTEXT, revision in MCP_CONFORMANCE_PROTOCOL_VERSION).
# `exec` keeps one process, so the suite's timeout signal reaches the JVM. The JVM flags trim start-up
# (the scenario timeout includes it): C1 only, serial GC, the class-data archive when present.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
. "$root/scripts/java.sh"
java_home=$(mcpkit_java_home) || { echo "client.sh: no JDK 21 or newer found" >&2; exit 1; }
jar="$root/mcpkit-cli/target/mcpkit.jar"
[ -f "$jar" ] || { echo "client.sh: $jar is missing; build it with ./mvnw -pl mcpkit-cli -am package" >&2; exit 1; }
exec "$java_home/bin/java" -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:+AutoCreateSharedArchive \
  -XX:SharedArchiveFile="$root/mcpkit-cli/target/conformance-client.jsa" -Xlog:disable -Xlog:all=error:stderr \
  -jar "$jar" conformance-client "$@"
