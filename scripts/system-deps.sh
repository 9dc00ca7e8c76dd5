#!/usr/bin/env bash
# Installs the Debian packages the test suite needs when they are missing: Chromium for the browser
# tests, the PostgreSQL server for the PostgreSQL run, LibreOffice Writer for DOCX → PDF. Does nothing
# when all are there.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    missing+=(postgresql)
fi
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
fc-list 2>/dev/null | grep -qi "liberation" || missing+=(fonts-liberation2)

if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "Устанавливаю пакеты Debian: ${missing[*]}"
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
