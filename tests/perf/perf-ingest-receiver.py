#!/usr/bin/python3
# perf-ingest-receiver.py — a minimal Python-standard-library receiver
#
# Copyright 2026 The Terra developers
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The floor for perf-ingest: what one writes in an afternoon without group
# commit. Each POST is parsed and inserted into SQLite (WAL,
# synchronous=FULL: durable like Terra's acknowledgements) and committed
# on its own before the 202. Prints "listening on http://127.0.0.1:PORT".
#
#   perf-ingest-receiver.py DATABASE

import http.server
import json
import sqlite3
import sys
import threading

db = sqlite3.connect(sys.argv[1], check_same_thread=False, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("CREATE TABLE IF NOT EXISTS messages (id INTEGER PRIMARY KEY, sender TEXT, name TEXT,"
           " body TEXT, external_id TEXT UNIQUE)")
lock = threading.Lock()


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        message = json.loads(self.rfile.read(length))
        with lock:
            db.execute("BEGIN")
            cursor = db.execute("INSERT OR IGNORE INTO messages (sender, name, body, external_id)"
                                " VALUES (?, ?, ?, ?)",
                                (message["from"], message.get("name"), message["text"],
                                 message.get("external_id")))
            db.execute("COMMIT")
        body = json.dumps({"message_id": cursor.lastrowid, "duplicate": False}).encode()
        self.send_response(202)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print("listening on http://127.0.0.1:%d" % server.server_address[1], flush=True)
server.serve_forever()
