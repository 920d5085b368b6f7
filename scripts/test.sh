#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first, through
# apt, when it is missing: LibreOffice (the annotated workbooks are opened by
# real LibreOffice). Under CI=true a test whose tool is missing fails.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing ${need[*]} …"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

go vet ./...
go test -count=1 ./...
