#!/usr/bin/python3
# test_calendar.py — the Calendar, driven the way a screen reader user would
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test_calendar.py TERRA [OUTPUT_DIR]
#
# Runs under build-aux/with-desktop.sh (a private X server, session bus and
# accessibility bus). Starts the real terra binary on temporary workspaces
# and, only through the accessibility tree and real key events:
#
#   1. on the demo business (--demo, business time zone UTC): opens the
#      Calendar; the week shows every appointment of the week the database
#      holds, each a button named with its title, day, time and source;
#      Ctrl+1 and Ctrl+2 switch to the month and back; pressing free time
#      opens New Appointment with that time chosen;
#   2. books an appointment by hand: New Appointment, the first day with
#      free time, a free time, a new contact (name and phone), Book — the
#      bookings table holds it (source "manual", status "confirmed", the
#      start chosen) and the week shows it;
#   3. a time taken meanwhile (written straight into the database): Book
#      says so in a toast and nothing changes, not even the contacts;
#   4. opens the appointment from the week, reschedules it to another free
#      time — the start in the database moves — and cancels it with a
#      reason — status "cancelled", the reason stored, gone from the week;
#   5. the same calendar in the dark style, with imported busy times;
#   6. an empty workspace: "Set Up Your Calendar" leads to Opening Hours &
#      Appointments.
#
# Screenshots of the month and week, light and dark, go to OUTPUT_DIR.
# What the database holds is read here with plain SQL, independently of
# Terra. Output is TAP.

import contextlib
import datetime
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

import pyatspi

from terra_atspi import name_of, role_of, has_state, set_text

APPEAR_TIMEOUT = 60
SETTLE_TIMEOUT = 20

PLAN = 25

# X keycodes of the evdev keymap Xvfb loads by default.
KEYCODE_CONTROL_L = 37
KEYCODE_1 = 10
KEYCODE_2 = 11
KEYSYMS = {KEYCODE_1: 0x31, KEYCODE_2: 0x32}

# "16 – 22 Nov 2026", "30 Nov – 6 Dec 2026", "28 Dec 2026 – 3 Jan 2027"
WEEK_TITLE = re.compile(r"^\d{1,2}( \w{3}( \d{4})?)? – \d{1,2} \w{3} \d{4}$")
MONTH_TITLE = re.compile(r"^[A-Z][a-z]+ \d{4}$")
SLOT_NAME = re.compile(r"^(\d\d):(\d\d) – (\d\d):(\d\d)$")

