#!/usr/bin/env bash
# An access token (5 minutes) of a demo user of the local federation's Keycloak, for the services
# of one jurisdiction (a token names one audience):
#   scripts/local-token.sh pucheng-analyst 330881     Pucheng's analyst, for Jiangshan's gateway
# The user's realm is found from the demo realm files (deploy/keycloak/realms-demo); password BORDER_DEMO_PASSWORD (demo-password).
# Direct grant of the public client border-console: a demo convenience, users log in with the
# authorization code flow (PKCE).
set -euo pipefail
cd "$(dirname "$0")/.."
user="${1:?user, e.g. jiangshan-analyst}"
realm_code="$(grep -l "\"username\": \"$user\"" deploy/keycloak/realms-demo/*.json | head -1 | xargs -r basename | cut -d. -f1)"
[ -n "$realm_code" ] || { echo "no demo user $user in deploy/keycloak/realms-demo" >&2; exit 1; }
audience="${2:-$realm_code}"
keycloak="${KEYCLOAK_URL:-http://localhost:8090}"
answer="$(curl -sS -d grant_type=password -d client_id=border-console -d "username=$user" \
  -d "password=${BORDER_DEMO_PASSWORD:-demo-password}" -d "scope=border-$audience" \
  "$keycloak/realms/border-$realm_code/protocol/openid-connect/token")"
token="$(printf '%s' "$answer" | sed -n 's/.*"access_token":"\([^"]*\)".*/\1/p')"
[ -n "$token" ] || { echo "no token: $answer" >&2; exit 1; }
printf '%s\n' "$token"
