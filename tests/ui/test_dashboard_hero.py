#!/usr/bin/python3
# test_dashboard_hero.py — the Dashboard's hero, metric cards and switch
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test_dashboard_hero.py TERRA [OUTPUT_DIR]
#
# Runs under build-aux/with-desktop.sh and drives the real window of a demo
# workspace through AT-SPI, as a screen reader would:
#
#   1. the four metric cards (last 30 days and their change against the
#      30 days before) are named "<metric>: <value>, <change>", and those
#      equal what plain SQL over the database gives;
#   2. "Chat with Terra" opens the dialog; a message typed there gets a
#      reply from the real engine, stored in the database and shown in the
#      dialog;
#   3. the Enable/Disable switch asks first (the dialog says what leads
#      will get); confirming stores assistant.enabled = false and the
#      status says "Paused";
#   4. with --set=assistant.working_hours_only=true, the status says
#      "Outside working hours" exactly when the opening hours in the
#      database (in the business time zone, special dates first) are
#      closed now, and the hours line lists the hours.
#
# Output is TAP. Screenshots go to OUTPUT_DIR.

import os
import sys
import tempfile
import time

import test_dashboard as td

pyatspi = td.pyatspi

DAY_US = 24 * 3600 * 1_000_000
PERIOD_DAYS = 30
METRICS = ("Total conversations", "Qualification rate", "Appointments scheduled", "Conversion rate")
REPLY_TIMEOUT = 60
QUESTION = "Hello, what are your opening hours?"


class Abort(Exception):
    pass


def query(data_dir, sql, *args):
    uri = "file:" + os.path.join(data_dir, "terra.db") + "?mode=ro"
    with td.contextlib.closing(td.sqlite3.connect(uri, uri=True)) as db:
        return db.execute(sql, args).fetchall()


def role_of(node):
    try:
        return node.getRole()
    except Exception:
        return None


def find(root, name, role=None, contains=False):
    for node in td.walk(root):
        node_name = td.name_of(node)
        if (name in node_name if contains else node_name == name) and (role is None or role_of(node) == role):
            return node
    return None


def require(node, what):
    if node is None:
        raise Abort(f"not found: {what}")
    return node


def click(node):
    action = node.queryAction()
    names = [action.getName(i) for i in range(action.nActions)]
    for wanted in ("click", "activate", "press", "toggle"):
        if wanted in names:
            return action.doAction(names.index(wanted))
    raise Abort(f"{td.name_of(node)!r} has no click action; it has {names}")


def window_named(app, title):
    for window in td.children(app):
        if td.name_of(window) == title:
            return window
    return None


# The metric cards, computed here from the database

def change(now, before, is_rate):
    if is_rate:
        return f"{now - before:+.0f} pts vs previous {PERIOD_DAYS} days"
    if before <= 0:
        return (f"new vs previous {PERIOD_DAYS} days" if now > 0
                else f"no change vs previous {PERIOD_DAYS} days")
    return f"{(now - before) * 100.0 / before:+.0f} % vs previous {PERIOD_DAYS} days"


def rate(part, whole):
    return part * 100.0 / whole if whole > 0 else 0.0


def expected_metrics(data_dir):
    now = int(time.time() * 1_000_000)
    since = now - PERIOD_DAYS * DAY_US
    since_before = now - 2 * PERIOD_DAYS * DAY_US

    def count(sql, start, end):
        return query(data_dir, sql + " AND created_at >= ? AND created_at < ?", start, end)[0][0]

    def both(sql):
        return count(sql, since, now + DAY_US), count(sql, since_before, since)

    started, started_before = both("SELECT count(*) FROM conversations WHERE 1")
    booked, booked_before = both("SELECT count(*) FROM bookings WHERE 1")
    cancelled, cancelled_before = both("SELECT count(*) FROM bookings WHERE status = 'cancelled'")
    q = "SELECT count(*) FROM contacts WHERE qualified_at >= ? AND qualified_at < ?"
    qualified = query(data_dir, q, since, now + DAY_US)[0][0]
    qualified_before = query(data_dir, q, since_before, since)[0][0]

    figures = {
        "Total conversations": (started, started_before, False),
        "Qualification rate": (rate(qualified, started), rate(qualified_before, started_before), True),
        "Appointments scheduled": (booked, booked_before, False),
        "Conversion rate": (rate(booked - cancelled, started),
                            rate(booked_before - cancelled_before, started_before), True),
    }
    names = {}
    for title, (value, before, is_rate) in figures.items():
        shown = f"{value:.0f} %" if is_rate else f"{value:.0f}"
        names[title] = f"{title}: {shown}, {change(value, before, is_rate)}"
    return names


