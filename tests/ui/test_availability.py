#!/usr/bin/python3
# test_availability.py — Opening Hours & Appointments, driven the way a
# screen reader user would
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test_availability.py TERRA [OUTPUT_DIR]
#
# Runs under build-aux/with-desktop.sh (a private X server, session bus and
# accessibility bus). Starts the real terra binary on an empty temporary
# workspace, opens the dialog with its keyboard shortcut (Ctrl+Shift+H, the
# app.availability action) sent as real key events through AT-SPI, and
# then, only through the accessibility tree:
#
#   1. opens Monday and types 09:00–13:00 and an overlapping 12:00–15:00:
#      Save is insensitive, the overlap is explained and the entries are
#      marked invalid;
#   2. corrects the second range to 14:00–18:00 and saves: the
#      availability_ranges table holds exactly those two rows;
#   3. adds the appointment type "Consultation" of 45 minutes: the
#      appointment_types table holds it.
#
# What the database holds is read here with plain SQL, independently of
# Terra. Screenshots go to OUTPUT_DIR. Output is TAP.

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import pyatspi

from terra_atspi import name_of, role_of, has_state, set_text, text_of, invalid, is_showing

APPEAR_TIMEOUT = 60
SETTLE_TIMEOUT = 20

DIALOG_TITLE = "Opening Hours & Appointments"

# X keycodes of the evdev keymap Xvfb loads by default; the keysym route
# below is the fallback when they do not open the dialog.
KEYCODE_CONTROL_L = 37
KEYCODE_SHIFT_L = 50
KEYCODE_H = 43
KEYSYM_H = 0x68

PLAN = 13


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

    def skip_rest(self, reason):
        while self.number < PLAN:
            self.result(False, f"skipped: {reason}")

    def diagnostic(self, text):
        for line in str(text).splitlines():
            print(f"# {line}", flush=True)


class Abort(Exception):
    """A step failed in a way that makes the following ones meaningless."""


# The accessibility tree

def children(node):
    try:
        return [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return []


def walk(node, depth=0):
    if node is None or depth > 80:
        return
    yield node
    for child in children(node):
        yield from walk(child, depth + 1)


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
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.25)


def find_showing(root, name, role=None, contains=False):
    for node in walk(root):
        node_name = name_of(node)
        matches = name in node_name if contains else node_name == name
        if matches and is_showing(node) and (role is None or role_of(node) == role):
            return node
    return None


def do_action(node, *names):
    """Runs the node's first action with one of names (any action if none)."""
    action = node.queryAction()
    for i in range(action.nActions):
        if not names or action.getName(i) in names:
            return action.doAction(i)
    raise Abort(f"{name_of(node)!r} has no action {names}; it has "
                f"{[action.getName(i) for i in range(action.nActions)]}")


def wait_showing(root, name, role=None, contains=False):
    return wait_for(lambda: find_showing(root, name, role, contains), SETTLE_TIMEOUT)


def require(node, what):
    if node is None:
        raise Abort(f"not found: {what}")
    return node


# Keyboard

def press_shortcut_by_keycode():
    registry = pyatspi.Registry
    registry.generateKeyboardEvent(KEYCODE_CONTROL_L, None, pyatspi.KEY_PRESS)
    registry.generateKeyboardEvent(KEYCODE_SHIFT_L, None, pyatspi.KEY_PRESS)
    registry.generateKeyboardEvent(KEYCODE_H, None, pyatspi.KEY_PRESSRELEASE)
    registry.generateKeyboardEvent(KEYCODE_SHIFT_L, None, pyatspi.KEY_RELEASE)
    registry.generateKeyboardEvent(KEYCODE_CONTROL_L, None, pyatspi.KEY_RELEASE)


def press_shortcut_by_keysym():
    registry = pyatspi.Registry
    mask = pyatspi.MODIFIER_CONTROL | pyatspi.MODIFIER_SHIFT
    registry.generateKeyboardEvent(mask, None, pyatspi.KEY_LOCKMODIFIERS)
    registry.generateKeyboardEvent(KEYSYM_H, None, pyatspi.KEY_SYM)
    registry.generateKeyboardEvent(mask, None, pyatspi.KEY_UNLOCKMODIFIERS)


# The database, read independently of Terra

def query(data_dir, sql):
    uri = "file:" + os.path.join(data_dir, "terra.db") + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        return db.execute(sql).fetchall()


def opening_ranges(data_dir):
    return query(data_dir, "SELECT weekday, start_minute, end_minute FROM availability_ranges "
                           "ORDER BY weekday, start_minute")