CONTACT_NAME = "Meera Iyer-Testwala"
CONTACT_PHONE = "+91 98450 12345"
CANCEL_REASON = "Client asked to cancel by phone"


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
        # A node that went away between listing and reading.
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
    """predicate's first true value within timeout seconds, else None."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            return None
        time.sleep(0.25)


def find(root, name, role=None):
    """The node called name (GTK 4.8 marks no node "showing"; the window
    keeps what it does not show out of the tree, or hidden from it)."""
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
    """Presses a button the way a screen reader does: its click action."""
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == "click":
            return action.doAction(i)
    raise Abort(f"{name_of(node)!r} cannot be clicked")


def press_when_enabled(node):
    """Presses a button once it is sensitive: what enables it (a choice
    made just before) may still be on its way through the bus."""
    require(wait_for(lambda: has_state(node, pyatspi.STATE_SENSITIVE), 10), f"{name_of(node)} enabled")
    press(node)


def window_named(app, name):
    for window in children(app):
        if name_of(window) == name:
            return window
    return None


def window_with(app, name):
    """The top-level window that holds a node called name."""
    for window in children(app):
        if find(window, name) is not None:
            return window
    return None


def press_control(keycode):
    registry = pyatspi.Registry
    registry.generateKeyboardEvent(KEYCODE_CONTROL_L, None, pyatspi.KEY_PRESS)
    registry.generateKeyboardEvent(keycode, None, pyatspi.KEY_PRESSRELEASE)
    registry.generateKeyboardEvent(KEYCODE_CONTROL_L, None, pyatspi.KEY_RELEASE)


def press_control_by_keysym(keycode):
    registry = pyatspi.Registry
    registry.generateKeyboardEvent(pyatspi.MODIFIER_CONTROL, None, pyatspi.KEY_LOCKMODIFIERS)
    registry.generateKeyboardEvent(KEYSYMS[keycode], None, pyatspi.KEY_SYM)
    registry.generateKeyboardEvent(pyatspi.MODIFIER_CONTROL, None, pyatspi.KEY_UNLOCKMODIFIERS)


# The Calendar

def calendar_title(app):
    """The period shown: the label matching a week, month or day title."""
    for node in walk(app):
        if role_of(node) == pyatspi.ROLE_LABEL:
            name = name_of(node)
            if WEEK_TITLE.match(name) or MONTH_TITLE.match(name) or re.match(r"^\w+day, \d", name):
                return name
    return None


def booking_buttons(app):
    """{accessible name: node} of the appointments shown."""
    return {name_of(node): node
            for node in find_all(app, lambda n: role_of(n) == pyatspi.ROLE_PUSH_BUTTON and
                                 re.search(r", (AI scheduled|Manual)(, \w[\w-]*)?$", name_of(n)))}


def week_of(title):
    """The Monday of the week a week title names, as a date."""
    match = re.match(r"^(\d{1,2})( (\w{3})( (\d{4}))?)? – (\d{1,2}) (\w{3}) (\d{4})$", title)
    day, month, year = int(match.group(1)), match.group(3) or match.group(7), match.group(5) or match.group(8)
    first = datetime.datetime.strptime(f"{day} {month} {year}", "%d %b %Y").date()
    last = datetime.datetime.strptime(f"{match.group(6)} {match.group(7)} {match.group(8)}", "%d %b %Y").date()
    if first > last:  # "28 Dec – 3 Jan 2027" without the first year
        first = first.replace(year=first.year - 1)
    return first


def screenshot(path):
    if shutil.which("import") is None:
        return None
    result = subprocess.run(["import", "-window", "root", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return path if result.returncode == 0 else None


def save_screenshot(tap, path, what):
    # Let transitions and the toasts' slide finish before the picture.
    time.sleep(1.2)
    if screenshot(path) is None:
        tap.skip(f"{what}: screenshot", "ImageMagick's import is missing or failed")
    else:
        tap.result(os.path.getsize(path) > 0, f"{what}: screenshot saved to {path}")


# The database, read independently of Terra

def query(data_dir, sql, *args):
    uri = "file:" + os.path.join(data_dir, "terra.db") + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        return db.execute(sql, args).fetchall()


def us(moment):
    return int(moment.timestamp()) * 1_000_000


def week_titles(data_dir, monday):
    """The titles of the appointments of the week from monday (UTC) that
    the week shows: every one not cancelled."""
    start = datetime.datetime.combine(monday, datetime.time(), datetime.timezone.utc)
    rows = query(data_dir, "SELECT title FROM bookings WHERE start_utc >= ? AND start_utc < ? "
                           "AND status != 'cancelled'",
                 us(start), us(start + datetime.timedelta(days=7)))
    return sorted(row[0] for row in rows)


def booking_of(data_dir, contact):
    rows = query(data_dir, "SELECT b.id, b.start_utc, b.source, b.status, b.cancel_reason, c.phones, b.title "
                           "FROM bookings b JOIN contacts c ON c.id = b.contact_id "
                           "WHERE c.name = ? ORDER BY b.id", contact)
    return rows[-1] if rows else None


def add_conflict(data_dir, start_utc, end_utc):
    """Books a time behind Terra's back, as another connection would."""
    with contextlib.closing(sqlite3.connect(os.path.join(data_dir, "terra.db"))) as db:
        db.execute("PRAGMA busy_timeout = 5000")
        contact = db.execute("SELECT id FROM contacts ORDER BY id LIMIT 1").fetchone()[0]
        now = int(time.time() * 1_000_000)
        db.execute("INSERT INTO bookings (uid, contact_id, title, start_utc, end_utc, timezone, source, "
                   "status, created_at, updated_at) VALUES (?, ?, 'Taken meanwhile', ?, ?, 'UTC', "
                   "'assistant', 'confirmed', ?, ?)",
                   (f"ui-test-{now}@terra.test", contact, start_utc, end_utc, now, now))
        db.commit()


