#!/usr/bin/env bash
# Installs the Debian packages docgen needs, when they are missing.
#   LibreOffice writer (DOCX -> PDF), fonts-liberation2 (Times New Roman metrics with complete
#   Vietnamese), poppler-utils (pdftoppm for page images), python3-uno (the resident conversion
#   pool), softhsm2 (a software PKCS#11 token for the demo and tests), and for the tests a
#   PostgreSQL server and chromium (the web application's browser tests).
# As root it runs apt-get; otherwise it prints the exact command and stops.
set -euo pipefail

want_tests="${1:-}"
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
# fonts-liberation (1.x) lacks ơ/ư and U+1EA0-1EF9; only liberation2 covers Vietnamese.
dpkg -s fonts-liberation2 >/dev/null 2>&1 || missing+=(fonts-liberation2)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
# The resident conversion pool drives LibreOffice over UNO from the system Python.
/usr/bin/python3 -c "import uno" >/dev/null 2>&1 || missing+=(python3-uno)
# A software PKCS#11 token: the demo and the tests sign on it as on an official's USB token.
[ -e /usr/lib/softhsm/libsofthsm2.so ] || missing+=(softhsm2)
if [ "$want_tests" = "--tests" ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  # the web application's browser tests: Playwright drives Debian's chromium
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

cmd="apt-get install -y --no-install-recommends -o DPkg::Lock::Timeout=300 ${missing[*]}"
if [ "$(id -u)" != "0" ]; then
  echo "docgen cần các gói hệ thống: ${missing[*]}." >&2
  echo "Hãy nhờ quản trị máy chạy (với quyền root):" >&2
  echo "  sudo apt-get update && sudo $cmd" >&2
  echo "rồi chạy lại lệnh make." >&2
  exit 1
fi
echo "Cài các gói hệ thống: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
$cmd
