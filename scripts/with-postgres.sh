#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server (initdb into a temp dir on
# a free port) and stops it afterwards, also when the command fails.
# The command sees GSP_TEST_POSTGRES_URL.
set -euo pipefail

PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
  echo "with-postgres: PostgreSQL server binaries not found (run scripts/setup.sh)" >&2
  exit 1
fi

DIR=$(mktemp -d /tmp/gsp-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
chmod 755 "$DIR"
as_pg() {
  if [ "$(id -u)" = "0" ]; then
    chown -R postgres:postgres "$DIR"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}
stop() {
  as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap stop EXIT INT TERM

as_pg "$PGBIN/initdb" -D "$DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$DIR/initdb.log" 2>&1 \
  || { cat "$DIR/initdb.log" >&2; exit 1; }
as_pg "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" \
  -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" -w start >/dev/null \
  || { cat "$DIR/server.log" >&2; exit 1; }

export GSP_TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PORT/postgres"
echo "with-postgres: PostgreSQL on port $PORT"
"$@"
