#!/usr/bin/python3
# test_dashboard.py — the Dashboard, driven the way a screen reader sees it
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test_dashboard.py TERRA [OUTPUT_DIR]
#
# Runs under build-aux/with-desktop.sh (a private X server, session bus and
# accessibility bus). Starts the real terra binary on temporary workspaces
# and reads its window through AT-SPI (python3-pyatspi):
#
#   1. a demo workspace (--demo): the four counters are named
#      "Conversations today: N" and so on, show N, and N is what the
#      database says; a screenshot is saved to OUTPUT_DIR/dashboard.png;
#   2. an empty workspace: the empty state is shown, and pressing its
#      "Explore the Demo Business" button (an AT-SPI action, as a screen
#      reader would) fills the workspace, after which the counters appear
#      and match the database.
#
# The expected numbers are computed here with plain SQL, independently of
# Terra's own queries. Output is TAP.

import contextlib
import datetime
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

try:
    import pyatspi
except ImportError:
    # TAP's way to skip the whole program (exit status 77 is an error there).
    print("1..0 # SKIP pyatspi is not installed (Debian package: python3-pyatspi)")
    sys.exit(0)

from terra_atspi import name_of

# How long the application may take to appear, and a counter to settle.
APPEAR_TIMEOUT = 60
SETTLE_TIMEOUT = 30

COUNTERS = ("Conversations today", "Leads qualified", "Meetings scheduled", "Open handoffs")

DEMO_NOTICE = ("Demo workspace — the business, leads and conversations are invented "
               "to show how Terra works.")

# Each counter's number label is named "<what it counts>: <number>".
COUNTER_NAME = re.compile(r"^(" + "|".join(COUNTERS) + r"): (\d+)$")


class Tap:
    """Numbered TAP results; a failure makes the exit status 1."""

    def __init__(self, plan):
        self.number = 0
        self.failed = False
        print(f"1..{plan}", flush=True)

    def result(self, passed, description, diagnostics=None):
        self.number += 1
        print(f"{'ok' if passed else 'not ok'} {self.number} - {description}", flush=True)
        if not passed:
            self.failed = True
            for line in str(diagnostics or "").splitlines():
                print(f"# {line}", flush=True)
        return passed

    def skip(self, description, reason):
        self.number += 1
        print(f"ok {self.number} - {description} # SKIP {reason}", flush=True)

    def diagnostic(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)


# The accessibility tree

