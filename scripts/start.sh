#!/usr/bin/env bash
# One command on a fresh machine: install what is missing, build, load the
# demo data and start the console at http://127.0.0.1:3000 (embedded SQLite
# under ./data). Extra arguments go to `gsp-access serve`.
# A first run on a fresh machine takes about 40 minutes (most of it compiling
# cargo-leptos once); later runs skip what is installed and rebuild only what
# changed (seconds to a few minutes).
set -euo pipefail
cd "$(dirname "$0")/.."
T0=$(date +%s)
echo "start: 1/3 tools (skipped when installed)"
scripts/setup.sh
export PATH="$HOME/.cargo/bin:$PATH"
T1=$(date +%s)
echo "start: 2/3 release build: cargo leptos build --release (about 15 minutes the first time, 1 to 6 after a change)"
cargo leptos build --release
T2=$(date +%s)
echo "start: built in $((T2 - T1)) s; $((T2 - T0)) s in all"
echo "start: 3/3 serving the console with demo data (the server logs its address; default http://127.0.0.1:3000; Ctrl-C stops it)"
exec target/release/gsp-access serve --demo "$@"
