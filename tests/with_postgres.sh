#!/usr/bin/env bash
# with_postgres.sh CMD...: run CMD with TEST_DATABASE_URL pointing at a throwaway PostgreSQL.
# Installs Debian's postgresql when it is missing, starts a private cluster in a temp dir on a
# free port (as the `postgres` user when run as root: initdb refuses root), stops it on exit.
set -euo pipefail

pg_bin() {
  local d
  for d in /usr/lib/postgresql/*/bin; do [[ -x $d/initdb ]] && { echo "$d"; return; }; done
  return 1
}
if ! BIN=$(pg_bin); then
  echo "with_postgres: installing Debian's postgresql" >&2
  if [[ $(id -u) -eq 0 ]]; then SUDO=""; else SUDO="sudo"; fi
  $SUDO apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >&2
  BIN=$(pg_bin)
fi

DIR=$(mktemp -d /tmp/methodisch-pg.XXXXXX)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
AS=()
if [[ $(id -u) -eq 0 ]]; then chown postgres "$DIR"; AS=(runuser -u postgres --); fi

cleanup() {
  "${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
}
trap cleanup EXIT INT TERM

"${AS[@]}" "$BIN/initdb" -D "$DIR/data" -U methodisch --auth=trust -E UTF8 --no-locale >/dev/null
# Durability is not under test here: fsync off keeps the per-test databases quick.
"${AS[@]}" "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/log" -w -o \
  "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null

export TEST_DATABASE_URL="postgresql+psycopg://methodisch@127.0.0.1:$PORT/postgres"
echo "with_postgres: PostgreSQL $("$BIN/postgres" --version | awk '{print $3}') on port $PORT" >&2
"$@"