def add_busy_times(data_dir, monday):
    """Imported busy times in the week from monday, as a calendar import
    would write them: Tuesday 14:00–15:30 and Friday 11:00–12:00 (UTC)."""
    def at(days, hours, minutes=0):
        moment = datetime.datetime.combine(monday, datetime.time(hours, minutes), datetime.timezone.utc)
        return us(moment + datetime.timedelta(days=days))

    with contextlib.closing(sqlite3.connect(os.path.join(data_dir, "terra.db"))) as db:
        db.execute("PRAGMA busy_timeout = 5000")
        db.executemany("INSERT INTO busy_times (source, uid, summary, start_utc, end_utc) VALUES (?, ?, ?, ?, ?)",
                       [("ui-test.ics", "dentist", "Dentist", at(1, 14), at(1, 15, 30)),
                        ("ui-test.ics", "school", "School run", at(4, 11), at(4, 12))])
        db.commit()


# The application

class Terra:
    def __init__(self, binary, data_dir, *args, env=None):
        environment = dict(os.environ)
        # A critical warning is a bug: let it end the run where it happens.
        environment["G_DEBUG"] = "fatal-criticals"
        environment.update(env or {})
        self.process = subprocess.Popen([binary, "--data-dir", data_dir, "--port", "0", *args], env=environment)

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


def start(tap, binary, data_dir, what, *args, env=None):
    terra = Terra(binary, data_dir, *args, env=env)
    try:
        app = terra.application()
    except RuntimeError as error:
        app = None
        tap.diagnostic(error)
    tap.result(app is not None, f"{what}: the Terra window appears in the accessibility tree")
    return terra, app


DAY_NAME = re.compile(r"^\w+day, \d{1,2} \w+ \d{4}")


def open_calendar(app):
    """Shows the Calendar page and waits for its first period: its days'
    headers appear once the period is read (before, the toolbar exists
    but is not shown, and a button not shown cannot be pressed)."""
    press(require(wait_for(lambda: find(app, "Calendar", pyatspi.ROLE_PAGE_TAB)), "the Calendar page tab"))
    require(wait_for(lambda: find_all(app, lambda n: role_of(n) == pyatspi.ROLE_PUSH_BUTTON
                                      and DAY_NAME.match(name_of(n)))), "the days of the period")
    return require(wait_for(lambda: calendar_title(app)), "the period's title")


def switch_view(tap, app, keycode, pattern):
    """Presses Control+keycode; falls back to the keysym route."""
    press_control(keycode)
    title = wait_for(lambda: pattern.match(calendar_title(app) or "") and calendar_title(app), 5)
    if title is None:
        tap.diagnostic("the shortcut by keycode did nothing; trying by keysym")
        press_control_by_keysym(keycode)
        title = wait_for(lambda: pattern.match(calendar_title(app) or "") and calendar_title(app))
    return title


# The booking dialog

def free_times(dialog):
    return [node for node in walk(dialog) if SLOT_NAME.match(name_of(node))
            and role_of(node) in (pyatspi.ROLE_TOGGLE_BUTTON, pyatspi.ROLE_PUSH_BUTTON)]


def chosen_day(dialog):
    """The day the dialog shows, from its day button's name."""
    for node in walk(dialog):
        try:
            return datetime.datetime.strptime(name_of(node), "%A, %d %B %Y").date()
        except ValueError:
            continue
    raise Abort("the dialog names no day")


def show_a_free_day(dialog):
    """Makes the dialog show a day with free time; returns its free times."""
    if not free_times(dialog):
        press(require(find(dialog, "Go to the Next Free Day"), "Go to the Next Free Day"))
    return require(wait_for(lambda: free_times(dialog)), "free times in the dialog")


def slot_start(dialog, slot):
    hours, minutes = SLOT_NAME.match(name_of(slot)).group(1, 2)
    day = chosen_day(dialog)
    moment = datetime.datetime(day.year, day.month, day.day, int(hours), int(minutes),
                               tzinfo=datetime.timezone.utc)
    return us(moment)


def choose_slot(dialog, avoid=None):
    """Picks a free time (not avoid, a start in µs); returns its start."""
    for slot in show_a_free_day(dialog):
        start = slot_start(dialog, slot)
        if start != avoid:
            press(slot)
            return start
    raise Abort("no other free time to choose")


