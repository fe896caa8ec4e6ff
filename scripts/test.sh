#!/usr/bin/env bash
# Runs every test project with what the tests need: a throwaway PostgreSQL server on loopback
# (unless COHORTBOT_TEST_POSTGRES already names one) and the npm packages of the card
# conformance tests. Ends with the line "N passed, N failed" (totals over all test projects).
# Extra arguments go to `dotnet test` (for example --filter).
set -euo pipefail
cd "$(dirname "$0")/.."

work=$(mktemp -d /tmp/cohortbot-test.XXXXXX)
chmod 755 "$work"
cleanup() {
  if [ -n "${pg_data:-}" ]; then as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -m immediate stop >/dev/null 2>&1 || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: run it as the 'postgres' user when we are root.
as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

free_port() {
  for port in $(seq 55432 55532); do
    if ! (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port between 55432 and 55532" >&2; exit 1
}

if [ -z "${COHORTBOT_TEST_POSTGRES:-}" ]; then
  pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -x "${pg_bin:-}/initdb" ] || { echo "PostgreSQL is not installed (expected /usr/lib/postgresql/*/bin/initdb)" >&2; exit 1; }
  pg_data="$work/pgdata"
  mkdir -p "$pg_data"
  [ "$(id -u)" = 0 ] && chown postgres "$pg_data" "$work"
  port=$(free_port)
  as_postgres "$pg_bin/initdb" -D "$pg_data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1 \
    || { cat "$work/initdb.log" >&2; exit 1; }
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$work/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $work -c fsync=off -c full_page_writes=off -c max_connections=200" start >/dev/null \
    || { cat "$work/postgres.log" >&2; exit 1; }
  export COHORTBOT_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port"
fi

conformance=tests/CohortBot.Cards.Tests/conformance
if [ -f "$conformance/package-lock.json" ]; then
  (cd "$conformance" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
fi

status=0
dotnet test --solution CohortBot.sln --results-directory "$work/results" --report-xunit-trx "$@" || status=$?

passed=0; failed=0
for trx in "$work"/results/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
# Name each failed test (and the first line of its message) where the tail of the output shows it.
if [ "$failed" -gt 0 ]; then
  for trx in "$work"/results/*.trx; do
    [ -f "$trx" ] || continue
    grep -o '<UnitTestResult [^>]*outcome="Failed"[^>]*>' "$trx" | sed -n 's/.*testName="\([^"]*\)".*/FAILED: \1/p' || true
  done
fi
echo "$passed passed, $failed failed"
if [ "$passed" -eq 0 ]; then status=1; fi
exit "$status"
