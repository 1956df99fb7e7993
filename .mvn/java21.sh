# Sourced by ./mvnw. Porter builds with Java 21+, while some machines default to an older java: when JAVA_HOME
# (or the java on PATH) is older than 21, use the newest JDK 21+ under /usr/lib/jvm instead.
porter_java_major() {
  "$1" -version 2>&1 | awk -F'"' '/version/ { split($2, v, "."); print (v[1] == "1" ? v[2] : v[1]); exit }'
}
porter_current_java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
porter_current_java="${porter_current_java:-$(command -v java 2>/dev/null || true)}"
if [ -z "$porter_current_java" ] || [ "$(porter_java_major "$porter_current_java")" -lt 21 ] 2>/dev/null; then
  porter_best=""
  porter_best_major=0
  set +f # mvnw runs with globbing off
  for porter_jdk in /usr/lib/jvm/*; do
    if [ -x "$porter_jdk/bin/javac" ]; then
      porter_major="$(porter_java_major "$porter_jdk/bin/java")"
      if [ "${porter_major:-0}" -ge 21 ] 2>/dev/null && [ "$porter_major" -gt "$porter_best_major" ]; then
        porter_best="$porter_jdk"
        porter_best_major="$porter_major"
      fi
    fi
  done
  set -f
  if [ -n "$porter_best" ]; then
    export JAVA_HOME="$porter_best"
  else
    echo "Porter needs a JDK 21 or newer: set JAVA_HOME to one." >&2
  fi
fi
unset porter_current_java porter_best porter_best_major porter_jdk porter_major
