#!/usr/bin/env bash
# Installs what is missing to build, run and test gsp-access on a fresh machine
# (Debian, Rust by rustup, Node.js). Idempotent: what is installed is skipped.
#   scripts/setup.sh          build and run tools
#   scripts/setup.sh --test   also PostgreSQL, Chromium and CJK fonts for tests
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
WANT_TEST=0
[ "${1:-}" = "--test" ] && WANT_TEST=1
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }
# step "what" "how long": announce a step, and say how long it took when the
# next one starts (or at the end)
STEP_NAME=""
STEP_T0=0
done_step() {
  if [ -n "$STEP_NAME" ]; then say "  done: $STEP_NAME in $(( $(date +%s) - STEP_T0 )) s"; fi
  STEP_NAME=""
}
step() {
  done_step
  STEP_NAME=$1
  STEP_T0=$(date +%s)
  say "$1 ($2)"
}

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target" "about 30 s"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null || true)" != "cargo-leptos $CARGO_LEPTOS_VERSION" ]; then
  step "installing cargo-leptos $CARGO_LEPTOS_VERSION" "about 18 minutes on a fresh machine, once"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# wasm-bindgen's command-line tool must be exactly the version in Cargo.lock
WB_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WB_VERSION" ]; then
  step "installing wasm-bindgen-cli $WB_VERSION" "about 3 minutes, once"
  cargo install wasm-bindgen-cli --version "$WB_VERSION" --locked
fi

# tailwindcss, wasm-opt and playwright-core from the npm registry
if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/.bin/wasm-opt ] || [ ! -d node_modules/playwright-core ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "installing npm tools (Tailwind, wasm-opt, playwright-core)" "under a minute"
  npm ci --no-audit --no-fund
fi

if [ "$WANT_TEST" = 1 ]; then
  missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  fc-list 2>/dev/null | grep -qi "cjk" || missing+=(fonts-noto-cjk)
  if [ ${#missing[@]} -gt 0 ]; then
    step "installing ${missing[*]} with apt" "1 to 3 minutes"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
    # the Debian package starts a cluster of its own: tests use their own
    $SUDO systemctl disable --now postgresql >/dev/null 2>&1 || true
  fi
  # openapi-spec-validator, jsonschema and the Prometheus client for
  # sdk/python/test_interop.py, from PyPI into a virtual environment
  if [ ! -x .venv-test/bin/python ] || [ sdk/python/requirements-test.txt -nt .venv-test/installed ]; then
    step "installing the Python interoperability tools (openapi-spec-validator, jsonschema, prometheus-client)" "under a minute"
    python3 -m venv .venv-test
    .venv-test/bin/pip install -q --disable-pip-version-check -r sdk/python/requirements-test.txt
    touch .venv-test/installed
  fi
fi
done_step
say "ready: every tool is installed"
