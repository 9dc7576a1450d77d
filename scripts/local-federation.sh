#!/usr/bin/env bash
# The demo federation on this machine, one command (README "Local federation"):
#   scripts/local-federation.sh [up] [--dev-keys] [--demo-data] [--background]
#   scripts/local-federation.sh down
# up (the default) builds what is missing or older than its sources, then starts embedded
# PostgreSQL, Keycloak with the demo realms of deploy/keycloak/realms-demo (--dev-keys: development signing
# keys instead, no Keycloak), and for 330881 (Jiangshan), 350722 (Pucheng) and 361103 (Guangfeng)
# each case-exchange, intel-sharing, joint-mediation and the gateway (8084 / 9084 / 10084).
# It prints URLs, demo logins, logs, its start-up time and memory; Ctrl-C stops everything.
# --background returns once the federation is up (its output in target/local-federation/launcher.log);
# down stops a federation started in the background (by the pid file it wrote).
# Env: PG_URL/PG_USER/PG_PASSWORD (a PostgreSQL server instead of the embedded one), MVN_ARGS
# (extra Maven options, e.g. -o), BORDER_DEMO_PASSWORD / BORDER_RELAY_SECRET_<code> / KC_BOOTSTRAP_ADMIN_PASSWORD (passed to Keycloak;
# unset: demo-password, and secrets and admin password made for the run; the realms'
# placeholders), JVM_ARGS (each service's JVM options).
set -euo pipefail
cd "$(dirname "$0")/.."
repo="$PWD"
state="$repo/target/local-federation"
pid_file="$state/federation.pid"

command="up"
case "${1:-}" in up|down) command="$1"; shift ;; esac

if [ "$command" = "down" ]; then
  if [ ! -f "$pid_file" ]; then echo "no local federation running (no $pid_file)"; exit 0; fi
  pid="$(cat "$pid_file")"
  if ! kill -0 "$pid" 2>/dev/null; then echo "not running (stale pid file)"; rm -f "$pid_file"; exit 0; fi
  kill -TERM "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || { echo "stopped"; exit 0; }; sleep 1; done
  echo "still running after 2 minutes: pid $pid" >&2; exit 1
fi

background=false
args=()
for a in "$@"; do
  case "$a" in --background) background=true ;; *) args+=("$a") ;; esac
done
if [ -f "$pid_file" ] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
  echo "a local federation already runs (pid $(cat "$pid_file")): scripts/local-federation.sh down" >&2; exit 1
fi

source scripts/select-jdk.sh
modules="gateway intel-sharing case-exchange joint-mediation"
stale=false
for m in $modules; do
  jar="$m/target/quarkus-app/quarkus-run.jar"
  if [ ! -f "$jar" ] || [ -n "$(find "$m/src/main" federation/src/main federation-identity/src/main -newer "$jar" -type f -print -quit)" ]; then stale=true; fi
done
if [ ! -d e2e/target/lib ] || [ ! -d e2e/target/keycloak ] \
   || [ -n "$(find e2e/src/main federation-testkit/src/main -newer e2e/target/lib -type f -print -quit)" ]; then stale=true; fi
if $stale; then
  echo "building (./mvnw package -Pe2e, tests skipped) ..."
  # shellcheck disable=SC2086
  ./mvnw -B -q -ntp ${MVN_ARGS:-} package -Pe2e -DskipTests -pl e2e -am
  touch e2e/target/lib
fi

keycloak_home="$(ls -d e2e/target/keycloak/keycloak-* 2>/dev/null | head -1 || true)"
mkdir -p "$state"
run=(java -Xmx256m -XX:+UseSerialGC
     -Dborder.repo="$repo" -Dlocal.dir="$state"
     -Dborder.keycloak.home="$repo/$keycloak_home"
     -Dborder.process.jvm-args="${JVM_ARGS:--Xmx384m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
     -cp "e2e/target/classes:e2e/target/lib/*" org.borderpolice.e2e.LocalFederation "${args[@]}")

if ! $background; then exec "${run[@]}"; fi
rm -f "$state/ready"
nohup "${run[@]}" > "$state/launcher.log" 2>&1 &
launcher=$!
echo "starting in the background (pid $launcher, output $state/launcher.log) ..."
while [ ! -f "$state/ready" ]; do
  if ! kill -0 "$launcher" 2>/dev/null; then tail -40 "$state/launcher.log" >&2; echo "the local federation did not start" >&2; exit 1; fi
  sleep 2
done
sed -n '/=== 跨界四联/,$p' "$state/launcher.log"
