#!/usr/bin/env bash
# terra-dev.sh — the newcomer's path: install what Terra needs, build it,
# and either launch it or run the whole test suite.
#
#   build-aux/terra-dev.sh run    # set up, build, launch with the demo business
#   build-aux/terra-dev.sh test   # set up, build, run every test, then again
#                                 # under AddressSanitizer and UBSan
#
# Debian 12 or newer / Ubuntu 22.04 or newer. Uses sudo when not root.
set -euo pipefail

cd "$(dirname "$0")/.."

# Build and runtime packages, then what the tests drive: a display (Xvfb),
# a session bus, a real keyring, the accessibility bus and screenshots.
BUILD_PACKAGES=(
  meson ninja-build gcc pkg-config gettext
  libglib2.0-dev libglib2.0-dev-bin libglib2.0-bin
  libgtk-4-dev libadwaita-1-dev libsoup-3.0-dev libjson-glib-dev
  libsqlite3-dev libsecret-1-dev libical-dev libpoppler-glib-dev
  desktop-file-utils appstream
)
TEST_PACKAGES=(
  xvfb xauth dbus dbus-x11 gnome-keyring libsecret-tools
  at-spi2-core python3 python3-gi python3-pyatspi gir1.2-atspi-2.0
  imagemagick libgtk-4-bin
  wrk
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

install_packages() {
  local missing=()
  for package in "$@"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
      || missing+=("$package")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "Installing: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
}

configure() {
  local dir="$1"; shift
  if [ -f "$dir/build.ninja" ]; then
    meson configure "$dir" "$@" >/dev/null
  else
    meson setup "$dir" "$@"
  fi
  meson compile -C "$dir"
}

# Prints the closing line CI reads, from meson's JSON test log.
summarize() {
  local passed=0 failed=0 skipped=0
  for log in "$@"; do
    [ -f "$log" ] || continue
    passed=$((passed + $(grep -c '"result": "OK"' "$log" || true)))
    failed=$((failed + $(grep -cE '"result": "(FAIL|ERROR|TIMEOUT|UNEXPECTEDPASS)"' "$log" || true)))
    skipped=$((skipped + $(grep -c '"result": "SKIP"' "$log" || true)))
  done
  echo "$passed passed, $failed failed, $skipped skipped"
  [ "$failed" -eq 0 ]
}

run_tests() {
  local status=0
  configure _build
  meson test -C _build --print-errorlogs --num-processes 2 || status=1

  # The same suite with the sanitizers; b_lundef=false because the
  # sanitizer runtimes are linked by the compiler driver.
  configure _build-sanitize -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug
  meson test -C _build-sanitize --print-errorlogs --num-processes 2 || status=1

  summarize _build/meson-logs/testlog.json _build-sanitize/meson-logs/testlog.json || status=1
  return "$status"
}

case "${1:-}" in
  run)
    install_packages "${BUILD_PACKAGES[@]}"
    configure _build
    # The demo lives in its own workspace so it never mixes with real leads.
    exec _build/src/terra --data-dir "${XDG_DATA_HOME:-$HOME/.local/share}/terra-demo" --demo
    ;;
  test)
    install_packages "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
    run_tests
    ;;
  *)
    echo "usage: $0 run|test" >&2
    exit 2
    ;;
esac
