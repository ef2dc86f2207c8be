#!/usr/bin/env bash
# `npm test`: lint, typecheck, Vitest (embedded PGlite; PostgreSQL too when DATABASE_URL points at
# one), a production build, and the Playwright e2e suite in Chromium (on PostgreSQL when
# DATABASE_URL is set, else on a fresh embedded database).
#   --db-suites-only   skip lint/typecheck/PGlite and reuse the existing build (CI's second pass);
#                      the e2e specs that do not depend on the database engine are skipped too
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
REPORTS=.test-reports
mkdir -p "$REPORTS"
# Each step's wall time is printed at the end, so a slow CI run says where its minutes went.
timings=()
step_name=""
step_start=$(date +%s)
step_done() { [[ -n "$step_name" ]] && timings+=("$(printf '%5d s  %s' $(($(date +%s) - step_start)) "$step_name")"); step_name=""; }
print_timings() {
  step_done
  printf '\nWall time by step:\n'
  printf '%s\n' "${timings[@]}"
  timings=()
}
# On the way out — a step failed, or the PostgreSQL pass's database is to be dropped — the times
# so far are printed too: a slow run that also failed still says where its minutes went.
test_db=""
on_exit() {
  [[ -n "$test_db" ]] && { npx tsx scripts/fresh-database.ts --drop "$test_db" >/dev/null 2>&1 || true; }
  [[ ${#timings[@]} -gt 0 || -n "$step_name" ]] && print_timings
  return 0
}
trap on_exit EXIT
step() {
  step_done
  step_name="$*"
  step_start=$(date +%s)
  printf '\n\033[1m▶ %s\033[0m\n' "$*"
}
only_db=false
[[ "${1:-}" == "--db-suites-only" ]] && only_db=true
pg_url=""
[[ "${DATABASE_URL:-}" =~ ^postgres(ql)?:// ]] && pg_url="$DATABASE_URL"
tag=$([[ -n "$pg_url" ]] && echo postgres || echo pglite)

step "Compile the server package (scripts/build-server.mjs)"
npm run build:server

if ! $only_db; then
  step "Lint (eslint) and format (prettier --check; npm run format fixes it)"
  npx eslint .
  npx prettier --check --log-level warn .
  step "Typecheck (tsc)"
  npx tsc --noEmit
  step "Vitest — unit + integration on embedded PGlite"
  env -u DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest-pglite.json"
fi

if [[ -n "$pg_url" ]]; then
  step "Vitest — integration on PostgreSQL (fresh database)"
  test_db=$(DATABASE_URL="$pg_url" npx tsx scripts/fresh-database.ts)
  DATABASE_URL="$test_db" npx vitest run --reporter=default --reporter=json --outputFile.json="$REPORTS/vitest-postgres.json"
fi

if ! $only_db || [[ ! -f .next/BUILD_ID ]]; then
  step "Production build (npm run build: the server package, then next build)"
  npm run build
fi

step "Playwright e2e in Chromium ($tag)"
# The second pass skips the specs that do not depend on the engine (playwright.config.ts lists them).
skip_engine_independent=$($only_db && echo 1 || echo 0)
E2E_SKIP_ENGINE_INDEPENDENT=$skip_engine_independent PLAYWRIGHT_JSON_OUTPUT_NAME="$REPORTS/playwright-$tag.json" \
  npx playwright test --reporter=list,json

print_timings
node scripts/test-summary.mjs "$REPORTS"
