#!/bin/sh
# Refuses (exit 1, naming what is missing) to let Keycloak import realm files whose placeholders
# without a default (${NAME}) are not set in the environment: Keycloak itself would import the
# literal text "${NAME}" as the value, e.g. as the relay's client secret, which anyone can read
# here. Relay secrets (BORDER_RELAY_SECRET_*) must also be at least 32 characters, and
# BORDER_CONSOLE_URL must not end in a slash.
#   check-placeholders.sh [directory]    (default /opt/keycloak/data/import)
# Run it before `kc.sh start --import-realm`: as the container's command
# (`check-placeholders.sh && exec /opt/keycloak/bin/kc.sh start --import-realm`), or as an init
# container with the same environment (see README.md). POSIX sh, grep and sed only.
set -eu
dir="${1:-/opt/keycloak/data/import}"
missing=0
found=0
for file in "$dir"/*.json; do
  [ -f "$file" ] || continue
  found=1
  # ${NAME} with no ":default" inside the braces
  for name in $(grep -o '\${[A-Za-z_][A-Za-z0-9_]*}' "$file" | sed 's/^\${//; s/}$//' | sort -u); do
    value="$(printenv "$name" || true)"
    if [ -z "$value" ]; then
      echo "check-placeholders: $file needs $name, which is not set" >&2
      missing=1
    else
      case "$name" in
        BORDER_RELAY_SECRET_*)
          if [ "${#value}" -lt 32 ]; then
            echo "check-placeholders: $name is shorter than 32 characters" >&2
            missing=1
          fi ;;
        BORDER_CONSOLE_URL)
          # the realm appends /login and /: a trailing slash would register //login, which the
          # console never sends as its redirect
          case "$value" in
            */)
              echo "check-placeholders: $name ends in /: give the gateway's URL + /console, without a slash at the end" >&2
              missing=1 ;;
          esac ;;
      esac
    fi
  done
done
if [ "$found" = 0 ]; then
  echo "check-placeholders: no realm file in $dir" >&2
  exit 1
fi
exit "$missing"