def appointment_types(data_dir):
    return query(data_dir, "SELECT name, duration_minutes FROM appointment_types ORDER BY name")


# The application

class Terra:
    def __init__(self, binary, data_dir, *args):
        env = dict(os.environ)
        # A critical warning is a bug: let it end the run where it happens.
        env["G_DEBUG"] = "fatal-criticals"
        self.process = subprocess.Popen([binary, "--data-dir", data_dir, "--port", "0", *args], env=env)

    def application(self, timeout=APPEAR_TIMEOUT):
        def appeared():
            if self.process.poll() is not None:
                raise RuntimeError(f"terra exited with status {self.process.returncode}")
            app = find_application(self.process.pid)
            if app is None:
                return None
            for window in children(app):
                if name_of(window) == "Terra" and has_state(window, pyatspi.STATE_ACTIVE):
                    return app
            return None
        return wait_for(appeared, timeout)

    def alive(self):
        return self.process.poll() is None

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


def dialog_of(app):
    for window in children(app):
        if name_of(window) == DIALOG_TITLE:
            return window
    return None


def open_dialog(tap, app):
    press_shortcut_by_keycode()
    dialog = wait_for(lambda: dialog_of(app), 5)
    if dialog is None:
        tap.diagnostic("Ctrl+Shift+H by keycode did not open the dialog; trying by keysym")
        press_shortcut_by_keysym()
        dialog = wait_for(lambda: dialog_of(app), SETTLE_TIMEOUT)
    return dialog


def range_entries(dialog, day, number):
    start = find_showing(dialog, f"{day}, hours {number}: from", pyatspi.ROLE_TEXT)
    end = find_showing(dialog, f"{day}, hours {number}: until", pyatspi.ROLE_TEXT)
    return (require(start, f"{day} range {number} start entry"),
            require(end, f"{day} range {number} end entry"))


def save_button(dialog):
    return require(find_showing(dialog, "Save Opening Hours", pyatspi.ROLE_PUSH_BUTTON),
                   "the Save Opening Hours button")


def overlap_message(dialog):
    return find_showing(dialog, "overlaps", pyatspi.ROLE_LABEL, contains=True)


def test_opening_hours(tap, dialog, data_dir, output_dir):
    open_switch = require(wait_showing(dialog, "Open on Monday"), "the Monday switch")
    do_action(open_switch)
    start, end = wait_for(lambda: find_showing(dialog, "Monday, hours 1: from", pyatspi.ROLE_TEXT)
                          and range_entries(dialog, "Monday", 1), SETTLE_TIMEOUT) or (None, None)
    require(start, "Monday's first range after switching the day on")
    set_text(start, "09:00")
    set_text(end, "13:00")

    add = require(find_showing(dialog, "Add hours on Monday", pyatspi.ROLE_PUSH_BUTTON),
                  "the Add Hours button of Monday")
    do_action(add, "click")
    require(wait_for(lambda: find_showing(dialog, "Monday, hours 2: from", pyatspi.ROLE_TEXT),
                     SETTLE_TIMEOUT), "Monday's second range")
    start2, end2 = range_entries(dialog, "Monday", 2)
    set_text(start2, "12:00")
    set_text(end2, "15:00")

    expected = "Monday: 12:00–15:00 overlaps 09:00–13:00."
    message = wait_showing(dialog, expected, pyatspi.ROLE_LABEL)
    save = save_button(dialog)
    tap.result(message is not None, "hours: the overlap is explained under the hours",
               f"expected {expected!r}; labels about it: "
               f"{[name_of(n) for n in walk(dialog) if 'overlaps' in name_of(n)]}")
    tap.result(not has_state(save, pyatspi.STATE_SENSITIVE),
               "hours: Save is insensitive while the ranges overlap")
    tap.result(invalid(start2) and invalid(end) and not invalid(start),
               "hours: the overlapping entries are marked invalid")

    time.sleep(0.5)
    path = screenshot(os.path.join(output_dir, "availability-overlap.png"))
    if path:
        tap.diagnostic(f"screenshot: {path}")

    set_text(start2, "14:00")
    set_text(end2, "18:00")
    sensitive = wait_for(lambda: has_state(save_button(dialog), pyatspi.STATE_SENSITIVE), SETTLE_TIMEOUT)
    tap.result(bool(sensitive) and overlap_message(dialog) is None,
               "hours: corrected, the message goes and Save becomes sensitive")

    tap.result(opening_ranges(data_dir) == [],
               "hours: nothing is saved before Save is pressed", f"database: {opening_ranges(data_dir)}")

    do_action(save_button(dialog), "click")
    expected = [(1, 9 * 60, 13 * 60), (1, 14 * 60, 18 * 60)]
    saved = wait_for(lambda: opening_ranges(data_dir) == expected, SETTLE_TIMEOUT)
    tap.result(bool(saved), "hours: after Save the table holds exactly Monday 09:00–13:00 and 14:00–18:00",
               f"database: {opening_ranges(data_dir)}")

    tap.result(wait_for(lambda: not has_state(save_button(dialog), pyatspi.STATE_SENSITIVE), SETTLE_TIMEOUT),
               "hours: once saved, Save is insensitive until the next change")