def open_booking(app, contact):
    """Presses the appointment of contact in the view; returns the card's
    Reschedule button. The view may be rebuilt under a first press (it
    follows every change), so the press is repeated until the card shows."""
    def card():
        button = wait_for(lambda: next((node for name, node in booking_buttons(app).items()
                                        if f"— {contact}," in name), None))
        if button is None:
            return None
        try:
            press(button)
        except Exception:
            return None
        return wait_for(lambda: find(app, "Reschedule…", pyatspi.ROLE_PUSH_BUTTON), 3)

    return require(wait_for(card), f"the details card of {contact}'s appointment")


# The tests

def test_week_and_month(tap, app, data_dir, output_dir):
    title = open_calendar(app)
    tap.result(WEEK_TITLE.match(title) is not None, f"the Calendar opens on a week: {title!r}")

    monday = week_of(title)
    expected = week_titles(data_dir, monday)
    shown = wait_for(lambda: sorted(name.split(", ")[0] for name in booking_buttons(app)) == expected
                     and booking_buttons(app) or (not expected and {"none": None}))
    tap.result(shown is not None,
               f"the week shows each of its {len(expected)} appointments as a named button",
               f"database: {expected}\nshown: {sorted(booking_buttons(app))}")
    if shown:
        tap.diagnostic("\n".join(sorted(booking_buttons(app))[:4]))

    # The next week has free time and appointments of both kinds.
    press(require(find(app, "Next", pyatspi.ROLE_PUSH_BUTTON), "Next"))
    title = wait_for(lambda: calendar_title(app) != title and calendar_title(app))
    free = wait_for(lambda: find_all(app, lambda n: name_of(n).startswith("Free time, ")))
    tap.result(title is not None and free, f"Next shows the next week, {title!r}, with its free time",
               f"title: {title}")
    save_screenshot(tap, os.path.join(output_dir, "calendar-week.png"), "week")

    month = switch_view(tap, app, KEYCODE_1, MONTH_TITLE)
    tap.result(month is not None, f"Ctrl+1 shows the month: {month!r}")
    save_screenshot(tap, os.path.join(output_dir, "calendar-month.png"), "month")

    week = switch_view(tap, app, KEYCODE_2, WEEK_TITLE)
    tap.result(week is not None, f"Ctrl+2 shows the week again: {week!r}")

    # Free time is a button: pressing it books there.
    free = require(wait_for(lambda: find_all(app, lambda n: role_of(n) == pyatspi.ROLE_PUSH_BUTTON
                                             and name_of(n).startswith("Free time, "))), "free time")[0]
    first = re.search(r"(\d\d:\d\d) – ", name_of(free)).group(1)
    press(free)
    dialog = require(wait_for(lambda: window_named(app, "New Appointment")), "the New Appointment dialog")
    chosen = wait_for(lambda: [name_of(n) for n in free_times(dialog) if has_state(n, pyatspi.STATE_PRESSED)
                               or has_state(n, pyatspi.STATE_CHECKED)])
    tap.result(chosen is not None and chosen[0].startswith(first),
               f"pressing free time ({name_of(free)!r}) opens New Appointment with {first} chosen",
               f"chosen: {chosen}")
    press(require(find(dialog, "Cancel", pyatspi.ROLE_PUSH_BUTTON), "Cancel"))
    wait_for(lambda: window_named(app, "New Appointment") is None)


def book_by_hand(tap, app, data_dir):
    press(require(find(app, "New Appointment", pyatspi.ROLE_PUSH_BUTTON), "New Appointment"))
    dialog = require(wait_for(lambda: window_named(app, "New Appointment")), "the New Appointment dialog")

    start = choose_slot(dialog)
    press(require(find(dialog, "New", pyatspi.ROLE_PUSH_BUTTON), "the New contact toggle"))
    set_text(require(wait_for(lambda: find(dialog, "Name", pyatspi.ROLE_TEXT)), "Name"), CONTACT_NAME)
    set_text(require(find(dialog, "Phone", pyatspi.ROLE_TEXT), "Phone"), CONTACT_PHONE)
    set_text(require(find(dialog, "Notes (optional)", pyatspi.ROLE_TEXT), "Notes"), "Booked by the UI test")
    press_when_enabled(require(find(dialog, "Book", pyatspi.ROLE_PUSH_BUTTON), "Book"))

    row = wait_for(lambda: booking_of(data_dir, CONTACT_NAME))
    tap.result(row is not None and row[1] == start and row[2] == "manual" and row[3] == "confirmed"
               and CONTACT_PHONE in row[5],
               "Book writes a confirmed manual appointment at the time chosen, for the new contact",
               f"row: {row}, expected start {start}")
    tap.result(wait_for(lambda: window_named(app, "New Appointment") is None) is not None,
               "the dialog closes")
    return start


