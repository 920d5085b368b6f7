#!/usr/bin/env bash
# Runs the whole test suite. Installs what the tests need first, through
# apt, when it is missing: LibreOffice (the annotated workbooks are opened by
# real LibreOffice; values are typed into the blank list through its UNO
# bridge, python3-uno), openpyxl for Debian's python3 (they are opened by
# openpyxl too), Chromium (the web page is driven by real headless
# Chromium) and PostgreSQL (internal/store's suite runs against a real
# server too). Under CI=true a test whose tool is missing fails.
# Screenshots of the browser test are kept in $ARTEFACTS
# (default /tmp/chitieu-artefacts). Then each fuzz target runs for FUZZTIME.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v soffice >/dev/null 2>&1 || need+=(libreoffice-calc-nogui)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
/usr/bin/python3 -c 'import openpyxl' >/dev/null 2>&1 || need+=(python3-openpyxl)
/usr/bin/python3 -c 'import uno' >/dev/null 2>&1 || need+=(python3-uno)
if [ -z "${CHITIEU_TEST_POSTGRES:-}" ]; then
  ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 || need+=(postgresql)
fi
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  echo "installing ${need[*]} …"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
fi

# A throwaway PostgreSQL cluster for internal/store's tests, on port 54329
# with trust authentication, stopped and removed on exit; a server given in
# CHITIEU_TEST_POSTGRES is used as it is. The server refuses to run as
# root: root runs it as the postgres user (made by Debian's package),
# anyone else as themselves, with postgres as the superuser's name.
if [ -z "${CHITIEU_TEST_POSTGRES:-}" ]; then
  pgbin="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"
  pgbase="$(mktemp -d /tmp/chitieu-pg.XXXXXX)"
  as_pg=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres: "$pgbase"
    as_pg=(runuser -u postgres --)
  fi
  stop_postgres() {
    "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgbase/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$pgbase"
  }
  trap stop_postgres EXIT
  "${as_pg[@]}" "$pgbin/initdb" -D "$pgbase/data" -U postgres -A trust -E UTF8 --no-sync >/dev/null
  if ! "${as_pg[@]}" "$pgbin/pg_ctl" -D "$pgbase/data" -l "$pgbase/log" -w \
      -o "-p 54329 -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null; then
    cat "$pgbase/log"
    exit 1
  fi
  "${as_pg[@]}" "$pgbin/createdb" -h 127.0.0.1 -p 54329 -U postgres chitieu_test
  export CHITIEU_TEST_POSTGRES="postgres://postgres@127.0.0.1:54329/chitieu_test?sslmode=disable"
fi

go vet ./...
export ARTEFACTS="${ARTEFACTS:-/tmp/chitieu-artefacts}"
go test -count=1 -timeout 12m ./...

# Fuzz targets, each for a bounded time (FUZZTIME, default 20s). A crasher
# is written under the package's testdata/fuzz and fails the run; once fixed
# it stays there as a regression input that the plain go test runs. Each
# new interesting input is minimised for at most 3 s (the default, 60 s,
# would spend the whole budget minimising).
fuzztime="${FUZZTIME:-20s}"
for target in rules:FuzzParseText rules:FuzzFromStored importer:FuzzLoad exporter:FuzzAnnotate rules/units:FuzzParse; do
  pkg="${target%%:*}" fn="${target##*:}"
  echo "fuzzing $fn ($fuzztime)"
  log="$(mktemp)"
  # Go 1.26's fuzz coordinator may report "context deadline exceeded" as
  # the -fuzztime ends, with no failing input (golang/go#75804, fixed in
  # Go 1.27): such a run is tried once more; a failing input never is.
  for attempt in 1 2; do
    if go test -run '^$' -fuzz "^${fn}\$" -fuzztime "$fuzztime" -fuzzminimizetime 3s "./$pkg" >"$log" 2>&1; then
      break
    fi
    if [ "$attempt" = 1 ] && grep -q 'context deadline exceeded' "$log" && ! grep -q 'Failing input written' "$log"; then
      echo "  the fuzz coordinator's deadline race (golang/go#75804), no failing input: once more"
      continue
    fi
    grep -v '^fuzz: elapsed' "$log"
    exit 1
  done
  rm -f "$log"
done
