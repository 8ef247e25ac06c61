# terra_atspi.py — reading the accessibility tree, shared by the UI tests
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Only what every test reads the same way lives here; each test keeps the
# helpers that carry a GTK 4.8 workaround of its own.

import pyatspi


def name_of(node):
    try:
        return node.name or ""
    except Exception:
        return ""


def role_of(node):
    try:
        return node.getRole()
    except Exception:
        return None


def has_state(node, state):
    try:
        return node.getState().contains(state)
    except Exception:
        return False


def set_text(node, value):
    node.queryEditableText().setTextContents(value)


def text_of(node):
    try:
        text = node.queryText()
        return text.getText(0, text.characterCount)
    except Exception:
        return None


def invalid(node):
    # GTK 4.8 reports GTK_ACCESSIBLE_STATE_INVALID as STATE_INVALID; later
    # versions as STATE_INVALID_ENTRY.
    return has_state(node, pyatspi.STATE_INVALID_ENTRY) or has_state(node, pyatspi.STATE_INVALID)


def is_showing(node):
    # GTK 4.8 does not keep STATE_SHOWING up to date for the widgets of a
    # dialog; VISIBLE follows gtk_widget_set_visible(), and the names this
    # test looks for are unique, so it is enough.
    return has_state(node, pyatspi.STATE_SHOWING) or has_state(node, pyatspi.STATE_VISIBLE)
