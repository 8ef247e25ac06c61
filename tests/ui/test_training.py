#!/usr/bin/python3
# test_training.py — teaching Terra in the Training view, driven the way a
# screen reader user would
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test_training.py TERRA [OUTPUT_DIR]
#
# Runs under build-aux/with-desktop.sh (a private X server, session bus and
# accessibility bus). Starts the real terra binary on an empty temporary
# workspace and then, only through the accessibility tree:
#
#   1. opens Training, adds an FAQ with the knowledge editor (title and
#      text typed into it): knowledge_items holds it, as a draft;
#   2. publishes it with the row's switch: published is 1;
#   3. asks about it in the Test Chat: the reply quotes the answer and
#      lists the FAQ as the knowledge it used;
#   4. grades the reply Good: a feedback row of that reply exists, counted
#      towards the FAQ category; grades a second reply Bad with a
#      correction: stored with the correction;
#   5. the Training Log lists both grades and the FAQ's confidence figure;
#   6. edits the FAQ and restores version 1 from the editor's history: the
#      text is back, and knowledge_versions holds both earlier texts;
#   7. deletes the FAQ and presses the toast's Undo: it is back, published;
#   8. adds two instructions and moves the second above the first: their
#      priorities in the database follow;
#   9. imports a CSV of FAQs with a bad row through Import Documents… (the
#      file chosen in the file chooser by its path): the result names the
#      bad row and its reason, and the good rows are in the database.
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
REPLY_TIMEOUT = 60

FAQ_TITLE = "Are pets allowed in the apartments?"
FAQ_BODY = "Yes: cats and small dogs are welcome in every Skyline apartment, with a one-time pet deposit of 5,000 rupees."
QUESTION = "Are pets allowed in your apartments?"
SECOND_QUESTION = "What is the pet deposit for the apartments?"
CORRECTION = "The pet deposit is 5,000 rupees, paid once."
NEW_BODY = "Yes: cats and small dogs are welcome in every Skyline apartment; the pet deposit is 7,500 rupees."
RULE_1 = "Offer a free site visit."
RULE_2 = "Ask for the lead's budget before suggesting a property."

PLAN = 26


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


class Terra:
    def __init__(self, binary, data_dir, *args):
        env = dict(os.environ)
        # A critical warning is a bug: let it end the run where it happens.
        env["G_DEBUG"] = "fatal-criticals"
        # The secrets the services make on a first start come from the
        # environment here: a fresh keyring would otherwise pop up its
        # "choose a password" prompt over the window under test.
        for name in ("API_KEY", "CALENDAR_FEED_TOKEN", "WEBHOOK_SIGNING_SECRET"):
            env.setdefault("TERRA_SECRET_" + name, "ui-test-" + name.lower().replace("_", "-"))
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


