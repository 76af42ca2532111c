#!/usr/bin/env bash
# A throwaway PostgreSQL server in a temporary folder, for CI and for `npm run db:diff` when no server
# is configured. Uses Debian's `postgresql` package binaries (apt-get install postgresql); when run
# as root, the server runs as the `postgres` user (initdb refuses root). Trust authentication,
# listening on localhost only, fsync off (test data only). DIR is created; its parent must be
# reachable by the postgres user (e.g. directly under /tmp).
#   scripts/postgres-temp.sh start DIR PORT   → prints postgresql://postgres@localhost:PORT/postgres
#   scripts/postgres-temp.sh stop DIR         → stops it and removes DIR
set -euo pipefail

bindir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] && command -v pg_config >/dev/null 2>&1; then dir=$(pg_config --bindir); fi
  if [ -z "$dir" ] || [ ! -x "$dir/initdb" ]; then
    echo "postgres-temp: no PostgreSQL server binaries found (apt-get install postgresql)" >&2
    exit 1
  fi
  echo "$dir"
}

as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-}" in
  start)
    dir=${2:?DIR}; port=${3:?PORT}; bin=$(bindir)
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; fi
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
    as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
      -o "-p $port -k $dir -c listen_addresses=localhost -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/server.log" >&2; exit 1; }
    echo "postgresql://postgres@localhost:$port/postgres"
    ;;
  stop)
    dir=${2:?DIR}
    if [ -d "$dir/data" ]; then as_owner "$(bindir)/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true; fi
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