def shown_metrics(app):
    found = {}
    for node in td.walk(app):
        name = td.name_of(node)
        for title in METRICS:
            if name.startswith(title + ": "):
                found[title] = name
    return found


def metrics_match(app, data_dir):
    shown = shown_metrics(app)
    return shown if shown == expected_metrics(data_dir) else None


def setting(data_dir, key):
    rows = query(data_dir, "SELECT value FROM settings WHERE key = ?", key)
    return td.json.loads(rows[0][0]) if rows else None


def chat_replies(data_dir, after_id):
    return query(data_dir,
                 "SELECT m.id, m.body FROM messages m JOIN conversations c ON c.id = m.conversation_id"
                 " WHERE c.channel = 'api' AND m.direction = 'outbound' AND m.id > ? ORDER BY m.id",
                 after_id)


def snap(tap, output_dir, name):
    time.sleep(1)
    path = td.screenshot(os.path.join(output_dir, name))
    if path is None:
        tap.skip(f"screenshot {name}", "ImageMagick's import is missing or failed")
    else:
        tap.result(os.path.getsize(path) > 0, f"screenshot saved to {path}")


def test_metrics(tap, app, data_dir):
    shown = td.wait_for(lambda: metrics_match(app, data_dir), td.SETTLE_TIMEOUT)
    tap.result(shown is not None, "metrics: the four cards are named with their value and change, as in the database",
               None if shown else f"shown: {shown_metrics(app)}\ndatabase: {expected_metrics(data_dir)}")
    if shown:
        tap.diagnostic("; ".join(shown.values()))


def test_chat(tap, app, data_dir, output_dir):
    last = query(data_dir, "SELECT coalesce(max(id), 0) FROM messages")[0][0]
    button = require(td.wait_for(lambda: find(app, "Chat with Terra", pyatspi.ROLE_PUSH_BUTTON), td.SETTLE_TIMEOUT),
                     "the Chat with Terra button")
    click(button)
    dialog = td.wait_for(lambda: window_named(app, "Chat with Terra"), td.SETTLE_TIMEOUT)
    tap.result(dialog is not None, "chat: Chat with Terra opens its dialog")
    require(dialog, "the Chat with Terra dialog")

    entry = require(td.wait_for(lambda: find(dialog, "Message to Terra", pyatspi.ROLE_TEXT), td.SETTLE_TIMEOUT),
                    "the dialog's message entry")
    entry.queryEditableText().setTextContents(QUESTION)
    send = require(find(dialog, "Send", pyatspi.ROLE_PUSH_BUTTON), "the dialog's Send button")
    require(td.wait_for(lambda: send.getState().contains(pyatspi.STATE_SENSITIVE), td.SETTLE_TIMEOUT),
            "a sensitive Send button")
    click(send)

    replies = td.wait_for(lambda: chat_replies(data_dir, last), REPLY_TIMEOUT)
    tap.result(bool(replies), "chat: the engine's reply is stored in the test conversation",
               f"messages after {last}: {replies}")
    if not replies:
        raise Abort("no reply")
    body = replies[-1][1]
    head = body.strip().splitlines()[0][:40]
    shown = td.wait_for(lambda: find(dialog, head, contains=True), td.SETTLE_TIMEOUT)
    tap.result(shown is not None, "chat: the reply's text appears in the dialog", f"reply: {body!r}")
    snap(tap, output_dir, "dashboard-chat.png")

    close = find(dialog, "Close", pyatspi.ROLE_PUSH_BUTTON)
    if close is not None:
        click(close)
    td.wait_for(lambda: window_named(app, "Chat with Terra") is None, td.SETTLE_TIMEOUT)


def pause_buttons(app):
    # GTK 4.8 names a button with a mnemonic "_Pause Pause".
    return [node for node in td.walk(app)
            if role_of(node) == pyatspi.ROLE_PUSH_BUTTON and td.name_of(node) in ("Pause", "_Pause Pause")]


