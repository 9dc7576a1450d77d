#!/usr/bin/env bash
# Mint a development token (RS256) for the %dev profile's identity provider of 330881.
#   scripts/dev-token.sh analyst [commander ...]      roles of the user
# Env: JURISDICTION (330881), UNIT (坛石派出所), AUDIENCE (border-330881), TTL seconds (3600),
#      CLIENT ("azp": border-relay for role peer, which partners require of a relay, else border-portal)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
key="${KEY:-$here/dev/keys/330881-dev.key}"
jurisdiction="${JURISDICTION:-330881}"
issuer="${ISSUER:-https://idp.330881.dev/realms/border}"
audience="${AUDIENCE:-border-$jurisdiction}"
unit="${UNIT:-坛石派出所}"
now=$(date +%s)
exp=$((now + ${TTL:-3600}))
roles=$(printf '"%s",' "${@:-analyst}"); roles="[${roles%,}]"
case " $* " in *" peer "*) default_client=border-relay ;; *) default_client=border-portal ;; esac
client="${CLIENT:-$default_client}"

b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header=$(printf '{"alg":"RS256","typ":"JWT"}' | b64url)
payload=$(printf '{"iss":"%s","sub":"dev-%s","aud":"%s","azp":"%s","iat":%d,"exp":%d,"jurisdiction":"%s","unit":"%s","groups":%s}' \
  "$issuer" "$jurisdiction" "$audience" "$client" "$now" "$exp" "$jurisdiction" "$unit" "$roles" | b64url)
signature=$(printf '%s.%s' "$header" "$payload" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s.%s\n' "$header" "$payload" "$signature"
