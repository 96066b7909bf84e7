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

# cargo-leptos builds last: it compiles the site's names into the binary that
# the browser tests run (a plain cargo build of the binary would not)
echo "== build (cargo leptos build)"
cargo leptos build

echo "== browser tests and SDK tests against the running server"
RUSTFLAGS="--cfg erase_components" cargo build -q -p gsp-client
scripts/e2e.sh
