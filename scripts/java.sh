# Sourced by ./mcpkit, ./run-tests and .ci/run: finds a JDK 21 or newer without starting a JVM
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
