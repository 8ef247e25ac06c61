#!/usr/bin/python3
# test_insights.py — the Insights view, read the way a screen reader reads it
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Usage: test_insights.py TERRA [OUTPUT_DIR]
#
# Runs under build-aux/with-desktop.sh (a private X server, session bus and
# accessibility bus). Starts the real terra binary and reads its window
# through AT-SPI (python3-pyatspi):
#
#   1. a demo workspace (--demo): the Insights page tab opens the view; the
#      charts' accessible descriptions (quality, leads by temperature, the
#      funnel, handoffs by reason, intents) hold the numbers that plain SQL
#      here computes for the last 30 days, then for the last 7, for today
#      and for a custom range of 14 days after pressing those period
#      buttons (and the range's "Show"); screenshots in light and
#      dark mode are saved to OUTPUT_DIR/insights.png and insights-dark.png;
#   2. an empty workspace: the view shows its empty state, and no chart.
#
# Output is TAP.

import contextlib
import datetime
import json
import os
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
    print("1..0 # SKIP pyatspi is not installed (Debian package: python3-pyatspi)")
    sys.exit(0)

from terra_atspi import name_of

APPEAR_TIMEOUT = 60
SETTLE_TIMEOUT = 30
US = 1_000_000


class Tap:
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
        return []


def walk(node, depth=0):
    if node is None or depth > 80:
        return
    yield node
    for child in children(node):
        yield from walk(child, depth + 1)


def description_of(node):
    try:
        return node.description or ""
    except Exception:
        return ""


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


def find_node(app, name, role=None):
    for node in walk(app):
        if name_of(node) == name and (role is None or node.getRole() == role):
            return node
    return None


def press(node):
    action = node.queryAction()
    for i in range(action.nActions):
        if action.getName(i) == "click":
            return action.doAction(i)
    raise RuntimeError(f"{name_of(node)!r} cannot be clicked")


CHARTS = ("Conversation Quality", "What Leads Want", "Leads by Temperature",
          "From Conversation to Appointment", "Handoffs by Reason")


def read_charts(app):
    """{chart name: accessible description} of the charts shown."""
    found = {}
    for node in walk(app):
        name = name_of(node)
        if name in CHARTS:
            try:
                if node.getRole() != pyatspi.ROLE_IMAGE:
                    continue
            except Exception:
                continue
            found[name] = description_of(node)
    return found


# The database, read independently of Terra

def business_zone(db):
    row = db.execute("SELECT value FROM settings WHERE key = 'business.timezone'").fetchone()
    name = json.loads(row[0]) if row else ""
    from zoneinfo import ZoneInfo
    if name:
        try:
            return ZoneInfo(name)
        except Exception:
            pass
    return datetime.datetime.now().astimezone().tzinfo


def period(zone, days):
    """[from, to) in µs: from the midnight days - 1 days before today's."""
    now = datetime.datetime.now(zone)
    first = datetime.datetime(now.year, now.month, now.day, tzinfo=zone) - datetime.timedelta(days=days - 1)
    # Wall-clock arithmetic, then the offset in force on that day.
    first = datetime.datetime(first.year, first.month, first.day, tzinfo=zone)
    return int(first.timestamp()) * US, int(time.time() * US) + 1


