# Sourced by ./mcpkit, ./run-tests, .ci/run and scripts/aot-train.sh: finds a JDK 21 or newer without starting a JVM
# (reading the JDK's `release` file costs microseconds; `java -version` costs a JVM start on the
# cold-start path of stdio servers).

# Prints the value of KEY ($2) in the `release` file of the JDK at $1 (JAVA_VERSION="25.0.3" gives 25.0.3),
# or fails. Shell builtins only: the launcher runs this on every start.
mcpkit_jdk_release() {
  local line
  [ -r "$1/release" ] || return 1
  while IFS= read -r line || [ -n "$line" ]; do
    if [ "${line%%=*}" = "$2" ]; then
      line=${line#*=}; line=${line#\"}; echo "${line%\"}"; return 0
    fi
  done < "$1/release"
  return 1
}

# Prints the major version of the JDK at $1, or nothing.
mcpkit_jdk_major() {
  local v
  [ -x "$1/bin/java" ] || return 1
  v=$(mcpkit_jdk_release "$1" JAVA_VERSION) || return 1
  v=${v%%[!0-9]*}
  [ -n "$v" ] && echo "$v"
}

# Prints the home of a JDK >= 21 (with javac): MCPKIT_JAVA_HOME, JAVA_HOME, the `java` on PATH,
# then the newest under the usual install folders.
mcpkit_java_home() {
  local c v best="" bestv=0
  for c in "${MCPKIT_JAVA_HOME:-}" "${JAVA_HOME:-}" onpath; do
    if [ "$c" = onpath ]; then # resolved only when the variables named no usable JDK (readlink is a process)
      command -v java >/dev/null 2>&1 || continue
      c=$(readlink -f "$(command -v java)"); c=${c%/bin/java}
    fi
    [ -n "$c" ] || continue
    v=$(mcpkit_jdk_major "$c") || continue
    if [ "$v" -ge 21 ] && [ -x "$c/bin/javac" ]; then echo "$c"; return 0; fi
  done
  for c in /usr/lib/jvm/* /opt/java/* /opt/jdk* "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$c" ] || continue
    v=$(mcpkit_jdk_major "$c") || continue
    if [ "$v" -ge 21 ] && [ "$v" -gt "$bestv" ] && [ -x "$c/bin/javac" ]; then best="$c"; bestv="$v"; fi
  done
  [ -n "$best" ] && { echo "$best"; return 0; }
  return 1
}

# Prints the JVM flags for running Maven on a JDK of major version $1. JDK 24+ warns on stderr that
# Maven's libraries (Guice, Guava) call sun.misc.Unsafe; the flag that allows it quietly is unknown
# to JDK 21 and 22, which then refuse to start, so it is given only where the warning exists.
mcpkit_maven_jvm_opts() {
  if [ "$1" -ge 24 ]; then echo "--sun-misc-unsafe-memory-access=allow"; fi
}

# The start-up cache of the jar $2 for the JDK at $1 (major version $3), as ./mcpkit uses it and
# scripts/aot-train.sh records it (DoctorCommand reads the same names). Sets, without starting a process:
#   mcpkit_aot_archive  the archive, next to the jar: mcpkit-jdkN.aot (JDK 25+: an AOT cache, JEP 483/514/515)
#                       or mcpkit-jdkN.jsa (JDK 21-24: a dynamic AppCDS archive)
#   mcpkit_aot_record   the flag that records it (=FILE follows), mcpkit_aot_use the flag that maps it
#   mcpkit_aot_quiet    the logging flags that keep the JVM's archive messages off stderr (stdout is the protocol's)
#   mcpkit_aot_jdk_id   the JDK's identity (its home and runtime version), kept in the stamp $mcpkit_aot_archive.jdk:
#                       an archive works only with the exact JDK build and jar that made it
mcpkit_aot_setup() {
  local dir=${2%/*} version
  version=$(mcpkit_jdk_release "$1" JAVA_RUNTIME_VERSION || mcpkit_jdk_release "$1" JAVA_VERSION || true)
  mcpkit_aot_jdk_id="$1 $version"
  if [ "$3" -ge 25 ]; then
    mcpkit_aot_archive="$dir/mcpkit-jdk$3.aot"; mcpkit_aot_record="-XX:AOTCacheOutput"; mcpkit_aot_use="-XX:AOTCache"
    mcpkit_aot_quiet="-Xlog:disable -Xlog:all=error:stderr -Xlog:cds*=off:stderr -Xlog:aot*=off:stderr"
  else
    mcpkit_aot_archive="$dir/mcpkit-jdk$3.jsa"; mcpkit_aot_record="-XX:ArchiveClassesAtExit"
    mcpkit_aot_use="-XX:SharedArchiveFile"; mcpkit_aot_quiet="-Xlog:disable -Xlog:all=error:stderr -Xlog:cds*=off:stderr"
  fi
}

# Sets mcpkit_stdio_jit, without starting a process, to the JIT flags of the stdio server hosts spawn for a JDK of
# major version $1 (./mcpkit gives them to exactly `serve --stdio`; bench/run.sh gives them to every Java contender
# of its stdio workload): C1 alone, and on JDK 25+ the archive's method profiles left unused (./mcpkit says why).
mcpkit_stdio_jit_setup() {
  mcpkit_stdio_jit="-XX:TieredStopAtLevel=1"
  [ "$1" -lt 25 ] || mcpkit_stdio_jit="$mcpkit_stdio_jit -XX:+UnlockDiagnosticVMOptions -XX:-AOTReplayTraining"
}

# Whether the archive mcpkit_aot_setup named is current for the jar $1: newer than the jar and stamped by this JDK.
mcpkit_aot_current() {
  local stamped=""
  [ -f "$mcpkit_aot_archive" ] && [ ! "$mcpkit_aot_archive" -ot "$1" ] && [ -r "$mcpkit_aot_archive.jdk" ] || return 1
  IFS= read -r stamped < "$mcpkit_aot_archive.jdk" || true
  [ "$stamped" = "$mcpkit_aot_jdk_id" ]
}