def test_appointment_type(tap, dialog, data_dir, output_dir):
    tab = require(wait_showing(dialog, "Appointment Types", pyatspi.ROLE_PAGE_TAB), "the Appointment Types tab")
    do_action(tab)

    add = require(wait_showing(dialog, "Add Type", pyatspi.ROLE_PUSH_BUTTON), "the Add Type button")

    # The page switches with a transition, and a button that is not mapped
    # yet ignores its click: press until the editor shows.
    def editor_opened():
        do_action(add, "click")
        return wait_for(lambda: find_showing(dialog, "Name", pyatspi.ROLE_TEXT), 2)

    name = wait_for(editor_opened, SETTLE_TIMEOUT)
    if name is None:
        tap.diagnostic(f"entries: {[name_of(n) for n in walk(dialog) if role_of(n) == pyatspi.ROLE_TEXT]}")
    require(name, "the Name entry of the type editor")
    set_text(name, "Consultation")
    duration = require(find_showing(dialog, "Duration", pyatspi.ROLE_SPIN_BUTTON),
                       "the Duration spin button")
    duration.queryValue().currentValue = 45

    save = require(wait_showing(dialog, "Save Appointment Type", pyatspi.ROLE_PUSH_BUTTON),
                   "the editor's Save button")
    tap.result(has_state(save, pyatspi.STATE_SENSITIVE), "types: with a name, Save is sensitive")

    time.sleep(0.5)
    path = screenshot(os.path.join(output_dir, "availability-type-editor.png"))
    if path:
        tap.diagnostic(f"screenshot: {path}")

    do_action(save, "click")
    saved = wait_for(lambda: ("Consultation", 45) in appointment_types(data_dir), SETTLE_TIMEOUT)
    tap.result(bool(saved), "types: appointment_types holds Consultation, 45 minutes",
               f"database: {appointment_types(data_dir)}")

    row = wait_for(lambda: find_showing(dialog, "Edit Consultation", pyatspi.ROLE_PUSH_BUTTON), SETTLE_TIMEOUT)
    tap.result(row is not None, "types: the list shows the new type")

    time.sleep(0.5)
    path = screenshot(os.path.join(output_dir, "availability-types.png"))
    if path:
        tap.diagnostic(f"screenshot: {path}")


def main():
    if len(sys.argv) < 2:
        print(f"usage: {sys.argv[0]} TERRA [OUTPUT_DIR]", file=sys.stderr)
        return 2

    binary = os.path.abspath(sys.argv[1])
    output_dir = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.getcwd())
    os.makedirs(output_dir, exist_ok=True)

    tap = Tap(PLAN)
    with tempfile.TemporaryDirectory(prefix="terra-ui-test.") as scratch:
        data_dir = os.path.join(scratch, "workspace")
        terra = Terra(binary, data_dir)
        try:
            try:
                app = terra.application()
            except RuntimeError as error:
                app = None
                tap.diagnostic(error)
            if not tap.result(app is not None, "the Terra window appears and is active"):
                tap.skip_rest("no window")
                return 1

            dialog = open_dialog(tap, app)
            if not tap.result(dialog is not None, "Ctrl+Shift+H opens Opening Hours & Appointments"):
                tap.skip_rest("no dialog")
                return 1

            for test in (test_opening_hours, test_appointment_type):
                try:
                    test(tap, dialog, data_dir, output_dir)
                except Abort as error:
                    tap.diagnostic(f"{test.__name__}: {error}")
                    tap.result(False, f"{test.__name__} could not go on")
                    if not terra.alive():
                        tap.diagnostic(f"terra exited with status {terra.process.returncode}")
                        break

            tap.result(terra.alive(), "terra is still running (no critical warning ended it)")
        finally:
            terra.stop()

    if tap.number < PLAN:
        tap.skip_rest("earlier failures")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
