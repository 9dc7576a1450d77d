#!/usr/bin/env bash
# Source this: exports JAVA_HOME (and PATH) pointing at a JDK >= 21, looking at JAVA_HOME,
# the java on PATH and /usr/lib/jvm/*. The build targets Java 21; the default java may be older.
java_major() {
  "$1" -XshowSettings:properties -version 2>&1 \
    | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1
}

if [ -z "${JAVA_HOME:-}" ] || [ ! -x "$JAVA_HOME/bin/java" ] || [ "$(java_major "$JAVA_HOME/bin/java")" -lt 21 ]; then
  JAVA_HOME=""
  for candidate in $(command -v java 2>/dev/null | xargs -r readlink -f | sed 's#/bin/java$##') /usr/lib/jvm/*; do
    if [ -x "$candidate/bin/java" ] && [ "$(java_major "$candidate/bin/java")" -ge 21 ]; then
      JAVA_HOME="$candidate"
      break
    fi
  done
fi
if [ -z "$JAVA_HOME" ]; then
  echo "No JDK >= 21 found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm/*)" >&2
  return 1 2>/dev/null || exit 1
fi
export JAVA_HOME
export PATH="$JAVA_HOME/bin:$PATH"
echo "Using JDK at $JAVA_HOME ($(java_major "$JAVA_HOME/bin/java"))"
