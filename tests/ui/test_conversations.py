#!/usr/bin/python3
# test_conversations.py — the Conversations view, driven the way a screen
# reader user would
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test_conversations.py TERRA [OUTPUT_DIR]
#
# Runs under build-aux/with-desktop.sh. Starts the real terra binary on a
# temporary demo workspace (--demo) and, only through the accessibility
# tree:
#
#   1. opens Conversations: the count the list shows is the number of
#      conversations in the database;
#   2. filters by channel (the SMS chip), then by status (the Active chip),
#      then both with WhatsApp: each time the count is the database's, and
#      every row shown carries that channel and status;
#   3. opens a conversation taken from the database (two drafts of the
#      assistant were added to it, as approval mode leaves them), takes it
#      over with Ctrl+T — the database says the human answers — types a
#      reply and sends it — the database holds the owner's message, and it
#      appears in the detail;
#   4. approves one draft and rejects the other: both end where they
#      should in the database (approved and queued for delivery; rejected);
#   5. the lead writes again, through the REST API, while the conversation
#      is open: the message appears in the open conversation and in its row
#      of the list without a click, and the assistant stays silent because
#      the owner took the conversation over;
#   6. the lead's profile (More actions → Lead Profile…): a new name, saved,
#      is in the database and in the list; Delete Contact and Data, after
#      the confirmation, leaves nothing of the lead in the database, and the
#      list and the detail let go of them;
#   7. Alt+Down opens the next conversation of the list (here the first).
#
# A screenshot of the view goes to OUTPUT_DIR. What the database holds is
# read with plain SQL, independently of Terra. Output is TAP.

import contextlib
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import socket
import sys
import tempfile
import time
import urllib.request

import pyatspi

from terra_atspi import name_of, role_of

APPEAR_TIMEOUT = 60
SETTLE_TIMEOUT = 20

PLAN = 22
NEW_NAME = "Naveen Renamed-Testwala"

REPLY = "Hello from the owner, I will call you at five today"
LIVE = "Can we also see the clubhouse on Saturday"
API_KEY = "ui-test-api-key-0123456789abcdef"
COUNT = re.compile(r"^(\d+) conversations?$")


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
            if diagnostics:
                self.diagnostic(diagnostics)
        return passed

    def skip(self, description, reason):
        self.number += 1
        print(f"ok {self.number} - {description} # SKIP {reason}", flush=True)

    def fail_until(self, last, reason):
        while self.number < last:
            self.result(False, f"not reached: {reason}")

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
    for app in children(pyatspi.Registry.getDesktop(0)):
        try:
            if app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def wait_for(predicate, timeout=SETTLE_TIMEOUT):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.25)


def find(root, name, role=None):
    for node in walk(root):
        if name_of(node) == name and (role is None or role_of(node) == role):
            return node
    return None


def find_all(root, predicate):
    return [node for node in walk(root) if predicate(node)]


def require(node, what):
    if node is None:
        raise Abort(f"not found: {what}")
    return node


def press(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) in ("click", "press", "activate"):
            return action.doAction(i)
    raise Abort(f"{name_of(node)!r} cannot be clicked")


def press_named(root, name):
    """Presses the first node called name that can be pressed (a menu
    button shows two nodes of that name in GTK 4.8, one without actions)."""
    for node in walk(root):
        if name_of(node) != name:
            continue
        try:
            action = node.queryAction()
        except NotImplementedError:
            continue
        for i in range(action.nActions):
            if action.getName(i) == "click":
                return action.doAction(i)
    raise Abort(f"nothing called {name!r} can be pressed")


def window_named(app, name):
    return next((window for window in children(app) if name_of(window) == name), None)


