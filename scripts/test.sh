#!/usr/bin/env bash
# The whole test suite: unit and service tests on SQLite and on a throwaway
# PostgreSQL, router tests, then browser tests (Playwright driving Debian's
# Chromium) against the server built by cargo-leptos.
set -euo pipefail
cd "$(dirname "$0")/.."
export RUST_BACKTRACE=0
export PATH="$HOME/.cargo/bin:$PATH"

scripts/setup.sh --test

echo "== format and lints"
cargo fmt --all --check
RUSTFLAGS="--cfg erase_components" cargo clippy -q -p gsp-domain -p gsp-access -p app -p gsp-protocol -p gsp-client --features app/ssr --tests -- -D warnings

echo "== unit, service and router tests (SQLite and PostgreSQL)"
# cargo-leptos's dev build uses this flag too: most artifacts are shared
# the domain tests run each case on both engines; the server's router and API
# tests run once per engine (GSP_TEST_ENGINE, server/tests/support)
RUSTFLAGS="--cfg erase_components" GSP_REQUIRE_POSTGRES=1 scripts/with-postgres.sh bash -c '
  set -e
  cargo test --no-fail-fast -p gsp-domain -p gsp-access -p app -p gsp-protocol -p gsp-client --features app/ssr
  echo "== router and API tests on PostgreSQL"
  GSP_TEST_ENGINE=postgres cargo test --no-fail-fast -p gsp-access --features app/ssr --test api --test router
'

# exactly what scripts/start.sh builds: the release build (ADR 0011). The dev
# build erases component types and once hid a release build that failed.
echo "== release build (cargo leptos build --release, as scripts/start.sh)"
cargo leptos build --release

echo "== browser tests and SDK tests against the release server started with --demo"
RUSTFLAGS="--cfg erase_components" cargo build -q -p gsp-client
GSP_BIN=target/release/gsp-access scripts/e2e.sh
