#!/usr/bin/env bash
# Lints the OpenAPI document of every service as its build stored it
# (<module>/target/openapi/openapi.yaml, quarkus.smallrye-openapi.store-schema-directory) with
# Spectral (spectral:oas, scripts/openapi/spectral.yaml) and Redocly (recommended,
# scripts/openapi/redocly.yaml). Any error or warning of either fails. Needs node/npx; the two
# linters come from npm at the versions pinned here. Run after a build: ./mvnw -B verify (or package).
set -euo pipefail
cd "$(dirname "$0")/.."

SPECTRAL=@stoplight/spectral-cli@6.16.3
REDOCLY=@redocly/cli@2.77.0

shopt -s nullglob
docs=(*/target/openapi/openapi.yaml)
if [ ${#docs[@]} -eq 0 ]; then
    echo "no stored OpenAPI document: build the services first (./mvnw -B package -DskipTests)" >&2
    exit 1
fi

failed=0
for doc in "${docs[@]}"; do
    echo "== $doc"
    if ! npx -y "$SPECTRAL" lint --fail-severity=warn --ruleset scripts/openapi/spectral.yaml "$doc"; then
        failed=1
    fi
    # Redocly's exit status counts errors only: read its totals to fail on warnings too
    report=$(npx -y "$REDOCLY" lint --config scripts/openapi/redocly.yaml --format=json "$doc" 2>/dev/null || true)
    if ! node -e '
        const r = JSON.parse(require("fs").readFileSync(0, "utf8"));
        for (const p of r.problems) {
            const where = (p.location && p.location[0] && p.location[0].pointer) || "";
            console.log(`  redocly ${p.severity} ${p.ruleId}: ${p.message} ${where}`);
        }
        console.log(`  redocly: ${r.totals.errors} errors, ${r.totals.warnings} warnings`);
        process.exit(r.totals.errors + r.totals.warnings > 0 ? 1 : 0);' <<<"$report"; then
        failed=1
    fi
done
exit $failed