def expected_descriptions(data_dir, days):
    uri = "file:" + os.path.join(data_dir, "terra.db") + "?mode=ro"
    with contextlib.closing(sqlite3.connect(uri, uri=True)) as db:
        start, end = period(business_zone(db), days)

        def rows(sql):
            return db.execute(sql, (start, end)).fetchall()

        sentiments = dict(rows("SELECT sentiment, count(*) FROM analyses"
                               " WHERE created_at >= ? AND created_at < ? GROUP BY 1"))
        grades = dict(rows("SELECT grade, count(*) FROM feedback"
                           " WHERE created_at >= ? AND created_at < ? GROUP BY 1"))
        analysed = sum(sentiments.values())
        positive, neutral, negative = (sentiments.get(k, 0) for k in ("positive", "neutral", "negative"))
        good, bad = grades.get("good", 0), grades.get("bad", 0)
        parts = []
        if analysed:
            parts.append((positive + 0.5 * neutral) / analysed)
        if good + bad:
            parts.append(good / (good + bad))
        if parts:
            quality = int(100 * sum(parts) / len(parts) + 0.5)
            quality_text = (f"Quality {quality} of 100: {analysed} messages analysed ({positive} positive, "
                            f"{neutral} neutral, {negative} negative); {good} good and {bad} bad grades")
        else:
            quality_text = "Quality: no analysed messages or grades in this period"

        temperatures = dict(rows("SELECT k.temperature, count(DISTINCT k.id) FROM conversations c"
                                 " JOIN contacts k ON k.id = c.contact_id"
                                 " WHERE c.created_at >= ? AND c.created_at < ? GROUP BY 1"))
        leads_text = (f"Leads by temperature: hot {temperatures.get('hot', 0)}, warm {temperatures.get('warm', 0)}, "
                      f"cold {temperatures.get('cold', 0)}. Qualification accuracy: no corrections yet")

        funnel = [0, 0, 0, 0]
        for contact, created, qualified in rows(
                "SELECT c.contact_id, c.created_at, k.qualified_at IS NOT NULL FROM conversations c"
                " JOIN contacts k ON k.id = c.contact_id WHERE c.created_at >= ? AND c.created_at < ?"):
            funnel[0] += 1
            if not qualified:
                continue
            funnel[1] += 1
            statuses = [s for (s,) in db.execute("SELECT status FROM bookings WHERE contact_id = ?"
                                                 " AND created_at >= ?", (contact, created))]
            if statuses:
                funnel[2] += 1
            if "completed" in statuses:
                funnel[3] += 1
        funnel_text = (f"Funnel: conversations {funnel[0]}, qualified {funnel[1]}, "
                       f"booked {funnel[2]}, completed {funnel[3]}")

        reasons = rows("SELECT coalesce (json_extract (payload, '$.reason'), ''), count(*) FROM events"
                       " WHERE kind = 'handoff.requested' AND created_at >= ? AND created_at < ?"
                       " GROUP BY 1 ORDER BY 2 DESC, 1")
        handoffs_text = "Handoffs by reason: " + ("; ".join(f"{r or 'unspecified'}: {n}" for r, n in reasons)
                                                  or "none in this period")

        intents = rows("SELECT intent, count(*) FROM analyses WHERE created_at >= ? AND created_at < ?"
                       " GROUP BY 1 ORDER BY 2 DESC, 1")
        intents_text = "Intents: " + ("; ".join(f"{i}: {n}" for i, n in intents) or "none in this period")

        return {
            "Conversation Quality": quality_text,
            "Leads by Temperature": leads_text,
            "From Conversation to Appointment": funnel_text,
            "Handoffs by Reason": handoffs_text,
            "What Leads Want": intents_text,
        }


def charts_match(app, data_dir, days):
    shown = read_charts(app)
    expected = expected_descriptions(data_dir, days)
    return shown if shown == expected else None


def mismatch(app, data_dir, days):
    shown = read_charts(app)
    expected = expected_descriptions(data_dir, days)
    return "\n".join(f"{k}:\n  shown:    {shown.get(k)}\n  database: {v}"
                     for k, v in expected.items() if shown.get(k) != v) or f"shown: {shown}"


class Terra:
    def __init__(self, binary, data_dir, *args, env_extra=None):
        env = dict(os.environ)
        env.update(env_extra or {})
        self.process = subprocess.Popen([binary, "--data-dir", data_dir, *args], env=env)

    def application(self, timeout=APPEAR_TIMEOUT):
        def appeared():
            if self.process.poll() is not None:
                print(f"# terra exited with status {self.process.returncode}", flush=True)
                return None
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