def test_switch(tap, app, data_dir, output_dir):
    away = setting(data_dir, "assistant.away_message") or ""
    switch = require(td.wait_for(lambda: find(app, "Assistant enabled"), td.SETTLE_TIMEOUT), "the switch")
    click(switch)

    pause = td.wait_for(lambda: pause_buttons(app), td.SETTLE_TIMEOUT)
    body = find(app, "Leads will get", contains=True)
    says = td.name_of(body) if body is not None else ""
    expected = away if away else "no answer"
    tap.result(pause is not None and expected in says,
               "switch: a confirmation asks first and says what leads will get",
               f"dialog text: {says!r}, expected to mention {expected!r}")
    tap.result(setting(data_dir, "assistant.enabled") in (None, True),
               "switch: nothing changes before the owner confirms")
    snap(tap, output_dir, "dashboard-pause.png")
    require(pause, "the Pause button")

    # AdwMessageDialog builds its buttons twice (wide and narrow layouts);
    # only the one shown answers a click.
    def pressed():
        for button in pause_buttons(app):
            try:
                click(button)
            except Exception:
                continue
            if td.wait_for(lambda: setting(data_dir, "assistant.enabled") is False, 2):
                return True
        return setting(data_dir, "assistant.enabled") is False
    stored = td.wait_for(pressed, td.SETTLE_TIMEOUT)
    tap.result(bool(stored), "switch: confirming stores assistant.enabled = false",
               f"assistant.enabled: {setting(data_dir, 'assistant.enabled')!r}")
    status = td.wait_for(lambda: find(app, "Paused", pyatspi.ROLE_LABEL, contains=True), td.SETTLE_TIMEOUT)
    tap.result(status is not None and td.name_of(status).startswith("Paused"),
               "switch: the hero's status says Paused")


def open_now(data_dir):
    zone = None
    rows = query(data_dir, "SELECT value FROM settings WHERE key = 'business.timezone'")
    name = td.json.loads(rows[0][0]) if rows else ""
    if name:
        from zoneinfo import ZoneInfo
        zone = ZoneInfo(name)
    now = td.datetime.datetime.now(zone) if zone else td.datetime.datetime.now()
    minute = now.hour * 60 + now.minute
    overrides = query(data_dir, "SELECT closed, start_minute, end_minute FROM availability_overrides WHERE date = ?",
                      now.strftime("%Y-%m-%d"))
    if overrides:
        return any(not closed and start <= minute < end for closed, start, end in overrides)
    return bool(query(data_dir, "SELECT 1 FROM availability_ranges WHERE weekday = ?"
                      " AND start_minute <= ? AND ? < end_minute", now.isoweekday(), minute, minute))


def test_hours(tap, binary, scratch):
    data_dir = os.path.join(scratch, "hours")
    terra = td.Terra(binary, data_dir, "--demo", "--set=assistant.working_hours_only=true")
    try:
        app = terra.application()
        hours = td.wait_for(lambda: find(app, "Answers during opening hours", pyatspi.ROLE_LABEL, contains=True),
                            td.SETTLE_TIMEOUT)
        tap.result(hours is not None, "hours: the hero lists the opening hours instead of Online 24/7",
                   f"hours: {td.name_of(hours) if hours else None}")
        is_open = open_now(data_dir)
        outside = td.wait_for(lambda: find(app, "Outside working hours", pyatspi.ROLE_LABEL, contains=True),
                              3 if is_open else td.SETTLE_TIMEOUT)
        tap.result((outside is None) == is_open,
                   f"hours: the status says outside working hours exactly when the database says closed "
                   f"(open now: {is_open})")
    finally:
        terra.stop()


def main():
    if len(sys.argv) < 2:
        print(f"usage: {sys.argv[0]} TERRA [OUTPUT_DIR]", file=sys.stderr)
        return 2
    binary = os.path.abspath(sys.argv[1])
    output_dir = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.getcwd())
    os.makedirs(output_dir, exist_ok=True)

    tap = td.Tap(12)
    with tempfile.TemporaryDirectory(prefix="terra-ui-test.") as scratch:
        data_dir = os.path.join(scratch, "demo")
        terra = td.Terra(binary, data_dir, "--demo")
        try:
            app = terra.application()
            test_metrics(tap, app, data_dir)
            test_chat(tap, app, data_dir, output_dir)
            test_switch(tap, app, data_dir, output_dir)
        except (Abort, RuntimeError) as error:
            tap.diagnostic(f"aborted: {error}")
            while tap.number < 10:
                tap.result(False, "skipped after the abort")
        finally:
            terra.stop()
        try:
            test_hours(tap, binary, scratch)
        except (Abort, RuntimeError) as error:
            tap.diagnostic(f"aborted: {error}")
            while tap.number < 12:
                tap.result(False, "skipped after the abort")
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