def screenshot(path):
    if shutil.which("import") is None:
        return None
    result = subprocess.run(["import", "-window", "root", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return path if result.returncode == 0 else None


# The database, read independently of Terra

def query(data_dir, sql, *args):
    uri = "file:" + os.path.join(data_dir, "terra.db") + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        db.execute("PRAGMA busy_timeout = 5000")
        return db.execute(sql, args).fetchall()


def add_drafts(data_dir, conversation_id):
    """Two replies of the assistant waiting for approval, as the engine
    leaves them with assistant.approval set; returns their ids."""
    with contextlib.closing(sqlite3.connect(os.path.join(data_dir, "terra.db"))) as db:
        db.execute("PRAGMA busy_timeout = 5000")
        channel = db.execute("SELECT channel FROM conversations WHERE id = ?",
                             (conversation_id,)).fetchone()[0]
        now = int(time.time() * 1_000_000)
        ids = []
        for offset, body in ((0, "Draft to approve: the flat is available this weekend."),
                             (1, "Draft to reject: we also have villas.")):
            cursor = db.execute(
                "INSERT INTO messages (conversation_id, direction, author, body, channel, delivery, "
                "draft, processed_at, created_at) VALUES (?, 'outbound', 'assistant', ?, ?, 'none', "
                "'pending', ?, ?)", (conversation_id, body, channel, now, now + offset))
            ids.append(cursor.lastrowid)
        db.commit()
        return ids


# The view

# X keycodes of the evdev keymap Xvfb loads by default.
KEYCODE_CONTROL_L = 37
KEYCODE_ALT_L = 64
KEYCODE_T = 28
KEYCODE_DOWN = 116


def press_keys(modifier, key):
    registry = pyatspi.Registry
    registry.generateKeyboardEvent(modifier, None, pyatspi.KEY_PRESS)
    registry.generateKeyboardEvent(key, None, pyatspi.KEY_PRESSRELEASE)
    registry.generateKeyboardEvent(modifier, None, pyatspi.KEY_RELEASE)


CHANNELS = ("WhatsApp", "SMS", "Web chat", "Telegram", "API")
STATUSES = ("Active", "Waiting", "Handed off", "Closed")


def shown_count(app):
    for node in walk(app):
        if role_of(node) == pyatspi.ROLE_LABEL:
            match = COUNT.match(name_of(node))
            if match:
                return int(match.group(1))
    return None


def rows(app):
    """The conversation rows shown: buttons named "name, channel, status,
    score …"."""
    pattern = re.compile(r"^(.*), (%s), (%s), score \d+, " % ("|".join(CHANNELS), "|".join(STATUSES)))
    found = []
    for node in walk(app):
        if role_of(node) == pyatspi.ROLE_PUSH_BUTTON:
            match = pattern.match(name_of(node))
            if match:
                found.append((node, match.group(1), match.group(2), match.group(3)))
    return found


def wait_count(app, expected):
    return wait_for(lambda: shown_count(app) == expected) is not None


def free_port():
    with contextlib.closing(socket.socket(socket.AF_INET, socket.SOCK_STREAM)) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def post_message(port, payload):
    """An inbound message through the REST API, as a website form would
    send it; returns the HTTP status."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/messages",
                                     data=json.dumps(payload).encode(),
                                     headers={"Authorization": f"Bearer {API_KEY}",
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None


class Terra:
    def __init__(self, binary, data_dir, *args):
        environment = dict(os.environ)
        environment["G_DEBUG"] = "fatal-criticals"
        # The API key through its environment override: no keyring needed.
        environment["TERRA_SECRET_API_KEY"] = API_KEY
        self.process = subprocess.Popen([binary, "--data-dir", data_dir, *args], env=environment)

    def application(self, timeout=APPEAR_TIMEOUT):
        def appeared():
            if self.process.poll() is not None:
                raise RuntimeError(f"terra exited with status {self.process.returncode}")
            app = find_application(self.process.pid)
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


def chip(app, name):
    # GTK 4.8 presents toggle buttons with the push button role.
    return require(wait_for(lambda: find(app, name, pyatspi.ROLE_PUSH_BUTTON)), f"the chip {name!r}")


def check_filter(tap, app, data_dir, what, where, channel=None, status=None):
    expected = query(data_dir, f"SELECT count(*) FROM conversations WHERE {where}")[0][0]
    tap.result(wait_count(app, expected),
               f"{what}: the list counts {expected} conversations, as the database holds",
               f"shown: {shown_count(app)}")
    shown = wait_for(lambda: rows(app)) or []
    wrong = [(name, c, s) for _, name, c, s in shown
             if (channel and c != channel) or (status and s != status)]
    first = query(data_dir, "SELECT k.name FROM conversations c JOIN contacts k ON k.id = c.contact_id "
                            f"WHERE {where.replace('channel', 'c.channel').replace('status', 'c.status')} "
                            "ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1")
    tap.result(shown and not wrong and first and shown[0][1] == first[0][0],
               f"{what}: every row shown matches, the most recent first",
               f"rows: {[(n, c, s) for _, n, c, s in shown[:5]]}; wrong: {wrong[:3]}; first in db: {first}")


def test_demo(tap, binary, output_dir, scratch):
    data_dir = os.path.join(scratch, "demo")
    port = free_port()
    terra = Terra(binary, data_dir, "--demo", "--set", "business.timezone=UTC", "--port", str(port))
    try:
        try:
            app = terra.application()
        except RuntimeError as error:
            app = None
            tap.diagnostic(error)
        tap.result(app is not None, "the Terra window appears in the accessibility tree")
        if app is None:
            raise Abort("no window")

        press(require(wait_for(lambda: find(app, "Conversations", pyatspi.ROLE_PAGE_TAB)),
                      "the Conversations page tab"))
        total = query(data_dir, "SELECT count(*) FROM conversations")[0][0]
        tap.result(total > 0 and wait_count(app, total),
                   f"all: the list counts the {total} conversations of the database",
                   f"shown: {shown_count(app)}")

        press(chip(app, "Channel: SMS"))
        check_filter(tap, app, data_dir, "channel SMS", "channel = 'sms'", channel="SMS")

        press(chip(app, "Channel: SMS"))
        press(chip(app, "Status: Active"))
        check_filter(tap, app, data_dir, "status active", "status = 'active'", status="Active")

        press(chip(app, "Channel: WhatsApp"))
        check_filter(tap, app, data_dir, "WhatsApp and active", "channel = 'whatsapp' AND status = 'active'",
                     channel="WhatsApp", status="Active")

        # The most recent active WhatsApp conversation the assistant answers.
        conversation_id, name = query(
            data_dir, "SELECT c.id, k.name FROM conversations c JOIN contacts k ON k.id = c.contact_id "
                      "WHERE c.channel = 'whatsapp' AND c.status = 'active' "
                      "ORDER BY c.last_activity_at DESC, c.id DESC LIMIT 1")[0]
        approve_id, reject_id = add_drafts(data_dir, conversation_id)

        row = require(wait_for(lambda: next((r[0] for r in rows(app) if r[1] == name), None)),
                      f"the row of {name}")
        press(row)
        take_over = require(wait_for(lambda: find(app, "Take Over", pyatspi.ROLE_PUSH_BUTTON)),
                            "the Take over button")
        drafts = wait_for(lambda: len(find_all(app, lambda n: name_of(n) == "Approve draft")) == 2)
        tap.result(drafts is not None and find(app, name, pyatspi.ROLE_LABEL) is not None,
                   "the conversation opens with its two drafts marked for approval")

        press_keys(KEYCODE_CONTROL_L, KEYCODE_T)
        responder = wait_for(lambda: query(data_dir, "SELECT responder FROM conversations WHERE id = ?",
                                           conversation_id)[0][0] == "human")
        tap.result(responder is not None, "Ctrl+T takes over: the database says the human answers")

        composer = require(wait_for(lambda: find(app, "Reply to the lead")), "the composer")
        composer.queryEditableText().setTextContents(REPLY)
        press(require(wait_for(lambda: find(app, "Send reply", pyatspi.ROLE_PUSH_BUTTON)), "the Send button"))
        stored = wait_for(lambda: query(data_dir, "SELECT author, direction FROM messages "
                                                  "WHERE conversation_id = ? AND body = ?",
                                        conversation_id, REPLY))
        tap.result(stored == [("human", "outbound")] and
                   query(data_dir, "SELECT responder FROM conversations WHERE id = ?",
                         conversation_id)[0][0] == "human",
                   "Send: the database holds the owner's message and the human still answers",
                   f"stored: {stored}")
        shown = wait_for(lambda: find_all(app, lambda n: name_of(n).startswith(f"You: {REPLY}")))
        tap.result(bool(shown), "the owner's message appears in the conversation")

        path = os.path.join(output_dir, "conversations.png")
        time.sleep(1.0)
        if screenshot(path) is None:
            tap.skip("screenshot", "ImageMagick's import is missing or failed")
        else:
            tap.result(os.path.getsize(path) > 0, f"screenshot saved to {path}")

        approve_buttons = find_all(app, lambda n: name_of(n) == "Approve draft")
        require(approve_buttons or None, "the Approve draft buttons")
        press(approve_buttons[0])
        approved = wait_for(lambda: [r[0] for r in query(
            data_dir, "SELECT id FROM messages WHERE id IN (?, ?) AND draft = 'approved'",
            approve_id, reject_id)])
        tap.result(approved is not None and len(approved) == 1,
                   "Approve: one draft is approved in the database", f"approved: {approved}")
        remaining = approve_id if approved and approved[0] == reject_id else reject_id

        reject = require(wait_for(lambda: (lambda found: found[0] if len(found) == 1 else None)(
            find_all(app, lambda n: name_of(n) == "Reject draft"))), "the one Reject draft button left")
        press(reject)
        rejected = wait_for(lambda: query(data_dir, "SELECT draft FROM messages WHERE id = ?",
                                          remaining)[0][0] == "rejected")
        states = query(data_dir, "SELECT draft, delivery FROM messages WHERE id IN (?, ?) ORDER BY draft",
                       approve_id, reject_id)
        tap.result(rejected is not None and states[0][0] == "approved" and states[0][1] != "none"
                   and states[1] == ("rejected", "none"),
                   "Reject: the other draft is rejected; the approved one waits for delivery",
                   f"states: {states}")

        # The lead writes again on the same channel, from the same number.
        address = query(data_dir, "SELECT i.address FROM contact_identities i JOIN conversations c "
                                  "ON c.contact_id = i.contact_id AND c.channel = i.channel WHERE c.id = ?",
                        conversation_id)
        require(address or None, "the lead's WhatsApp number")
        status = post_message(port, {"from": address[0][0], "name": name, "text": LIVE,
                                     "channel": "whatsapp", "external_id": f"ui-live-{time.time()}"})
        stored = wait_for(lambda: query(data_dir, "SELECT id FROM messages WHERE conversation_id = ? "
                                                  "AND body = ? AND author = 'lead'", conversation_id, LIVE))
        in_detail = wait_for(lambda: find_all(app, lambda n: name_of(n).startswith(f"Lead: {LIVE}")))
        tap.result(status == 202 and stored and bool(in_detail),
                   "a message posted to the REST API appears in the open conversation without a click",
                   f"status: {status}; stored: {stored}")
        in_list = wait_for(lambda: [r for r in rows(app) if r[1] == name and LIVE in name_of(r[0])])
        tap.result(bool(in_list), "and in the conversation's row of the list",
                   f"rows: {[name_of(r[0]) for r in rows(app) if r[1] == name]}")
        time.sleep(3)
        spoken = query(data_dir, "SELECT count(*) FROM messages WHERE conversation_id = ? AND author = "
                                 "'assistant' AND id > ?", conversation_id, stored[0][0] if stored else 0)
        tap.result(stored and spoken[0][0] == 0,
                   "the assistant stays silent: the owner has taken the conversation over",
                   f"assistant messages after it: {spoken}")

        # The lead's profile: rename and save.
        contact_id = query(data_dir, "SELECT contact_id FROM conversations WHERE id = ?", conversation_id)[0][0]
        press_named(app, "More conversation actions")
        press(require(wait_for(lambda: find(app, "Lead Profile…", pyatspi.ROLE_MENU_ITEM)), "Lead Profile…"))
        profile = require(wait_for(lambda: window_named(app, "Lead Profile")), "the Lead Profile window")
        name_entry = require(wait_for(lambda: find(profile, "Name", pyatspi.ROLE_TEXT)), "the Name field")
        name_entry.queryEditableText().setTextContents(NEW_NAME)
        press(require(find(profile, "Save", pyatspi.ROLE_PUSH_BUTTON), "Save"))
        renamed = wait_for(lambda: query(data_dir, "SELECT name FROM contacts WHERE id = ?",
                                         contact_id) == [(NEW_NAME,)])
        in_list = wait_for(lambda: [r for r in rows(app) if r[1] == NEW_NAME])
        tap.result(renamed is not None and bool(in_list),
                   "Lead Profile: the new name is saved and the list shows it",
                   f"db: {query(data_dir, 'SELECT name FROM contacts WHERE id = ?', contact_id)}")

        # Delete the contact and everything of theirs, after confirming.
        require(wait_for(lambda: window_named(app, "Lead Profile") is None) or None,
                "the first Lead Profile window closed")
        n_theirs = query(data_dir, "SELECT count(*) FROM conversations WHERE contact_id = ?", contact_id)[0][0]
        before = shown_count(app)
        press_named(app, "More conversation actions")
        press(require(wait_for(lambda: find(app, "Lead Profile…", pyatspi.ROLE_MENU_ITEM)), "Lead Profile…"))
        profile = require(wait_for(lambda: window_named(app, "Lead Profile")), "the Lead Profile window")
        press(require(wait_for(lambda: find(profile, "Delete Contact and Data…", pyatspi.ROLE_PUSH_BUTTON)),
                      "Delete Contact and Data…"))
        confirm = require(wait_for(lambda: next((w for w in children(app)
                                                 if find(w, "Delete Contact and Data?") is not None), None)),
                          "the confirmation")
        tap.result(query(data_dir, "SELECT count(*) FROM contacts WHERE id = ?", contact_id)[0][0] == 1,
                   "Delete asks first: nothing is deleted before the confirmation")
        # GTK 4.8 names a button with a mnemonic "_Delete Delete".
        press(require(next((n for n in walk(confirm) if role_of(n) == pyatspi.ROLE_PUSH_BUTTON and
                            name_of(n) in ("Delete", "_Delete Delete")), None), "the Delete response"))
        gone = wait_for(lambda: query(data_dir, "SELECT (SELECT count(*) FROM contacts WHERE id = ?) + "
                                                "(SELECT count(*) FROM conversations WHERE contact_id = ?) + "
                                                "(SELECT count(*) FROM messages WHERE conversation_id = ?)",
                                      contact_id, contact_id, conversation_id)[0][0] == 0)
        let_go = wait_for(lambda: shown_count(app) == before - n_theirs and
                          not [r for r in rows(app) if r[1] == NEW_NAME])
        tap.result(gone is not None and let_go is not None,
                   "Delete: the lead, their conversations and messages are gone, and from the list",
                   f"count shown: {shown_count(app)}, before: {before}, theirs: {n_theirs}")

        # Nothing is open now: Alt+Down opens the list's first conversation.
        first = require(wait_for(lambda: rows(app)) or None, "the rows")[0][1]
        press_keys(KEYCODE_ALT_L, KEYCODE_DOWN)
        opened = wait_for(lambda: find(app, first, pyatspi.ROLE_LABEL))
        tap.result(opened is not None, f"Alt+Down opens the first conversation of the list ({first})")
    except Abort as error:
        tap.diagnostic(error)
        tap.fail_until(PLAN, str(error))
    finally:
        terra.stop()


def main():
    if len(sys.argv) < 2:
        print(f"usage: {sys.argv[0]} TERRA [OUTPUT_DIR]", file=sys.stderr)
        return 2

    binary = os.path.abspath(sys.argv[1])
    output_dir = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.getcwd())
    os.makedirs(output_dir, exist_ok=True)

    tap = Tap(PLAN)
    with tempfile.TemporaryDirectory(prefix="terra-ui-test.") as scratch:
        test_demo(tap, binary, output_dir, scratch)

    if tap.number != PLAN:
        tap.diagnostic(f"planned {PLAN} results, gave {tap.number}")
        return 1
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
