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
RUSTFLAGS="--cfg erase_components" GSP_REQUIRE_POSTGRES=1 scripts/with-postgres.sh \
  cargo test --no-fail-fast -p gsp-domain -p gsp-access -p app -p gsp-protocol -p gsp-client --features app/ssr

# exactly what scripts/start.sh builds: the release build (ADR 0011). The dev
# build erases component types and once hid a release build that failed.
echo "== release build (cargo leptos build --release, as scripts/start.sh)"
cargo leptos build --release

echo "== browser tests and SDK tests against the release server started with --demo"
RUSTFLAGS="--cfg erase_components" cargo build -q -p gsp-client
GSP_BIN=target/release/gsp-access scripts/e2e.sh
