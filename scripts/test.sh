#!/usr/bin/env bash
# The whole test suite: unit and service tests on SQLite and on a throwaway
# PostgreSQL, router tests, then browser tests (Playwright driving Debian's
# Chromium) against the built server.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUST_BACKTRACE=0
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh --test

echo "== build (cargo leptos build)"
cargo leptos build

echo "== unit, service and router tests (SQLite and PostgreSQL)"
GSP_REQUIRE_POSTGRES=1 scripts/with-postgres.sh \
  cargo test -p gsp-domain -p gsp-access -p app --features app/ssr

echo "== browser tests"
scripts/e2e.sh
