#!/bin/sh
# with-keyring.sh — run a command against a private, unlocked GNOME Keyring
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: with-keyring.sh COMMAND [ARG…]
#
# Starts a private D-Bus session bus (dbus-run-session) with a fresh temporary
# HOME and XDG directories, starts gnome-keyring-daemon's Secret Service in it
# with a "login" collection created and unlocked by a fixed password, so that
# libsecret's default collection takes items without any prompt. Then it runs
# COMMAND with TERRA_TEST_PRIVATE_KEYRING=1 in its environment (tests that
# write to the keyring check it) and the collection's password in
# TERRA_TEST_KEYRING_PASSWORD (for tests that lock and unlock it), stops the
# daemon, removes the temporary directory and exits with COMMAND's status.
# The user's real keyring is never touched.
#
# Tests run under meson's TAP protocol, where any non-zero exit status is an
# error (exit status 77 is not a skip there). So when dbus-run-session or
# gnome-keyring-daemon is missing, this prints the TAP plan "1..0 # SKIP …" on
# stdout and exits 0, which meson reports as a skipped test. Everything else
# this script says goes to stderr: stdout belongs to COMMAND's TAP stream.

set -u

me=with-keyring.sh

# The password of the throw-away "login" collection.
password=terra-test

skip ()
{
  echo "$me: $*; skipping" >&2
  echo "1..0 # SKIP $*"
  exit 0
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

# Outer half: check the tools, make the temporary directory and re-run this
# script inside a private session bus.
if [ -z "${TERRA_WITH_KEYRING_DIR:-}" ]; then
  for tool in dbus-run-session dbus-send gnome-keyring-daemon; do
    command -v "$tool" >/dev/null 2>&1 ||
      skip "$tool is not installed (Debian packages: dbus, dbus-bin, gnome-keyring)"
  done

  dir=$(mktemp -d "${TMPDIR:-/tmp}/terra-keyring.XXXXXX") ||
    fail "cannot create a temporary directory"
  trap 'rm -rf "$dir"' EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  # The bus, and so every service it activates, runs without a display: an
  # unlock prompt (gcr-prompter) then fails at once instead of opening a
  # window nobody answers. COMMAND gets the display back.
  (
    export TERRA_WITH_KEYRING_DIR="$dir"
    export TERRA_WITH_KEYRING_DISPLAY="${DISPLAY:-}"
    export TERRA_WITH_KEYRING_WAYLAND_DISPLAY="${WAYLAND_DISPLAY:-}"
    unset DISPLAY WAYLAND_DISPLAY
    exec dbus-run-session -- "$0" "$@"
  )
  exit $?
fi

# Inner half: we are the child of dbus-run-session, DBUS_SESSION_BUS_ADDRESS
# names the private bus.
dir=$TERRA_WITH_KEYRING_DIR
display=$TERRA_WITH_KEYRING_DISPLAY
wayland_display=$TERRA_WITH_KEYRING_WAYLAND_DISPLAY
unset TERRA_WITH_KEYRING_DIR TERRA_WITH_KEYRING_DISPLAY TERRA_WITH_KEYRING_WAYLAND_DISPLAY
unset GNOME_KEYRING_CONTROL GNOME_KEYRING_PID

export HOME="$dir/home"
export XDG_DATA_HOME="$HOME/.local/share"
export XDG_CONFIG_HOME="$HOME/.config"
export XDG_CACHE_HOME="$HOME/.cache"
export XDG_RUNTIME_DIR="$dir/run"

mkdir -p "$XDG_DATA_HOME/keyrings" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" \
  "$XDG_RUNTIME_DIR" || fail "cannot create the temporary HOME"
# gnome-keyring-daemon refuses a runtime directory that others can read.
chmod 0700 "$dir" "$XDG_RUNTIME_DIR" "$XDG_DATA_HOME/keyrings"

# Make "login" the collection behind the "default" alias, as a desktop
# login would (gnome-keyring writes the file the same way: no newline).
printf login >"$XDG_DATA_HOME/keyrings/default"

daemon=
stop_daemon ()
{
  if [ -n "$daemon" ]; then
    kill "$daemon" 2>/dev/null
    wait "$daemon" 2>/dev/null
    daemon=
  fi
}
trap 'stop_daemon' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --unlock reads the password on stdin, creates the "login" collection with
# it if there is none, and unlocks it. --foreground keeps the daemon our own
# child, so we know its pid and can stop it.
printf '%s' "$password" |
  gnome-keyring-daemon --foreground --unlock --components=secrets \
    >"$dir/daemon.env" &
daemon=$!

dbus_call ()
{
  dbus-send --session --print-reply "$@" 2>/dev/null
}

# Wait until the daemon owns org.freedesktop.secrets (asking NameHasOwner
# does not trigger D-Bus activation of a second daemon), the "default" alias
# resolves to the login collection and that collection is unlocked.
ready=
tries=0
while [ $tries -lt 100 ]; do
  kill -0 "$daemon" 2>/dev/null || { daemon=; fail "gnome-keyring-daemon exited at start"; }
  if dbus_call --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets |
       grep -q 'boolean true' &&
     dbus_call --dest=org.freedesktop.secrets /org/freedesktop/secrets \
       org.freedesktop.Secret.Service.ReadAlias string:default |
       grep -q '/org/freedesktop/secrets/collection/login' &&
     dbus_call --dest=org.freedesktop.secrets /org/freedesktop/secrets/collection/login \
       org.freedesktop.DBus.Properties.Get \
       string:org.freedesktop.Secret.Collection string:Locked |
       grep -q 'boolean false'; then
    ready=1
    break
  fi
  sleep 0.1
  tries=$((tries + 1))
done
[ -n "$ready" ] ||
  fail "gnome-keyring-daemon did not provide an unlocked default collection within 10 s"

# Export what the daemon printed, if anything (in the foreground it may
# print nothing: its control socket is then in the default place).
export GNOME_KEYRING_CONTROL="$XDG_RUNTIME_DIR/keyring"
while IFS= read -r line; do
  case $line in
    [A-Z_]*=*) export "$line" ;;
  esac
done <"$dir/daemon.env"

# Tells tests that they may write to this keyring, a throw-away one, and
# lock and unlock it.
export TERRA_TEST_PRIVATE_KEYRING=1
export TERRA_TEST_KEYRING_PASSWORD="$password"

[ -n "$display" ] && export DISPLAY="$display"
[ -n "$wayland_display" ] && export WAYLAND_DISPLAY="$wayland_display"

"$@"
status=$?

stop_daemon
exit $status
