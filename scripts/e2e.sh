#!/usr/bin/env bash
# Starts the built server on a fresh data folder with demo data on a free
# port, runs the Playwright tests in end2end/, and stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${GSP_BIN:-target/debug/gsp-access}
DATA=$(mktemp -d /tmp/gsp-e2e.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
"$BIN" --data-dir "$DATA" --listen "127.0.0.1:$PORT" serve --demo >"$DATA/server.log" 2>&1 &
PID=$!
cleanup() {
  kill "$PID" 2>/dev/null || true
  wait "$PID" 2>/dev/null || true
  rm -rf "$DATA"
}
trap cleanup EXIT INT TERM
export GSP_BASE_URL="http://127.0.0.1:$PORT"
export GSP_DATA_DIR="$DATA"
export GSP_BIN="$BIN"
status=0
node end2end/run.mjs || status=$?
if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines)"
  tail -n 40 "$DATA/server.log"
fi
exit "$status"
