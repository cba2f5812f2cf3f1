#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL cluster: a temporary directory, a free local
# port, DATABASE_URL set for the command, and the cluster stopped afterwards even when the
# command fails. The server refuses to run as root, so as root the cluster belongs to `postgres`.
set -euo pipefail

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -z "$bindir" ]; then
  echo "PostgreSQL is not installed (apt-get install postgresql)" >&2
  exit 1
fi

workdir=$(mktemp -d /tmp/praktik-pg.XXXXXX)
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

if [ "$(id -u)" = 0 ]; then
  chown postgres "$workdir"
fi

stop_cluster() {
  as_owner "$bindir/pg_ctl" -D "$workdir/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$workdir"
}
trap stop_cluster EXIT

as_owner "$bindir/initdb" -D "$workdir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
as_owner "$bindir/pg_ctl" -D "$workdir/data" -l "$workdir/server.log" -w \
  -o "-p $port -k $workdir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
as_owner "$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres praktik_test

export DATABASE_URL="postgresql://postgres@127.0.0.1:$port/praktik_test"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on port $port: running $*"
"$@"