def book_taken_time(tap, app, data_dir):
    """A time taken between listing it and booking it: a toast, no change."""
    press(require(find(app, "New Appointment", pyatspi.ROLE_PUSH_BUTTON), "New Appointment"))
    dialog = require(wait_for(lambda: window_named(app, "New Appointment")), "the New Appointment dialog")
    start = choose_slot(dialog)
    add_conflict(data_dir, start, start + 30 * 60 * 1_000_000)
    bookings = query(data_dir, "SELECT count(*) FROM bookings")[0][0]
    contacts = query(data_dir, "SELECT count(*) FROM contacts")[0][0]

    press(require(find(dialog, "New", pyatspi.ROLE_PUSH_BUTTON), "the New contact toggle"))
    set_text(require(wait_for(lambda: find(dialog, "Name", pyatspi.ROLE_TEXT)), "Name"), "Late Lead")
    press_when_enabled(require(find(dialog, "Book", pyatspi.ROLE_PUSH_BUTTON), "Book"))

    toast = wait_for(lambda: find(dialog, "That time is no longer free"))
    tap.result(toast is not None and query(data_dir, "SELECT count(*) FROM bookings")[0][0] == bookings
               and query(data_dir, "SELECT count(*) FROM contacts")[0][0] == contacts
               and window_named(app, "New Appointment") is not None,
               "a time taken meanwhile: a toast says so, the dialog stays, nothing is written",
               f"toast: {toast}")
    press(require(find(dialog, "Cancel", pyatspi.ROLE_PUSH_BUTTON), "Cancel"))
    wait_for(lambda: window_named(app, "New Appointment") is None)


def reschedule(tap, app, data_dir, old_start):
    button = open_booking(app, CONTACT_NAME)
    tap.result(find(app, CONTACT_NAME, pyatspi.ROLE_LABEL) is not None
               and find(app, CONTACT_PHONE, pyatspi.ROLE_LABEL) is not None,
               "pressing the appointment in the week opens its card, with the contact's name and phone")
    press(button)
    dialog = require(wait_for(lambda: window_named(app, "Reschedule Appointment")),
                     "the Reschedule Appointment dialog")
    new_start = choose_slot(dialog, avoid=old_start)
    press_when_enabled(require(find(dialog, "Reschedule", pyatspi.ROLE_PUSH_BUTTON), "Reschedule"))

    row = wait_for(lambda: (lambda r: r if r and r[1] == new_start else None)(booking_of(data_dir, CONTACT_NAME)))
    tap.result(row is not None and row[3] == "confirmed",
               "Reschedule moves the appointment to the new time in the database",
               f"row: {booking_of(data_dir, CONTACT_NAME)}, expected start {new_start}")


def cancel(tap, app, data_dir):
    open_booking(app, CONTACT_NAME)
    press(require(find(app, "Cancel Appointment…", pyatspi.ROLE_PUSH_BUTTON), "Cancel Appointment…"))
    dialog = require(wait_for(lambda: window_with(app, "Cancel Appointment?")), "the confirmation")
    set_text(require(wait_for(lambda: find(dialog, "Reason (optional)", pyatspi.ROLE_TEXT)), "the reason"),
             CANCEL_REASON)
    # AdwMessageDialog keeps its responses twice, side by side and stacked,
    # and shows one of the two; GTK 4.8 names them "label label".
    responses = require(find_all(dialog, lambda n: role_of(n) == pyatspi.ROLE_PUSH_BUTTON
                                 and name_of(n).startswith("Cancel Appointment")),
                        "the Cancel Appointment response")

    def cancelled():
        row = booking_of(data_dir, CONTACT_NAME)
        return row if row and row[3] == "cancelled" else None

    row = None
    for response in responses:
        try:
            press(response)
        except Exception:
            continue
        row = wait_for(cancelled, 5)
        if row is not None:
            break
    tap.result(row is not None and row[4] == CANCEL_REASON,
               "Cancel Appointment cancels it in the database with the reason given",
               f"row: {booking_of(data_dir, CONTACT_NAME)}")
    gone = wait_for(lambda: not any(f"— {CONTACT_NAME}," in name for name in booking_buttons(app)))
    tap.result(gone is not None, "the cancelled appointment leaves the week")


