#!/usr/bin/env bash
# Starts the local PostgreSQL and MariaDB servers the JDBC tests use, if they are installed but not
# answering. Never fails the build by itself: tests that need a server skip with a reason when it
# is absent, and say so in the log.
set -uo pipefail

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
maria_up() { mariadb -h 127.0.0.1 -P 3306 -uroot -e 'select 1' >/dev/null 2>&1; }

if command -v pg_isready >/dev/null 2>&1; then
  if ! pg_up && command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "services: starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  fi
  if pg_up; then
    psql -h 127.0.0.1 -U postgres -tAc "select 1 from pg_database where datname='test'" | grep -q 1 \
      || psql -h 127.0.0.1 -U postgres -c 'create database test' || true
    echo "services: PostgreSQL answers on 127.0.0.1:5432"
  else
    echo "services: PostgreSQL is not available; its tests will be skipped"
  fi
else
  echo "services: PostgreSQL is not installed; its tests will be skipped"
fi

if command -v mariadb >/dev/null 2>&1; then
  if ! maria_up && [ -x /usr/sbin/mariadbd ]; then
    echo "services: starting MariaDB"
    start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd || true
    for _ in $(seq 1 30); do maria_up && break; sleep 1; done
  fi
  if maria_up; then
    mariadb -h 127.0.0.1 -uroot -e 'create database if not exists test' || true
    echo "services: MariaDB answers on 127.0.0.1:3306"
  else
    echo "services: MariaDB is not available; its tests will be skipped"
  fi
else
  echo "services: MariaDB is not installed; its tests will be skipped"
fi
exit 0
