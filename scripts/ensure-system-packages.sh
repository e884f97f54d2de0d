#!/usr/bin/env bash
# Installs the Debian packages the tests need, when they are missing:
# chromium for the browser tests, libxmlsec1 for SAML (DigiD), dovecot for the IMAP test,
# the PostgreSQL server for the streaming-replica test, Node.js and npm for the official ZGW
# conformance suites (newman is installed from npm at test time, tests/zgw/newman.py), and
# pango for WeasyPrint (the decision letter as PDF, cases/services/decision_letters.py).
# With `runtime` (make run): only what running Achterkant needs, which is pango.
set -euo pipefail

needed=()
ldconfig -p | grep 'libpango-1\.0\.so' >/dev/null || needed+=(libpango-1.0-0)
ldconfig -p | grep 'libpangoft2-1\.0\.so' >/dev/null || needed+=(libpangoft2-1.0-0)
if [ "${1:-}" != "runtime" ]; then
  command -v chromium >/dev/null 2>&1 || needed+=(chromium)
  dpkg -s libxmlsec1-dev >/dev/null 2>&1 || needed+=(libxmlsec1-dev)
  command -v dovecot >/dev/null 2>&1 || needed+=(dovecot-imapd)
  # PostgreSQL server binaries (initdb, pg_basebackup): the read-replica test starts its own.
  compgen -G "/usr/lib/postgresql/*/bin/pg_basebackup" >/dev/null || needed+=(postgresql)
  command -v node >/dev/null 2>&1 || needed+=(nodejs)
  command -v npm >/dev/null 2>&1 || needed+=(npm)
fi
[ ${#needed[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${needed[*]}. Install them with: sudo apt-get install ${needed[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${needed[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${needed[@]}" >/dev/null
