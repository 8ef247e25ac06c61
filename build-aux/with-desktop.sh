#!/bin/sh
# with-desktop.sh — run a command in a private headless desktop: an X server,
# a D-Bus session and the accessibility bus
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: with-desktop.sh COMMAND [ARG…]
#
# Starts Xvfb on a free display (Xvfb picks it and reports it through
# -displayfd), then a private D-Bus session bus (dbus-run-session) with a
# fresh temporary HOME and XDG directories, an unlocked throw-away login
# keyring (gnome-keyring-daemon, as a desktop login has), starts the AT-SPI bus launcher
# in it (the registry daemon is activated on the accessibility bus when a
# client first asks), and runs COMMAND with the environment GTK needs to
# draw without a GPU and to expose its widgets to AT-SPI:
#
#   GDK_BACKEND=x11 GSK_RENDERER=cairo GTK_A11Y=atspi GSETTINGS_BACKEND=memory
#   (NO_AT_BRIDGE unset)
#
# Then it stops everything it started, removes the temporary directory and
# exits with COMMAND's status. Nothing of the user's session is touched.
#
# Tests run under meson's TAP protocol, where any non-zero exit status is an
# error (exit status 77 is not a skip there). So when a tool is missing this
# prints the TAP plan "1..0 # SKIP …" on stdout and exits 0, which meson
# reports as a skipped test; with TERRA_DESKTOP_SKIP_STATUS=77 in the
# environment it exits 77 instead, for use outside TAP. Everything else this
# script says goes to stderr: stdout belongs to COMMAND.

set -u

me=with-desktop.sh

screen=${TERRA_DESKTOP_SCREEN:-1280x800x24}

skip ()
{
  echo "$me: $*; skipping" >&2
  echo "1..0 # SKIP $*"
  exit "${TERRA_DESKTOP_SKIP_STATUS:-0}"
}

fail ()
{
  echo "$me: $*" >&2
  exit 1
}

if [ $# -eq 0 ]; then
  echo "usage: $me COMMAND [ARG…]" >&2
  exit 2
fi

# Outer half: check the tools, start the X server, and re-run this script
# inside a private session bus.
if [ -z "${TERRA_WITH_DESKTOP_DIR:-}" ]; then
  command -v Xvfb >/dev/null 2>&1 ||
    skip "Xvfb is not installed (Debian package: xvfb)"
  for tool in dbus-run-session dbus-send; do
    command -v "$tool" >/dev/null 2>&1 ||
      skip "$tool is not installed (Debian package: dbus-bin)"
  done

  dir=$(mktemp -d "${TMPDIR:-/tmp}/terra-desktop.XXXXXX") ||
    fail "cannot create a temporary directory"

  xvfb=
  cleanup ()
  {
    if [ -n "$xvfb" ]; then
      kill "$xvfb" 2>/dev/null
      wait "$xvfb" 2>/dev/null
      xvfb=
    fi
    rm -rf "$dir"
  }
  trap cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  # -displayfd: Xvfb writes the display number it took once it accepts
  # connections, so there is neither a race for a number nor a sleep.
  Xvfb -displayfd 3 -screen 0 "$screen" -nolisten tcp -noreset \
    3>"$dir/display" >"$dir/xvfb.log" 2>&1 &
  xvfb=$!

  tries=0
  while [ ! -s "$dir/display" ]; do
    if ! kill -0 "$xvfb" 2>/dev/null; then
      xvfb=
      cat "$dir/xvfb.log" >&2
      fail "Xvfb exited at start"
    fi
    [ $tries -ge 100 ] && fail "Xvfb did not report a display within 10 s"
    sleep 0.1
    tries=$((tries + 1))
  done
  display=:$(head -n 1 "$dir/display")

  (
    export TERRA_WITH_DESKTOP_DIR="$dir"
    export DISPLAY="$display"
    unset WAYLAND_DISPLAY
    exec dbus-run-session -- "$0" "$@"
  )
  exit $?
fi

# Inner half: we are the child of dbus-run-session, DBUS_SESSION_BUS_ADDRESS
# names the private bus and DISPLAY the private X server.
dir=$TERRA_WITH_DESKTOP_DIR
unset TERRA_WITH_DESKTOP_DIR

export HOME="$dir/home"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_STATE_HOME="$HOME/.local/state"
export XDG_RUNTIME_DIR="$dir/run"

mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" \
  "$XDG_STATE_HOME" "$XDG_RUNTIME_DIR" || fail "cannot create the temporary HOME"
chmod 0700 "$dir" "$XDG_RUNTIME_DIR"

export GDK_BACKEND=x11
export GSK_RENDERER=cairo
export GTK_A11Y=atspi
export GSETTINGS_BACKEND=memory
export LIBGL_ALWAYS_SOFTWARE=1
unset NO_AT_BRIDGE
# No real desktop's settings portal or theme to follow.
unset GTK_THEME

launcher=
for candidate in /usr/libexec/at-spi-bus-launcher /usr/lib/at-spi2-core/at-spi-bus-launcher \
                 /usr/lib/at-spi2/at-spi-bus-launcher; do
  if [ -x "$candidate" ]; then
    launcher=$candidate
    break
  fi
done
[ -n "$launcher" ] ||
  skip "at-spi-bus-launcher is not installed (Debian package: at-spi2-core)"

bus_launcher=
keyring=
stop_children ()
{
  for child in $bus_launcher $keyring; do
    kill "$child" 2>/dev/null
    wait "$child" 2>/dev/null
  done
  bus_launcher=
  keyring=
}
trap stop_children EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# A desktop session has an unlocked login keyring, and so does this one:
# otherwise the first secret Terra stores (the API key, at start) would
# make gnome-keyring ask for a new keyring's password in a dialog that takes
# the focus from the window under test. Without gnome-keyring there is no
# Secret Service, and Terra says which features are off.
if command -v gnome-keyring-daemon >/dev/null 2>&1; then
  mkdir -p "$XDG_DATA_HOME/keyrings" && chmod 0700 "$XDG_DATA_HOME/keyrings" "$XDG_RUNTIME_DIR"
  printf login >"$XDG_DATA_HOME/keyrings/default"
  printf '%s' "terra-desktop-test" |
    gnome-keyring-daemon --foreground --unlock --components=secrets >"$dir/keyring.log" 2>&1 &
  keyring=$!
  tries=0
  until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
          org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q 'boolean true'; do
    [ $tries -ge 50 ] && break
    sleep 0.1
    tries=$((tries + 1))
  done
fi

# --launch-immediately starts the accessibility bus now instead of at the
# first request, and with DISPLAY set the launcher also publishes the bus
# address on the X root window, where AT-SPI clients look first.
"$launcher" --launch-immediately >"$dir/at-spi.log" 2>&1 &
bus_launcher=$!

# Wait until the launcher owns org.a11y.Bus. Asking NameHasOwner, unlike
# calling the bus, does not make D-Bus activate a second launcher.
tries=0
until dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
        org.freedesktop.DBus.NameHasOwner string:org.a11y.Bus 2>/dev/null | grep -q 'boolean true'; do
  if ! kill -0 "$bus_launcher" 2>/dev/null; then
    bus_launcher=
    cat "$dir/at-spi.log" >&2
    fail "at-spi-bus-launcher exited at start"
  fi
  [ $tries -ge 100 ] && fail "the accessibility bus did not start within 10 s"
  sleep 0.1
  tries=$((tries + 1))
done

"$@"
status=$?

stop_children
exit $status
