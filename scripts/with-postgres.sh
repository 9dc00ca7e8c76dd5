#!/usr/bin/env bash
# Runs a command against a throw-away PostgreSQL server on 127.0.0.1 (fsync off), then stops it.
#   scripts/with-postgres.sh .venv/bin/pytest
set -euo pipefail

bindir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
if [ -z "$bindir" ]; then
    bindir="$(dirname "$(command -v initdb)")"
fi
port="${PG_PORT:-54329}"
datadir="$(mktemp -d /tmp/nastavnik-pg.XXXXXX)"
as_owner=()
if [ "$(id -u)" = "0" ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$datadir"
    as_owner=(runuser -u postgres --)
fi

cleanup() {
    "${as_owner[@]}" "$bindir/pg_ctl" -D "$datadir" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$datadir"
}
trap cleanup EXIT

"${as_owner[@]}" "$bindir/initdb" -D "$datadir" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$datadir" -l "$datadir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
    start >/dev/null
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres nastavnik

export DATABASE_URL="postgres://postgres@127.0.0.1:$port/nastavnik"
"$@"
