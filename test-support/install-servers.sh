#!/usr/bin/env bash
# Installs the servers the integration tests start for real (Debian packages), idempotently:
#   postgresql    initdb / postgres / psql under /usr/lib/postgresql/<major>/bin
#   redis-server  built with TLS (checked below: the tests use --tls-port)
#   nginx         the dev environment's reverse proxy configuration is loaded into it
#   openssl       the throwaway CA and certificates
#   util-linux    setpriv (PostgreSQL refuses to run as root; the harness switches to "postgres")
#   prometheus    prometheus and promtool: the dev alerting rules and a real scrape of the app
#   prometheus-alertmanager  amtool: the dev Alertmanager configuration
# Debian's packages try to start their services; this script stops them again, because the tests
# start their own servers on free loopback ports. Run as root (CI is), or with sudo.
set -euo pipefail
# Debian installs nginx (and other daemons) under /usr/sbin, which a non-login PATH may lack.
export PATH="$PATH:/usr/sbin:/sbin"

packages=(postgresql redis-server nginx openssl util-linux ca-certificates prometheus prometheus-alertmanager)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-servers: installing ${missing[*]}"
  $SUDO apt-get update -q
  # policy-rc.d keeps the packages' services from starting during the install.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
else
  echo "install-servers: ${packages[*]} already installed"
fi

# Fail loudly here rather than in the middle of a test run.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  echo "install-servers: PostgreSQL server binaries not found under /usr/lib/postgresql/*/bin" >&2
  exit 1
fi
if ! id postgres >/dev/null 2>&1; then
  echo "install-servers: the postgres system user is missing (package postgresql creates it)" >&2
  exit 1
fi
# Debian links redis-server against OpenSSL when it is built with TLS (BUILD_TLS=yes).
if ! ldd "$(command -v redis-server)" | grep libssl >/dev/null; then
  echo "install-servers: redis-server is not built with TLS support" >&2
  exit 1
fi
for b in nginx openssl setpriv prometheus promtool amtool; do
  command -v "$b" >/dev/null || { echo "install-servers: $b not found" >&2; exit 1; }
done

echo "install-servers: ok ($("$pg_bin/postgres" --version), $(redis-server --version | cut -d' ' -f1-3), $(nginx -v 2>&1), $(openssl version | cut -d' ' -f1-2))"
