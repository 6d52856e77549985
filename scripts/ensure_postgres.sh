#!/usr/bin/env bash
# Make sure a PostgreSQL server answers on 127.0.0.1:5432 with trust auth for user postgres.
# Uses the one that answers; otherwise installs Debian's postgresql (as root) and starts a cluster.
set -euo pipefail
HOST=127.0.0.1 PORT=${PGPORT:-5432}

answers() { pg_isready -q -h "$HOST" -p "$PORT" 2>/dev/null; }

if command -v pg_isready >/dev/null && answers; then
  exit 0
fi
if [ "$(id -u)" != 0 ]; then
  echo "PostgreSQL does not answer on $HOST:$PORT and this is not root: start a server (trust auth, user postgres)." >&2
  exit 1
fi
if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "Installing PostgreSQL from Debian's packages..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! ls /etc/postgresql/"$version"/main >/dev/null 2>&1; then
  pg_createcluster "$version" main >/dev/null
fi
conf=/etc/postgresql/$version/main
# Local development and CI only: trust connections from this machine.
cat > "$conf/pg_hba.conf" <<HBA
local all all trust
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
HBA
sed -i "s/^#\?listen_addresses.*/listen_addresses = '127.0.0.1'/" "$conf/postgresql.conf"
pg_ctlcluster --skip-systemctl-redirect "$version" main start || pg_ctlcluster --skip-systemctl-redirect "$version" main reload
for _ in $(seq 1 30); do answers && exit 0; sleep 1; done
echo "PostgreSQL did not start" >&2
exit 1