def children(node):
    try:
        return [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        # A node that went away between listing and reading.
        return []


def walk(node, depth=0):
    """Every node under node, depth first; stale nodes are skipped."""
    if node is None or depth > 80:
        return
    yield node
    for child in children(node):
        yield from walk(child, depth + 1)


def visible_text(node):
    try:
        text = node.queryText()
        # GTK 4.8 answers an end offset of -1 with nothing: ask for the length.
        return text.getText(0, text.characterCount)
    except Exception:
        return None


def find_application(pid):
    desktop = pyatspi.Registry.getDesktop(0)
    for app in children(desktop):
        try:
            if app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def wait_for(predicate, timeout):
    """predicate's first true value within timeout seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.25)


def find_node(app, name, role=None):
    """The node called name (GTK 4.8 marks no node "showing", so the
    window keeps what it does not show out of the tree instead)."""
    for node in walk(app):
        if name_of(node) == name:
            if role is None or node.getRole() == role:
                return node
    return None


def read_counters(app):
    """{"Conversations today": (N, visible text), …} for the counters shown."""
    found = {}
    for node in walk(app):
        match = COUNTER_NAME.match(name_of(node))
        if match:
            text = visible_text(node)
            found[match.group(1)] = (int(match.group(2)), text)
    return found


# The database, read independently of Terra

def business_zone(db):
    row = db.execute("SELECT value FROM settings WHERE key = 'business.timezone'").fetchone()
    name = json.loads(row[0]) if row else ""
    if name:
        try:
            from zoneinfo import ZoneInfo
            return ZoneInfo(name)
        except Exception:
            pass
    return None  # the system's zone


def midnight_us(zone):
    """The start of today in zone (None: the system's), µs since the epoch."""
    if zone is None:
        today = time.localtime()
        # mktime works out the offset in force at midnight itself.
        seconds = time.mktime((today.tm_year, today.tm_mon, today.tm_mday, 0, 0, 0, 0, 0, -1))
    else:
        today = datetime.datetime.now(zone)
        seconds = datetime.datetime(today.year, today.month, today.day, tzinfo=zone).timestamp()
    return int(seconds) * 1_000_000


def expected_counts(data_dir):
    uri = "file:" + os.path.join(data_dir, "terra.db") + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        now = int(time.time() * 1_000_000)
        month_ago = now - 30 * 24 * 3600 * 1_000_000

        def count(sql, *args):
            return db.execute(sql, args).fetchone()[0]

        return {
            "Conversations today":
                count("SELECT count(*) FROM conversations WHERE last_activity_at >= ?",
                      midnight_us(business_zone(db))),
            "Leads qualified":
                count("SELECT count(*) FROM contacts WHERE qualified_at >= ?", month_ago),
            "Meetings scheduled":
                count("SELECT count(*) FROM bookings WHERE status = 'confirmed' AND start_utc >= ?", now),
            "Open handoffs":
                count("SELECT count(*) FROM conversations WHERE status = 'handed-off'"),
        }


def counters_match(app, data_dir):
    """(True, shown) once the window shows what the database holds; the
    window may lag a refresh behind, so this is retried."""
    shown = read_counters(app)
    if len(shown) != len(COUNTERS):
        return None
    expected = expected_counts(data_dir)
    for label, (value, text) in shown.items():
        if value != expected[label] or text != str(value):
            return None
    return shown


def describe_mismatch(app, data_dir):
    return (f"shown (value, visible text): {read_counters(app)}\n"
            f"database: {expected_counts(data_dir)}")


# The application

class Terra:
    def __init__(self, binary, data_dir, *args):
        env = dict(os.environ)
        # A critical warning is a bug: let it end the run where it happens.
        env["G_DEBUG"] = "fatal-criticals"
        self.process = subprocess.Popen([binary, "--data-dir", data_dir, *args], env=env)

    def application(self, timeout=APPEAR_TIMEOUT):
        def appeared():
            if self.process.poll() is not None:
                raise RuntimeError(f"terra exited with status {self.process.returncode}")
            app = find_application(self.process.pid)
            # Wait for the window, not just the registration.
            if app is not None and any(name_of(w) == "Terra" for w in children(app)):
                return app
            return None
        return wait_for(appeared, timeout)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def screenshot(path):
    if shutil.which("import") is None:
        return None
    result = subprocess.run(["import", "-window", "root", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return path if result.returncode == 0 else None


def test_demo(tap, binary, output_dir, scratch):
    data_dir = os.path.join(scratch, "demo")
    terra = Terra(binary, data_dir, "--demo")
    try:
        try:
            app = terra.application()
        except RuntimeError as error:
            app = None
            tap.diagnostic(error)
        if not tap.result(app is not None, "demo: the Terra window appears in the accessibility tree"):
            for _ in range(4):
                tap.result(False, "demo: skipped, no window")
            return

        tap.result(wait_for(lambda: find_node(app, DEMO_NOTICE), SETTLE_TIMEOUT) is not None,
                   "demo: the demo workspace notice is shown")

        shown = wait_for(lambda: counters_match(app, data_dir), SETTLE_TIMEOUT)
        tap.result(shown is not None,
                   "demo: the four counters are named, show their number and match the database",
                   None if shown else describe_mismatch(app, data_dir))
        if shown:
            tap.diagnostic(", ".join(f"{label}: {value}" for label, (value, _) in shown.items()))

        expected = expected_counts(data_dir)
        empty_state = find_node(app, "No conversations yet")
        tap.result(any(expected.values()) and empty_state is None,
                   "demo: the dashboard has something to count, and no empty state is presented",
                   f"database: {expected}, empty state: {empty_state}")

        # Let the crossfade finish before the picture.
        time.sleep(1)
        path = screenshot(os.path.join(output_dir, "dashboard.png"))
        if path is None:
            tap.skip("demo: screenshot", "ImageMagick's import is missing or failed")
        else:
            tap.result(os.path.getsize(path) > 0, f"demo: screenshot saved to {path}")
    finally:
        terra.stop()


def test_empty_then_demo(tap, binary, scratch):
    data_dir = os.path.join(scratch, "empty")
    terra = Terra(binary, data_dir)
    try:
        try:
            app = terra.application()
        except RuntimeError as error:
            app = None
            tap.diagnostic(error)
        if not tap.result(app is not None, "empty: the Terra window appears in the accessibility tree"):
            for _ in range(4):
                tap.result(False, "empty: skipped, no window")
            return

        title = wait_for(lambda: find_node(app, "No conversations yet"), SETTLE_TIMEOUT)
        button = wait_for(lambda: find_node(app, "Explore the Demo Business",
                                               pyatspi.ROLE_PUSH_BUTTON), SETTLE_TIMEOUT)
        notice = find_node(app, DEMO_NOTICE)
        tap.result(title is not None and button is not None and not read_counters(app) and notice is None,
                   "empty: the empty state and its button are shown, no counters and no demo notice",
                   f"title: {title}, button: {button}, counters: {read_counters(app)}, notice: {notice}")

        pressed = False
        if button is not None:
            try:
                action = button.queryAction()
                pressed = any(action.getName(i) == "click" and action.doAction(i)
                              for i in range(action.nActions))
            except Exception as error:
                tap.diagnostic(f"pressing the button failed: {error}")
        tap.result(pressed, "empty: the button can be pressed through AT-SPI")

        shown = wait_for(lambda: counters_match(app, data_dir), SETTLE_TIMEOUT)
        tap.result(shown is not None and any(expected_counts(data_dir).values()),
                   "empty: after loading the demo the counters appear and match the database",
                   None if shown else describe_mismatch(app, data_dir))

        tap.result(wait_for(lambda: find_node(app, DEMO_NOTICE), SETTLE_TIMEOUT) is not None,
                   "empty: after loading the demo the demo workspace notice is shown")
    finally:
        terra.stop()


def main():
    if len(sys.argv) < 2:
        print(f"usage: {sys.argv[0]} TERRA [OUTPUT_DIR]", file=sys.stderr)
        return 2

    binary = os.path.abspath(sys.argv[1])
    output_dir = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.getcwd())
    os.makedirs(output_dir, exist_ok=True)

    tap = Tap(10)
    with tempfile.TemporaryDirectory(prefix="terra-ui-test.") as scratch:
        test_demo(tap, binary, output_dir, scratch)
        test_empty_then_demo(tap, binary, scratch)

    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
