#!/usr/bin/env bash
# Installs the real servers the integration tests start on loopback ports
# (PostgreSQL, Redis with TLS, nginx) from Debian's packages. Idempotent.
set -euo pipefail
if [ -x test-support/install-servers.sh ] || [ -f test-support/install-servers.sh ]; then
  exec bash test-support/install-servers.sh
fi
need=()
command -v redis-server >/dev/null || need+=(redis-server)
command -v nginx >/dev/null || need+=(nginx)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v openssl >/dev/null || need+=(openssl)
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}"
fi
