#!/usr/bin/python3
# test_preferences.py — the Preferences window, driven the way a screen
# reader user would
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test_preferences.py TERRA [OUTPUT_DIR]
#
# Runs under build-aux/with-desktop.sh (a private X server, session bus and
# accessibility bus). Fills a workspace with the demo business (headless),
# starts the real terra binary on it,
# opens Preferences with Ctrl+comma sent as real key events, and then, only
# through the accessibility tree:
#
#   1. types a time zone that does not exist: the row is marked invalid and
#      the reason shows at once, and nothing is saved even when applied;
#      a real zone, applied, is saved;
#   2. switches off the discount-request escalation rule: the setting is
#      false in the database;
#   3. sets the message retention to 30 days with its spin button: saved;
#   4. the Channels page shows the webhook addresses to copy;
#   5. finds a demo contact by name, deletes their data after the
#      confirmation: the contact and their conversations are gone;
#   6. Test Connection against a local OpenAI-compatible server (a few
#      lines of Python here) that does not know the model: the verdict
#      says so in words;
#   7. the API key is shown masked.
#
# What the database holds is read here with plain SQL, independently of
# Terra. Screenshots of each page go to OUTPUT_DIR. Output is TAP.

import contextlib
import http.server
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time

try:
    import pyatspi
except ImportError:
    print("1..0 # SKIP pyatspi is not installed (Debian package: python3-pyatspi)")
    sys.exit(0)

from terra_atspi import name_of, role_of, has_state, set_text, text_of, invalid, is_showing

APPEAR_TIMEOUT = 60
SETTLE_TIMEOUT = 20

KEYCODE_CONTROL_L = 37
KEYCODE_COMMA = 59
KEYSYM_COMMA = 0x2c
KEYCODE_RETURN = 36

PLAN = 15


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

def press_preferences_by_keycode():
    registry = pyatspi.Registry
    registry.generateKeyboardEvent(KEYCODE_CONTROL_L, None, pyatspi.KEY_PRESS)
    registry.generateKeyboardEvent(KEYCODE_COMMA, None, pyatspi.KEY_PRESSRELEASE)
    registry.generateKeyboardEvent(KEYCODE_CONTROL_L, None, pyatspi.KEY_RELEASE)


def press_preferences_by_keysym():
    registry = pyatspi.Registry
    registry.generateKeyboardEvent(pyatspi.MODIFIER_CONTROL, None, pyatspi.KEY_LOCKMODIFIERS)
    registry.generateKeyboardEvent(KEYSYM_COMMA, None, pyatspi.KEY_SYM)
    registry.generateKeyboardEvent(pyatspi.MODIFIER_CONTROL, None, pyatspi.KEY_UNLOCKMODIFIERS)


# The database, read independently of Terra

def query(data_dir, sql, *args):
    uri = "file:" + os.path.join(data_dir, "terra.db") + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        return db.execute(sql, args).fetchall()


def setting(data_dir, key):
    rows = query(data_dir, "SELECT value FROM settings WHERE key = ?", key)
    return rows[0][0] if rows else None


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


def preferences_of(app):
    for window in children(app):
        if name_of(window) == "Preferences":
            return window
    return None


def open_preferences(tap, app):
    press_preferences_by_keycode()
    window = wait_for(lambda: preferences_of(app), 5)
    if window is None:
        tap.diagnostic("Ctrl+comma by keycode did not open Preferences; trying by keysym")
        press_preferences_by_keysym()
        window = wait_for(lambda: preferences_of(app), SETTLE_TIMEOUT)
    return window


def find_any(root, name, role=None, contains=False):
    """Like find_showing, for rows of a page that is not in front."""
    for node in walk(root):
        node_name = name_of(node)
        matches = name in node_name if contains else node_name == name
        if matches and (role is None or role_of(node) == role):
            return node
    return None


def show_page(window, title, output_dir):
    tab = require(find_any(window, title, pyatspi.ROLE_PAGE_TAB), f"the {title} page tab")
    do_action(tab)
    time.sleep(0.7)
    shot = screenshot(os.path.join(output_dir, "preferences-" + title.lower().replace(" ", "-") + ".png"))
    return shot


def entry_named(window, title):
    # An AdwEntryRow is a text whose name is its title (GTK adds the
    # title label once more).
    for node in walk(window):
        if role_of(node) == pyatspi.ROLE_TEXT and name_of(node).startswith(title) and is_showing(node):
            return node
    return None