def screenshot(path):
    if shutil.which("import") is None:
        return None
    result = subprocess.run(["import", "-window", "root", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return path if result.returncode == 0 else None


def snap(tap, output_dir, name):
    time.sleep(0.5)
    path = screenshot(os.path.join(output_dir, name))
    if path:
        tap.diagnostic(f"screenshot: {path}")


# The database, read independently of Terra

def query(data_dir, sql, *args):
    uri = "file:" + os.path.join(data_dir, "terra.db") + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        return db.execute(sql, args).fetchall()


def knowledge(data_dir):
    return query(data_dir, "SELECT category, title, body, published FROM knowledge_items ORDER BY id")


def replies(data_dir):
    return query(data_dir, "SELECT id, body FROM messages WHERE direction = 'outbound' ORDER BY id")


def feedback(data_dir):
    return query(data_dir, "SELECT message_id, grade, correction, category FROM feedback ORDER BY id")


def window_named(app, title):
    for window in children(app):
        if name_of(window) == title:
            return window
    return None


def click(node):
    do_action(node, "click", "activate", "press", "toggle")


def press_until(tap, button, predicate, what):
    """Clicks until predicate holds: a button that is not mapped yet (a page
    in its transition) ignores its click."""
    def pressed():
        click(button)
        return wait_for(predicate, 2)
    result = wait_for(pressed, SETTLE_TIMEOUT)
    if result is None:
        raise Abort(f"clicking {name_of(button)!r} did not {what}")
    return result


def open_page(app, title):
    tab = require(wait_for(lambda: find_showing(app, title, pyatspi.ROLE_TOGGLE_BUTTON)
                           or find_showing(app, title, pyatspi.ROLE_PAGE_TAB), SETTLE_TIMEOUT),
                  f"the {title} switcher button")
    click(tab)
    return tab


def type_into(node, text):
    """Sets the text of an entry or a text view through EditableText."""
    node.queryEditableText().setTextContents(text)


def test_add_faq(tap, app, data_dir, output_dir):
    open_page(app, "Training")
    add = require(wait_showing(app, "Add to Frequently Asked Questions", pyatspi.ROLE_PUSH_BUTTON),
                  "the Add button of the FAQ category")
    editor = press_until(tap, add, lambda: window_named(app, "New Knowledge"), "open the editor")
    tap.result(editor is not None, "add: the knowledge editor opens for a new FAQ")

    title = require(wait_showing(editor, "Title", pyatspi.ROLE_TEXT), "the editor's Title entry")
    save = require(find_showing(editor, "Save", pyatspi.ROLE_PUSH_BUTTON), "the editor's Save button")
    tap.result(not has_state(save, pyatspi.STATE_SENSITIVE), "add: Save is insensitive while the item is empty")

    type_into(title, FAQ_TITLE)
    body = require(find_showing(editor, "Text", pyatspi.ROLE_TEXT), "the editor's Text view")
    type_into(body, FAQ_BODY)
    sensitive = wait_for(lambda: has_state(save, pyatspi.STATE_SENSITIVE), SETTLE_TIMEOUT)
    tap.result(bool(sensitive), "add: with a title and a text, Save becomes sensitive")
    snap(tap, output_dir, "training-editor.png")

    click(save)
    saved = wait_for(lambda: knowledge(data_dir) == [("faq", FAQ_TITLE, FAQ_BODY, 0)], SETTLE_TIMEOUT)
    tap.result(bool(saved), "add: knowledge_items holds the FAQ, not yet published",
               f"database: {knowledge(data_dir)}")


def test_publish(tap, app, data_dir, output_dir):
    toggle = require(wait_showing(app, f"Publish “{FAQ_TITLE}”"), "the FAQ row's Published switch")
    tap.result(not has_state(toggle, pyatspi.STATE_CHECKED), "publish: the new FAQ shows as a draft")
    click(toggle)
    published = wait_for(lambda: [row[3] for row in knowledge(data_dir)] == [1], SETTLE_TIMEOUT)
    tap.result(bool(published), "publish: after the switch, the FAQ is published in the database",
               f"database: {knowledge(data_dir)}")
    snap(tap, output_dir, "training-knowledge.png")


def ask(app, text):
    entry = require(wait_showing(app, "Message to Terra", pyatspi.ROLE_TEXT), "the test chat's message entry")
    type_into(entry, text)
    send = require(find_showing(app, "Send", pyatspi.ROLE_PUSH_BUTTON), "the test chat's Send button")
    require(wait_for(lambda: has_state(send, pyatspi.STATE_SENSITIVE), SETTLE_TIMEOUT), "a sensitive Send button")
    click(send)


def grade_buttons(app, name):
    return [node for node in walk(app)
            if name_of(node) == name and role_of(node) == pyatspi.ROLE_PUSH_BUTTON and is_showing(node)]


def test_chat(tap, app, data_dir, output_dir):
    open_page(app, "Test Chat")
    ask(app, QUESTION)

    source = wait_for(lambda: find_showing(app, f"Knowledge: {FAQ_TITLE}", pyatspi.ROLE_LABEL), REPLY_TIMEOUT)
    tap.result(source is not None, "chat: the reply lists the FAQ as the knowledge it used",
               f"labels: {[name_of(n) for n in walk(app) if role_of(n) == pyatspi.ROLE_LABEL][-12:]}")

    stored = wait_for(lambda: [body for _, body in replies(data_dir) if "pet deposit" in body], SETTLE_TIMEOUT)
    tap.result(bool(stored), "chat: the stored reply quotes the FAQ's answer",
               f"replies: {replies(data_dir)}")
    shown = find_showing(app, "pet deposit", pyatspi.ROLE_LABEL, contains=True)
    tap.result(shown is not None, "chat: the reply is shown in the chat")
    snap(tap, output_dir, "training-chat.png")

    good = require(wait_for(lambda: grade_buttons(app, "Good reply"), SETTLE_TIMEOUT), "the Good reply button")
    click(good[0])
    reply_id = replies(data_dir)[-1][0]
    graded = wait_for(lambda: feedback(data_dir) == [(reply_id, "good", "", "faq")], SETTLE_TIMEOUT)
    tap.result(bool(graded), "grade: a feedback row grades that reply good, in the FAQ category",
               f"feedback: {feedback(data_dir)}; reply id {reply_id}")
    tap.result(wait_showing(app, "Graded good", pyatspi.ROLE_LABEL) is not None,
               "grade: the reply says it was graded good")

    # A second reply, graded bad with a correction.
    ask(app, SECOND_QUESTION)
    require(wait_for(lambda: len(grade_buttons(app, "Bad reply")) == 1 and len(replies(data_dir)) >= 2,
                     REPLY_TIMEOUT), "a second reply to grade")
    click(grade_buttons(app, "Bad reply")[0])
    correction = require(wait_showing(app, "Correction", pyatspi.ROLE_TEXT), "the correction entry")
    type_into(correction, CORRECTION)
    click(require(find_showing(app, "Save Grade", pyatspi.ROLE_PUSH_BUTTON), "the Save Grade button"))
    second_id = replies(data_dir)[-1][0]
    graded = wait_for(lambda: len(feedback(data_dir)) == 2 and
                      feedback(data_dir)[1][:3] == (second_id, "bad", CORRECTION), SETTLE_TIMEOUT)
    tap.result(bool(graded), "grade: the second reply is graded bad with the correction",
               f"feedback: {feedback(data_dir)}")


def test_log(tap, app, data_dir, output_dir):
    open_page(app, "Training Log")
    good = wait_showing(app, "Good · Frequently Asked Questions")
    bad = wait_showing(app, "Bad · Frequently Asked Questions")
    tap.result(good is not None and bad is not None, "log: the Training Log lists both grades")
    # One published FAQ of five (coverage 1/5), one good and one bad grade
    # (quality (1 + 1) / (2 + 2)): 10 %.
    figure = wait_showing(app, "Confidence in Frequently Asked Questions: 10 %")
    tap.result(figure is not None, "log: the FAQ confidence is 10 % (one of five items, half the grades good)",
               f"figures: {[name_of(n) for n in walk(app) if name_of(n).startswith('Confidence in')]}")
    snap(tap, output_dir, "training-log.png")


def versions(data_dir):
    return query(data_dir, "SELECT version, body FROM knowledge_versions ORDER BY version")


def edit_faq(app):
    # The row names its activatable button after itself too: "Edit “…” …".
    edit = require(wait_showing(app, f"Edit “{FAQ_TITLE}”", pyatspi.ROLE_PUSH_BUTTON, contains=True),
                   "the FAQ's Edit button")
    return press_until(None, edit, lambda: window_named(app, "Edit Knowledge"), "open the editor")


def test_history(tap, app, data_dir, output_dir):
    open_page(app, "Knowledge")
    editor = edit_faq(app)
    body = require(wait_showing(editor, "Text", pyatspi.ROLE_TEXT), "the editor's Text view")
    type_into(body, NEW_BODY)
    click(require(find_showing(editor, "Save", pyatspi.ROLE_PUSH_BUTTON), "the editor's Save button"))
    edited = wait_for(lambda: [row[2] for row in knowledge(data_dir)] == [NEW_BODY], SETTLE_TIMEOUT)
    tap.result(bool(edited) and versions(data_dir) == [(1, FAQ_BODY)],
               "history: an edit keeps the first text as version 1",
               f"items: {knowledge(data_dir)}; versions: {versions(data_dir)}")

    editor = edit_faq(app)
    restore = require(wait_showing(editor, "Restore version 1", pyatspi.ROLE_PUSH_BUTTON), "Restore version 1")
    click(restore)
    require(wait_for(lambda: text_of(find_showing(editor, "Text", pyatspi.ROLE_TEXT)) == FAQ_BODY, SETTLE_TIMEOUT),
            "version 1's text in the editor")
    snap(tap, output_dir, "training-history.png")
    click(require(find_showing(editor, "Save", pyatspi.ROLE_PUSH_BUTTON), "the editor's Save button"))
    restored = wait_for(lambda: [row[2] for row in knowledge(data_dir)] == [FAQ_BODY], SETTLE_TIMEOUT)
    tap.result(bool(restored) and versions(data_dir) == [(1, FAQ_BODY), (2, NEW_BODY)],
               "history: restoring version 1 brings its text back and keeps the edit as version 2",
               f"items: {knowledge(data_dir)}; versions: {versions(data_dir)}")


def test_delete_undo(tap, app, data_dir, output_dir):
    delete = require(wait_showing(app, f"Delete “{FAQ_TITLE}”", pyatspi.ROLE_PUSH_BUTTON), "the FAQ's Delete button")
    click(delete)
    gone = wait_for(lambda: knowledge(data_dir) == [], SETTLE_TIMEOUT)
    tap.result(bool(gone), "delete: the FAQ is deleted at once", f"items: {knowledge(data_dir)}")
    def undo_button():
        return find_showing(app, "Undo", pyatspi.ROLE_PUSH_BUTTON, contains=True)
    require(wait_for(undo_button, SETTLE_TIMEOUT), "the toast's Undo button")
    snap(tap, output_dir, "training-undo.png")

    def restored():
        return knowledge(data_dir) == [("faq", FAQ_TITLE, FAQ_BODY, 1)]

    # A toast still sliding in may miss a click; once one lands, the
    # toast and its button are gone, so no second click can double it.
    def press_undo():
        button = undo_button()
        if button is not None:
            try:
                click(button)
            except Exception:
                pass
        return wait_for(restored, 3)
    back = wait_for(press_undo, SETTLE_TIMEOUT)
    tap.result(bool(back), "delete: Undo brings the FAQ back, published", f"items: {knowledge(data_dir)}")


def instructions(data_dir):
    return query(data_dir, "SELECT kind, body, enabled FROM instructions ORDER BY priority DESC, id")


def add_instruction(app, text):
    add = require(wait_showing(app, "Add Instruction", pyatspi.ROLE_PUSH_BUTTON), "the Add Instruction button")
    editor = press_until(None, add, lambda: window_named(app, "New Instruction"), "open the instruction editor")
    body = require(wait_showing(editor, "Instruction", pyatspi.ROLE_TEXT), "the instruction's text view")
    type_into(body, text)
    save = require(find_showing(editor, "Save", pyatspi.ROLE_PUSH_BUTTON), "the instruction editor's Save button")
    require(wait_for(lambda: has_state(save, pyatspi.STATE_SENSITIVE), SETTLE_TIMEOUT), "a sensitive Save")
    click(save)


def test_instructions(tap, app, data_dir, output_dir):
    open_page(app, "Instructions")
    add_instruction(app, RULE_1)
    first = wait_for(lambda: instructions(data_dir) == [("always", RULE_1, 1)], SETTLE_TIMEOUT)
    tap.result(bool(first), "instructions: the new rule is stored, enabled", f"rules: {instructions(data_dir)}")
    add_instruction(app, RULE_2)
    both = wait_for(lambda: [row[1] for row in instructions(data_dir)] == [RULE_1, RULE_2], SETTLE_TIMEOUT)
    tap.result(bool(both), "instructions: a second rule goes below the first", f"rules: {instructions(data_dir)}")

    def movable():
        ups = [node for node in walk(app) if name_of(node) == "Move Up" and is_showing(node)
               and has_state(node, pyatspi.STATE_SENSITIVE)]
        return ups[0] if len(ups) == 1 else None
    click(require(wait_for(movable, SETTLE_TIMEOUT), "one sensitive Move Up button"))
    moved = wait_for(lambda: [row[1] for row in instructions(data_dir)] == [RULE_2, RULE_1], SETTLE_TIMEOUT)
    tap.result(bool(moved), "instructions: Move Up puts the second rule first in priority",
               f"rules: {instructions(data_dir)}")
    snap(tap, output_dir, "training-instructions.png")


IMPORT_CSV = ('question,answer\r\n'
              'Is there a swimming pool?,"Yes, a 25 m pool on the terrace, open 6:00-21:00."\r\n'
              'Do you allow short-term rentals?,"No, leases run for 11 months at least."\r\n'
              'Only one field\r\n')


def type_keys(text):
    for char in text:
        pyatspi.Registry.generateKeyboardEvent(ord(char), None, pyatspi.KEY_SYM)


def test_import(tap, app, data_dir, output_dir):
    path = os.path.join(os.path.dirname(data_dir), "faq-import.csv")
    with open(path, "w", newline="") as csv:
        csv.write(IMPORT_CSV)

    open_page(app, "Knowledge")
    button = require(wait_showing(app, "Import Documents…", pyatspi.ROLE_PUSH_BUTTON), "Import Documents…")
    dialog = press_until(None, button, lambda: window_named(app, "Import Documents"), "open the import dialog")
    choose = require(wait_showing(dialog, "Choose Files…", pyatspi.ROLE_PUSH_BUTTON), "Choose Files…")
    chooser = press_until(None, choose, lambda: window_named(app, "Choose Documents"), "open the file chooser")

    # Typing "/" opens the chooser's location entry; the rest of the path
    # goes in through the entry's text.
    time.sleep(1)
    type_keys("/")
    location = require(wait_for(lambda: next((node for node in walk(chooser)
                                               if role_of(node) == pyatspi.ROLE_TEXT and is_showing(node)
                                               and (text_of(node) or "").startswith("/")), None),
                                SETTLE_TIMEOUT), "the file chooser's location entry")
    type_into(location, path)
    # Its accept button is "_Add": GTK 4.8 names it "_Add Add".
    add = require(find_showing(chooser, "Add", pyatspi.ROLE_PUSH_BUTTON, contains=True),
                  "the file chooser's Add button")
    click(add)
    chosen = wait_for(lambda: find_showing(dialog, "faq-import.csv"), SETTLE_TIMEOUT)
    tap.result(chosen is not None, "import: the chosen CSV is listed in the import dialog")

    def publish_switch():
        for node in walk(dialog):
            if name_of(node).startswith("Publish at once") and is_showing(node):
                try:
                    action = node.queryAction()
                    if "toggle" in [action.getName(i) for i in range(action.nActions)]:
                        return node
                except Exception:
                    continue
        return None
    click(require(publish_switch(), "the Publish at once switch"))
    click(require(find_showing(dialog, "Import", pyatspi.ROLE_PUSH_BUTTON), "the Import button"))
    summary = wait_showing(dialog, "Added 2 items, skipped 1.", pyatspi.ROLE_LABEL)
    bad_row = find_showing(dialog, "faq-import.csv, line 4")
    reason = find_showing(dialog, "Expected 2 fields (question, answer), found 1", contains=True)
    tap.result(summary is not None and bad_row is not None and reason is not None,
               "import: the result says 2 added, 1 skipped, and names line 4 and why",
               f"labels: {[name_of(n) for n in walk(dialog) if role_of(n) == pyatspi.ROLE_LABEL]}")
    snap(tap, output_dir, "training-import.png")

    rows = query(data_dir, "SELECT title, published FROM knowledge_items WHERE category = 'faq' "
                           "AND title IN ('Is there a swimming pool?', 'Do you allow short-term rentals?') "
                           "ORDER BY id")
    tap.result(rows == [("Is there a swimming pool?", 1), ("Do you allow short-term rentals?", 1)],
               "import: both good rows are published FAQs in the database", f"rows: {rows}")
    click(require(find_showing(dialog, "Close", pyatspi.ROLE_PUSH_BUTTON), "the Close button"))


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

            for test in (test_add_faq, test_publish, test_chat, test_log, test_history, test_delete_undo,
                         test_instructions, test_import):
                try:
                    test(tap, app, data_dir, output_dir)
                except Abort as error:
                    tap.diagnostic(f"{test.__name__}: {error}")
                    tap.result(False, f"{test.__name__} could not go on")
                    snap(tap, output_dir, f"training-failed-{test.__name__}.png")
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
