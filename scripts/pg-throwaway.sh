#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on a free loopback port and prints its URL:
#   eval "$(scripts/pg-throwaway.sh start)"   -> sets DATABASE_URL and COMAP_PG_DIR
#   scripts/pg-throwaway.sh stop "$COMAP_PG_DIR"
# Used by .ci/run and the benchmarks. Needs the Debian postgresql-15 and postgresql-15-postgis-3 packages.
set -euo pipefail
PG_MAJOR=${PG_MAJOR:-15}
PGBIN=/usr/lib/postgresql/$PG_MAJOR/bin
RUN_AS=()
[ "$(id -u)" = 0 ] && RUN_AS=(runuser -u postgres --)

case "${1:-}" in
  start)
    dir=$(mktemp -d /tmp/comap-pg.XXXXXX)
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
    port=$(node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
    "${RUN_AS[@]}" "$PGBIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    # fsync off: the cluster is thrown away, and tests kill COMAP, never PostgreSQL.
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -w -l "$dir/log" \
      -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c full_page_writes=off -c shared_buffers=512MB -c work_mem=64MB -c maintenance_work_mem=512MB" \
      start >/dev/null
    echo "export DATABASE_URL=postgres://postgres@127.0.0.1:$port/postgres COMAP_PG_DIR=$dir"
    ;;
  stop)
    dir=${2:?usage: pg-throwaway.sh stop DIR}
    "${RUN_AS[@]}" "$PGBIN/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
    ;;
  *)
    echo "usage: $0 start | stop DIR" >&2
    exit 2
    ;;
esac