def apply_entry(entry, text):
    """Clicks into an entry row, types @text and presses Enter, which
    applies it as its Apply button does."""
    extents = entry.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
    pyatspi.Registry.generateMouseEvent(extents.x + extents.width // 2, extents.y + extents.height // 2, "b1c")
    time.sleep(0.3)
    set_text(entry, text)
    time.sleep(0.3)
    pyatspi.Registry.generateKeyboardEvent(KEYCODE_RETURN, None, pyatspi.KEY_PRESSRELEASE)


def test_validation(tap, window, data_dir, output_dir):
    show_page(window, "General", output_dir)
    zone = require(wait_for(lambda: entry_named(window, "Time zone"), SETTLE_TIMEOUT), "the Time zone row")
    set_text(zone, "Mars/Olympus_Mons")
    reason = wait_for(lambda: find_showing(window, "is not a time zone", pyatspi.ROLE_LABEL, contains=True),
                      SETTLE_TIMEOUT)
    tap.result(reason is not None and invalid(zone),
               "validation: a time zone that does not exist is marked invalid, with the reason, as typed",
               f"labels: {[name_of(n) for n in walk(window) if 'zone' in name_of(n)]}")
    shot = screenshot(os.path.join(output_dir, "preferences-invalid.png"))
    if shot:
        tap.diagnostic(f"screenshot: {shot}")
    apply_entry(zone, "Mars/Olympus_Mons")
    time.sleep(1)
    tap.result("Mars" not in (setting(data_dir, "business.timezone") or ""),
               "validation: the invalid value is not saved, even when Enter is pressed",
               f"database: {setting(data_dir, 'business.timezone')}")

    apply_entry(zone, "Asia/Kolkata")
    saved = wait_for(lambda: setting(data_dir, "business.timezone") == '"Asia/Kolkata"', SETTLE_TIMEOUT)
    gone = wait_for(lambda: find_showing(window, "is not a time zone", pyatspi.ROLE_LABEL, contains=True) is None,
                    SETTLE_TIMEOUT)
    tap.result(bool(gone) and bool(saved) and not invalid(zone),
               "validation: corrected and applied, the zone is saved and the reason goes",
               f"database: {setting(data_dir, 'business.timezone')}")


def test_escalation(tap, window, data_dir, output_dir):
    show_page(window, "Escalation", output_dir)
    rule = require(wait_showing(window, "A discount request", pyatspi.ROLE_CHECK_BOX),
                   "the discount-request switch")
    tap.result(has_state(rule, pyatspi.STATE_CHECKED), "escalation: the discount rule is on by default")
    do_action(rule)
    saved = wait_for(lambda: setting(data_dir, "escalation.discount") == "false", SETTLE_TIMEOUT)
    tap.result(bool(saved), "escalation: switched off, escalation.discount is false in the database",
               f"database: {setting(data_dir, 'escalation.discount')}")


def test_retention(tap, window, data_dir, output_dir):
    show_page(window, "Privacy", output_dir)
    spin = require(wait_showing(window, "Keep messages for (days)", pyatspi.ROLE_SPIN_BUTTON),
                   "the retention spin button")
    spin.queryValue().currentValue = 30
    saved = wait_for(lambda: setting(data_dir, "privacy.retention_days") == "30", SETTLE_TIMEOUT)
    tap.result(bool(saved), "privacy: the retention of 30 days is saved",
               f"database: {setting(data_dir, 'privacy.retention_days')}")


def test_channels(tap, window, data_dir, output_dir):
    show_page(window, "Channels", output_dir)
    labels = [name_of(n) for n in walk(window) if role_of(n) == pyatspi.ROLE_LABEL and "/webhooks/" in name_of(n)]
    tap.result(any(label.endswith("/webhooks/twilio") for label in labels) and
               any(label.endswith("/webhooks/whatsapp") for label in labels) and
               any(label.endswith("/webhooks/telegram") for label in labels),
               "channels: the Twilio, WhatsApp and Telegram webhook addresses are shown to copy",
               f"labels: {labels}")


def test_delete_contact(tap, window, data_dir, output_dir, app):
    show_page(window, "Privacy", output_dir)
    (contact_id, name), = query(data_dir, "SELECT id, name FROM contacts WHERE name != '' ORDER BY id LIMIT 1")
    conversations = query(data_dir, "SELECT count(*) FROM conversations WHERE contact_id = ?", contact_id)[0][0]
    tap.diagnostic(f"contact {contact_id} {name!r} with {conversations} conversations")

    search = require(wait_for(lambda: entry_named(window, "Find a contact"), SETTLE_TIMEOUT), "the contact search")
    set_text(search, name)
    delete = wait_for(lambda: find_showing(window, f"Delete the data of {name}", pyatspi.ROLE_PUSH_BUTTON,
                                           contains=True), SETTLE_TIMEOUT)
    export = find_showing(window, f"Export the data of {name}", pyatspi.ROLE_PUSH_BUTTON, contains=True)
    tap.result(delete is not None and export is not None, "privacy: the contact is found, with Export and Delete")
    require(delete, "the Delete button of the contact")
    shot = screenshot(os.path.join(output_dir, "preferences-contact.png"))
    if shot:
        tap.diagnostic(f"screenshot: {shot}")
    do_action(delete, "click")

    def confirm_button():
        for dialog in children(app):
            if "Delete This Contact" in name_of(dialog):
                for node in walk(dialog):
                    if role_of(node) == pyatspi.ROLE_PUSH_BUTTON and "Delete" in name_of(node):
                        return node
        return None

    button = require(wait_for(confirm_button, SETTLE_TIMEOUT), "the confirmation's Delete button")
    tap.result(query(data_dir, "SELECT count(*) FROM contacts WHERE id = ?", contact_id)[0][0] == 1,
               "privacy: nothing is deleted before the confirmation")
    do_action(button, "click")
    gone = wait_for(lambda: query(data_dir, "SELECT count(*) FROM contacts WHERE id = ?", contact_id)[0][0] == 0 and
                    query(data_dir, "SELECT count(*) FROM conversations WHERE contact_id = ?", contact_id)[0][0] == 0,
                    SETTLE_TIMEOUT)
    tap.result(bool(gone), "privacy: confirmed, the contact and their conversations are deleted")


class UnknownModelHandler(http.server.BaseHTTPRequestHandler):
    """An OpenAI-compatible server that knows no model."""

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        body = (b'{"error":{"message":"The model `llama9` does not exist",'
                b'"type":"invalid_request_error","code":"model_not_found"}}')
        self.send_response(404)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_connection(tap, window, data_dir, output_dir):
    show_page(window, "AI Provider", output_dir)
    button = require(wait_showing(window, "Test Connection", pyatspi.ROLE_PUSH_BUTTON), "the Test Connection button")
    do_action(button, "click")
    verdict = wait_for(lambda: find_showing(window, "does not know this model", pyatspi.ROLE_LABEL, contains=True),
                       SETTLE_TIMEOUT)
    shot = screenshot(os.path.join(output_dir, "preferences-test-connection.png"))
    if shot:
        tap.diagnostic(f"screenshot: {shot}")
    tap.result(verdict is not None, "provider: Test Connection says in words that the model is unknown",
               f"labels: {[name_of(n) for n in walk(window) if role_of(n) == pyatspi.ROLE_LABEL and 'onnect' in name_of(n)]}")


def test_api_key(tap, window, data_dir, output_dir):
    show_page(window, "API and Integrations", output_dir)
    masked = wait_for(lambda: find_showing(window, "••••••••aaaa", pyatspi.ROLE_LABEL), SETTLE_TIMEOUT)
    whole = find_any(window, "a" * 64, pyatspi.ROLE_LABEL)
    tap.result(masked is not None and whole is None, "api: the API key is shown masked, its last four characters only")


def fill_demo(binary, data_dir):
    """Fills the workspace with the demo business headless, so the window
    then opens on a workspace that holds contacts."""
    process = subprocess.Popen([binary, "--data-dir", data_dir, "--demo", "--headless", "--port", "0"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def filled():
            try:
                return query(data_dir, "SELECT value FROM settings WHERE key = 'workspace.demo'") == [("true",)]
            except sqlite3.Error:
                return False
        wait_for(filled, APPEAR_TIMEOUT)
        time.sleep(1)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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
        # The API key and the calendar feed token come from the environment,
        # so that nothing asks the throw-away keyring to create a collection
        # (its prompt would take the focus from the window).
        os.environ["TERRA_SECRET_API_KEY"] = "a" * 64
        os.environ["TERRA_SECRET_CALENDAR_FEED_TOKEN"] = "c" * 64
        fill_demo(binary, data_dir)
        provider = http.server.HTTPServer(("127.0.0.1", 0), UnknownModelHandler)
        threading.Thread(target=provider.serve_forever, daemon=True).start()
        subprocess.run([binary, "--data-dir", data_dir, "--set", "provider.kind=openai",
                        "--set", f"provider.base_url=http://127.0.0.1:{provider.server_port}/v1",
                        "--set", "provider.model=llama9"], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        terra = Terra(binary, data_dir, "--port", "0")
        try:
            try:
                app = terra.application()
            except RuntimeError as error:
                app = None
                tap.diagnostic(error)
            if not tap.result(app is not None, "the Terra window appears and is active"):
                tap.skip_rest("no window")
                return 1

            window = open_preferences(tap, app)
            if not tap.result(window is not None, "Ctrl+comma opens Preferences"):
                tap.skip_rest("no Preferences window")
                return 1

            for test in (test_validation, test_escalation, test_retention, test_channels, test_connection,
                         test_api_key):
                try:
                    test(tap, window, data_dir, output_dir)
                except Abort as error:
                    tap.diagnostic(f"{test.__name__}: {error}")
                    tap.result(False, f"{test.__name__} could not go on")
                    if not terra.alive():
                        break
            try:
                test_delete_contact(tap, window, data_dir, output_dir, app)
            except Abort as error:
                tap.diagnostic(f"test_delete_contact: {error}")
                tap.result(False, "test_delete_contact could not go on")

            tap.result(terra.alive(), "terra is still running (no critical warning ended it)")
        finally:
            terra.stop()
            provider.shutdown()

    if tap.number < PLAN:
        tap.skip_rest("earlier failures")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