def screenshot(path):
    if shutil.which("import") is None:
        return None
    result = subprocess.run(["import", "-window", "root", path],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    return path if result.returncode == 0 else None


def open_insights(app):
    tab = wait_for(lambda: find_node(app, "Insights", pyatspi.ROLE_PAGE_TAB), SETTLE_TIMEOUT)
    if tab is None:
        return False
    press(tab)
    return True


def find_period_button(app, label):
    """The period button labelled label (other views have a "Today" too)."""
    for group in walk(app):
        if name_of(group) == "Period":
            for node in children(group):
                if name_of(node) == label:
                    return node
    return None


PERIODS = ((30, None), (7, "7 Days"), (1, "Today"))


def test_demo(tap, binary, output_dir, scratch):
    data_dir = os.path.join(scratch, "demo")
    terra = Terra(binary, data_dir, "--demo")
    try:
        app = terra.application()
        if not tap.result(app is not None and open_insights(app), "demo: the Insights page tab opens the view"):
            for _ in range(len(PERIODS) + 2):
                tap.result(False, "demo: skipped, no view")
            return

        for days, button in PERIODS:
            if button is not None:
                node = wait_for(lambda: find_period_button(app, button), SETTLE_TIMEOUT)
                if node is None:
                    tap.result(False, f"demo: the period button {button!r} exists")
                    continue
                press(node)
            shown = wait_for(lambda: charts_match(app, data_dir, days), SETTLE_TIMEOUT)
            tap.result(shown is not None,
                       f"demo: {days} day(s): the charts' accessible values are the database's numbers",
                       None if shown else mismatch(app, data_dir, days))
            if shown:
                tap.diagnostic("\n".join(shown.values()))

        # Custom: the range starts as the last 14 days; "Show" applies it.
        custom = find_period_button(app, "Custom")
        shown = None
        if custom is not None:
            press(custom)
            show = wait_for(lambda: find_node(app, "Show", pyatspi.ROLE_PUSH_BUTTON), SETTLE_TIMEOUT)
            if show is not None:
                press(show)
                shown = wait_for(lambda: charts_match(app, data_dir, 14), SETTLE_TIMEOUT)
        tap.result(shown is not None, "demo: a custom range of 14 days: the charts' values are the database's",
                   None if shown else mismatch(app, data_dir, 14))

        # Back to 30 days, the fullest, for the picture.
        press(find_period_button(app, "30 Days"))
        wait_for(lambda: charts_match(app, data_dir, 30), SETTLE_TIMEOUT)
        time.sleep(1.5)
        path = screenshot(os.path.join(output_dir, "insights.png"))
        if path is None:
            tap.skip("demo: screenshot", "ImageMagick's import is missing or failed")
        else:
            tap.result(os.path.getsize(path) > 0, f"demo: screenshot saved to {path}")

        # The lower charts: moving the focus to the last chart with the
        # keyboard scrolls the view to it (GTK 4.8 has no AT-SPI GrabFocus).
        for _ in range(40):
            pyatspi.Registry.generateKeyboardEvent(0xff09, None, pyatspi.KEY_SYM)
            time.sleep(0.05)
        time.sleep(1)
        screenshot(os.path.join(output_dir, "insights-lower.png"))
    finally:
        terra.stop()


def test_dark(tap, binary, output_dir, scratch):
    data_dir = os.path.join(scratch, "demo")
    terra = Terra(binary, data_dir, env_extra={"ADW_DEBUG_COLOR_SCHEME": "prefer-dark"})
    try:
        app = terra.application()
        opened = app is not None and open_insights(app)
        shown = opened and wait_for(lambda: charts_match(app, data_dir, 30), SETTLE_TIMEOUT)
        time.sleep(1.5)
        path = screenshot(os.path.join(output_dir, "insights-dark.png")) if shown else None
        tap.result(path is not None and os.path.getsize(path) > 0,
                   f"dark: the charts are shown and a screenshot is saved to {path}")
    finally:
        terra.stop()


def test_empty(tap, binary, scratch):
    data_dir = os.path.join(scratch, "empty")
    terra = Terra(binary, data_dir)
    try:
        app = terra.application()
        opened = app is not None and open_insights(app)
        title = opened and wait_for(lambda: find_node(app, "No insights yet"), SETTLE_TIMEOUT)
        tap.result(bool(title) and not read_charts(app),
                   "empty: the view shows its empty state and no chart",
                   f"charts: {read_charts(app) if app else None}")
    finally:
        terra.stop()


def main():
    if len(sys.argv) < 2:
        print("usage: test_insights.py TERRA [OUTPUT_DIR]", file=sys.stderr)
        return 2
    binary = sys.argv[1]
    output_dir = sys.argv[2] if len(sys.argv) > 2 else os.getcwd()
    tap = Tap(1 + len(PERIODS) + 1 + 1 + 1 + 1)
    scratch = tempfile.mkdtemp(prefix="terra-ui-insights-")
    try:
        test_demo(tap, binary, output_dir, scratch)
        test_dark(tap, binary, output_dir, scratch)
        test_empty(tap, binary, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 1 if tap.failed else 0


if __name__ == "__main__":
    sys.exit(main())
