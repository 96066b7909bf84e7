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

# the SDKs against the same server: a credential issued from the command line
# (the demo plan of 宁波 allows 127.0.0.1)
if [ "$status" = 0 ]; then
  echo "== SDK tests (Python client, Rust command-line client)"
  USCC=$("$BIN" --data-dir "$DATA" party list --json | python3 -c 'import json,sys; print(next(p["uscc"] for p in json.load(sys.stdin) if p["name"] == "宁波市政务服务平台"))')
  CRED=$("$BIN" --data-dir "$DATA" credential issue --party "$USCC" --json)
  export GSP_API_BASE="$GSP_BASE_URL"
  GSP_KEY_ID=$(echo "$CRED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["key_id"])')
  GSP_SECRET=$(echo "$CRED" | python3 -c 'import json,sys; print(json.load(sys.stdin)["secret"])')
  export GSP_KEY_ID GSP_SECRET
  python3 sdk/python/test_client.py || status=$?
  echo "== interoperability: openapi-spec-validator, jsonschema on real answers, the Prometheus client"
  .venv-test/bin/python sdk/python/test_interop.py || status=$?
  CLIENT=${GSP_CLIENT_BIN:-target/debug/gsp-client}
  if [ -x "$CLIENT" ]; then
    PING=$("$CLIENT" ping) && grep -q '"party_name": "宁波市政务服务平台"' <<<"$PING" || { echo "gsp-client ping failed: ${PING:-}"; status=1; }
    "$CLIENT" --sm3 ping >/dev/null || { echo "gsp-client --sm3 ping failed"; status=1; }
  fi
fi
if [ "$status" != 0 ]; then
  echo "--- server log (last 40 lines)"
  tail -n 40 "$DATA/server.log"
fi
exit "$status"