def test_demo(tap, binary, output_dir, scratch):
    data_dir = os.path.join(scratch, "demo")
    terra, app = start(tap, binary, data_dir, "demo", "--demo", "--set", "business.timezone=UTC")
    try:
        if app is None:
            raise Abort("no window")
        test_week_and_month(tap, app, data_dir, output_dir)

        start_utc = book_by_hand(tap, app, data_dir)
        shown = wait_for(lambda: any(f"— {CONTACT_NAME}," in name and name.endswith("Manual")
                                     for name in booking_buttons(app)))
        tap.result(shown is not None, "the week shows the new appointment, marked Manual",
                   f"shown: {sorted(booking_buttons(app))}")
        save_screenshot(tap, os.path.join(output_dir, "calendar-booked.png"), "after booking")

        book_taken_time(tap, app, data_dir)
        reschedule(tap, app, data_dir, start_utc)
        cancel(tap, app, data_dir)
    except Abort as error:
        tap.diagnostic(error)
        screenshot(os.path.join(output_dir, "calendar-failure.png"))
        tap.fail_until(18, str(error))
    finally:
        terra.stop()


def test_dark(tap, binary, output_dir, scratch):
    data_dir = os.path.join(scratch, "dark")
    terra, app = start(tap, binary, data_dir, "dark", "--demo", "--set", "business.timezone=UTC",
                       env={"ADW_DEBUG_COLOR_SCHEME": "prefer-dark"})
    try:
        if app is None:
            raise Abort("no window")
        title = open_calendar(app)
        next_monday = week_of(title) + datetime.timedelta(days=7)
        add_busy_times(data_dir, next_monday)
        press(require(find(app, "Next", pyatspi.ROLE_PUSH_BUTTON), "Next"))
        busy = wait_for(lambda: find_all(app, lambda n: name_of(n).startswith("Busy elsewhere: ")))
        tap.result(busy is not None and sorted(name_of(n) for n in busy) ==
                   ["Busy elsewhere: Dentist, 14:00 – 15:30", "Busy elsewhere: School run, 11:00 – 12:00"],
                   "imported busy times show in the week, named for a screen reader",
                   f"busy: {[name_of(n) for n in busy or []]}")
        save_screenshot(tap, os.path.join(output_dir, "calendar-week-dark.png"), "dark week")
        press(require(find(app, "Month", pyatspi.ROLE_PUSH_BUTTON), "Month"))
        wait_for(lambda: MONTH_TITLE.match(calendar_title(app) or ""))
        save_screenshot(tap, os.path.join(output_dir, "calendar-month-dark.png"), "dark month")
    except Abort as error:
        tap.diagnostic(error)
        tap.fail_until(22, str(error))
    finally:
        terra.stop()


def test_empty(tap, binary, scratch):
    data_dir = os.path.join(scratch, "empty")
    terra, app = start(tap, binary, data_dir, "empty")
    try:
        if app is None:
            raise Abort("no window")
        press(require(wait_for(lambda: find(app, "Calendar", pyatspi.ROLE_PAGE_TAB)), "the Calendar page tab"))
        title = wait_for(lambda: find(app, "Set Up Your Calendar"))
        button = wait_for(lambda: find(app, "Opening Hours & Types…", pyatspi.ROLE_PUSH_BUTTON))
        tap.result(title is not None and button is not None and not booking_buttons(app),
                   "a workspace without appointment types shows Set Up Your Calendar")

        def opened():
            # A press while the empty state is still fading in may not take.
            press(require(find(app, "Opening Hours & Types…", pyatspi.ROLE_PUSH_BUTTON), "the button"))
            return wait_for(lambda: window_named(app, "Opening Hours & Appointments"), 5)

        opened = wait_for(opened)
        tap.result(opened is not None, "its button opens Opening Hours & Appointments",
                   f"windows: {[name_of(w) for w in children(app)]}")
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
        test_dark(tap, binary, output_dir, scratch)
        test_empty(tap, binary, scratch)

    if tap.number != PLAN:
        tap.diagnostic(f"planned {PLAN} results, gave {tap.number}")
        return 1
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
