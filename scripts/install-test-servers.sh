#!/usr/bin/env bash
# Installs the real servers and tools the integration tests start on loopback
# ports (PostgreSQL, Redis with TLS, nginx, Prometheus with promtool,
# Alertmanager's amtool) from Debian's packages, as root or with sudo.
# Idempotent: quiet when every package is there. The package list and the
# checks live in test-support/install-servers.sh.
set -euo pipefail
exec bash "$(dirname "$0")/../test-support/install-servers.sh"
