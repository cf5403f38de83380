#!/usr/bin/env bash
# Runs every test suite of the repository, each with its own output, then one
# closing line with the totals: "N passed, N failed".
#
#   bash scripts/test.sh            all suites; first installs or locates the servers the
#                                   integration suites start (PostgreSQL, Redis, nginx,
#                                   Prometheus, Alertmanager: Debian packages, through
#                                   scripts/install-test-servers.sh, as root or with sudo)
#   bash scripts/test.sh unit       the fast suites only (no servers)
#
# A suite that crashes before reporting counts as failed. In CI (CI=true) a
# skipped (pending) test is a failure too: nothing is skipped silently there.
set -uo pipefail
cd "$(dirname "$0")/.."

mode="${1:-all}"
if [ "$mode" = "all" ]; then
  # Idempotent: quiet when every package is there, one apt-get install when one is missing.
  bash scripts/install-test-servers.sh || {
    echo "!!! could not install the test servers (scripts/install-test-servers.sh); run it as root"
    echo
    echo "0 passed, 1 failed"
    exit 1
  }
fi
declare -a names=() commands=()
add() { names+=("$1"); commands+=("$2"); }

add "platform (unit)" "npx mocha"
add "app (unit)" "npm run --silent test -w app"
if [ "$mode" = "all" ]; then
  add "platform (integration)" "npm run --silent test:integration"
  add "app (integration)" "npm run --silent test:integration -w app"
fi

passed=0 failed=0 pending=0 crashed=0
log=$(mktemp)
for i in "${!names[@]}"; do
  echo "=== ${names[$i]}: ${commands[$i]}"
  bash -c "${commands[$i]}" 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  p=$(grep -Eo '^ *[0-9]+ passing' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  f=$(grep -Eo '^ *[0-9]+ failing' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  s=$(grep -Eo '^ *[0-9]+ pending' "$log" | tail -1 | grep -Eo '[0-9]+' || true)
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); pending=$((pending + ${s:-0}))
  if [ "$status" -ne 0 ] && [ -z "$f" ]; then
    echo "!!! ${names[$i]} exited $status without reporting failures: counted as one failure"
    crashed=$((crashed + 1))
  fi
  if [ -z "$p" ] && [ -z "$f" ]; then
    echo "!!! ${names[$i]} ran no test: counted as one failure"
    crashed=$((crashed + 1))
  fi
done
rm -f "$log"
failed=$((failed + crashed))
if [ "${CI:-}" = "true" ] && [ "$pending" -gt 0 ]; then
  echo "!!! $pending test(s) skipped in CI: counted as failures"
  failed=$((failed + pending))
fi
echo
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]
