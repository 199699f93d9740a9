#!/usr/bin/env bash
# Starts the local services that the integration tests (*IT) use, when they are not running:
#   PostgreSQL on 127.0.0.1:5432, trust authentication on loopback, database "test" (user postgres)
#   Mosquitto  on 127.0.0.1:1883 (Debian's default configuration: local only, anonymous)
# Installs them from Debian's packages where they are missing (needs root, or sudo, and apt-get).
# Idempotent: running it again when both answer changes nothing. Exits non-zero, saying which,
# when a service is still not answering at the end.
set -euo pipefail

sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "services.sh: needs root or sudo" >&2; exit 1; }
  sudo=(sudo -n)
fi

pg_up() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
mqtt_up() { (exec 3<>/dev/tcp/127.0.0.1/1883) 2>/dev/null; }
psql_pg() { psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -w -v ON_ERROR_STOP=1 "$@"; }

need_apt=()
command -v pg_ctlcluster >/dev/null 2>&1 || need_apt+=(postgresql)
command -v mosquitto >/dev/null 2>&1 || need_apt+=(mosquitto mosquitto-clients)
# Not a service: libcoap's CoAP client, which CoapClientInteropIT drives the CoAP endpoint with.
command -v coap-client-openssl >/dev/null 2>&1 || need_apt+=(libcoap3-bin)
# Not services: Debian's Chromium, which ConsoleBrowserIT drives with playwright-core (never a
# downloaded browser), and a small CJK font so the console's screenshots show Chinese text.
[[ -x /usr/bin/chromium ]] || need_apt+=(chromium)
[[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ]] || need_apt+=(fonts-wqy-microhei)
if ((${#need_apt[@]})); then
  echo "services.sh: installing ${need_apt[*]}"
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# PostgreSQL: Debian's newest installed cluster.
if ! pg_up; then
  version=$(ls /etc/postgresql | sort -V | tail -n 1)
  echo "services.sh: starting PostgreSQL $version"
  "${sudo[@]}" pg_ctlcluster --skip-systemctl-redirect "$version" main start
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
fi
# Trust authentication on loopback, as on the build machines; only added when a password is asked.
if pg_up && ! psql_pg -tAc 'select 1' >/dev/null 2>&1; then
  hba=$("${sudo[@]}" su postgres -c "psql -tAc 'show hba_file'")
  echo "services.sh: allowing trust authentication on loopback in $hba"
  "${sudo[@]}" sed -i '1i host all all 127.0.0.1/32 trust\nhost all all ::1/128 trust' "$hba"
  "${sudo[@]}" su postgres -c "psql -qc 'select pg_reload_conf()'" >/dev/null
fi
if pg_up && [[ $(psql_pg -tAc "select count(*) from pg_database where datname = 'test'") == 0 ]]; then
  psql_pg -qc 'create database test'
fi

# Mosquitto: Debian's configuration (listens on localhost only when it names no listener).
if ! mqtt_up; then
  echo "services.sh: starting Mosquitto"
  "${sudo[@]}" mkdir -p /run/mosquitto /var/log/mosquitto
  "${sudo[@]}" chown mosquitto /run/mosquitto /var/log/mosquitto 2>/dev/null || true
  "${sudo[@]}" mosquitto -d -c /etc/mosquitto/mosquitto.conf
  for _ in $(seq 1 20); do mqtt_up && break; sleep 0.5; done
fi

status=0
if pg_up && psql_pg -tAc 'select 1' -d test >/dev/null 2>&1; then
  echo "postgresql: accepting connections on 127.0.0.1:5432 (database test, user postgres, trust)"
else
  echo "postgresql: NOT answering on 127.0.0.1:5432 as user postgres, database test" >&2
  status=1
fi
if mqtt_up; then
  echo "mosquitto: accepting connections on 127.0.0.1:1883"
else
  echo "mosquitto: NOT answering on 127.0.0.1:1883" >&2
  status=1
fi
exit $status
