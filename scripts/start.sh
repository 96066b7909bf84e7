#!/usr/bin/env bash
# One command on a fresh machine: install what is missing, build, load the
# demo data and start the console at http://127.0.0.1:3000 (embedded SQLite
# under ./data). Extra arguments go to `gsp-access serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
cargo leptos build --release
exec target/release/gsp-access serve --demo "$@"
