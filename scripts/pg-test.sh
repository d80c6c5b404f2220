#!/usr/bin/env bash
# Start (or stop) a throwaway PostgreSQL for tests on 127.0.0.1:${PGPORT:-55432}, using Debian's
# packaged binaries and a private data directory. Prints the DATABASE_URL to use.
#   scripts/pg-test.sh start   → prints postgres://postgres:postgres@127.0.0.1:55432/jianshi_test
#   scripts/pg-test.sh stop
set -euo pipefail
PORT=${PGPORT:-55432}
DIR=${PGTEST_DIR:-/tmp/jianshi-pg-$PORT}
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ]; then echo "PostgreSQL is not installed (apt-get install postgresql)" >&2; exit 1; fi
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$DIR/PG_VERSION" ]; then
      mkdir -p "$DIR"; [ "$(id -u)" = 0 ] && chown postgres:postgres "$DIR"
      as_pg "$PGBIN/initdb" -D "$DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$DIR" status >/dev/null 2>&1; then
      as_pg "$PGBIN/pg_ctl" -D "$DIR" -l "$DIR/server.log" -w -t 30 \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" start >/dev/null
    fi
    psql -h 127.0.0.1 -p "$PORT" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname='jianshi_test'" | grep -q 1 \
      || psql -h 127.0.0.1 -p "$PORT" -U postgres -q -c "CREATE DATABASE jianshi_test ENCODING 'UTF8'" 
    psql -h 127.0.0.1 -p "$PORT" -U postgres -q -c "ALTER USER postgres PASSWORD 'postgres'" >/dev/null
    echo "postgres://postgres:postgres@127.0.0.1:$PORT/jianshi_test"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$DIR" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *) echo "usage: $0 start|stop" >&2; exit 2;;
esac
