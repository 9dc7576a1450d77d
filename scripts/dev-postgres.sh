#!/usr/bin/env bash
# Start (or stop) a local PostgreSQL for quarkus:dev with the server binaries installed on this
# machine (Debian: apt-get install postgresql). Data lives in target/dev-postgres.
#   scripts/dev-postgres.sh start|stop       port: PGPORT (5432); user/password postgres/postgres
# Creates one database per service (border_case_exchange, border_intel_sharing, ...) owned by role
# border_owner (migrations run as it), and role border_app, which the services connect as and which
# owns nothing (README "Running a service"). Passwords: the role names (development only).
# A database created before that (owned by border_app, or with tables border_app owns) is handed
# to border_owner on the next start; quarkus:dev's migration then grants border_app again.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -n "$bin" ] || { echo "no PostgreSQL server binaries; apt-get install postgresql" >&2; exit 1; }
data="$here/target/dev-postgres"
port="${PGPORT:-5432}"
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

case "${1:-start}" in
  start)
    if [ ! -d "$data" ]; then
      mkdir -p "$data"
      [ "$(id -u)" = 0 ] && chown postgres "$data" "$here/target"
      pwfile=$(mktemp); echo postgres > "$pwfile"; chmod 644 "$pwfile"
      as_pg "$bin/initdb" -D "$data" -U postgres --pwfile="$pwfile" -A scram-sha-256 -E UTF8 >/dev/null
      rm -f "$pwfile"
    fi
    as_pg "$bin/pg_ctl" -D "$data" -o "-p $port -k /tmp" -l "$data/server.log" -w start
    for role in border_owner border_app; do
      PGPASSWORD=postgres psql -h localhost -p "$port" -U postgres -tc "SELECT 1 FROM pg_roles WHERE rolname='$role'" \
        | grep -q 1 || PGPASSWORD=postgres psql -h localhost -p "$port" -U postgres -qc "CREATE ROLE $role LOGIN PASSWORD '$role'"
    done
    for db in border_case_exchange border_intel_sharing border_joint_mediation border_gateway; do
      if PGPASSWORD=postgres psql -h localhost -p "$port" -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='$db'" \
          | grep -q 1; then
        # an older database: the owner owns it and everything in it, border_app nothing
        PGPASSWORD=postgres psql -h localhost -p "$port" -U postgres -d "$db" -qc \
          "ALTER DATABASE $db OWNER TO border_owner; REASSIGN OWNED BY border_app TO border_owner"
      else
        PGPASSWORD=postgres psql -h localhost -p "$port" -U postgres -qc "CREATE DATABASE $db OWNER border_owner"
      fi
    done
    echo "PostgreSQL on localhost:$port (postgres/postgres)";;
  stop)
    as_pg "$bin/pg_ctl" -D "$data" -w stop;;
  *) echo "usage: $0 start|stop" >&2; exit 2;;
esac
