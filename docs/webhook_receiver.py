#!/usr/bin/env python3
"""A minimal Vigil webhook receiver: checks the signature, refuses replays, drops repeats by alert id.

    VIGIL_WEBHOOK_SECRET=... python3 docs/webhook_receiver.py 8080
"""
import hashlib
import hmac
import json
import os
import sys
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ["VIGIL_WEBHOOK_SECRET"].encode()
TOLERANCE_S = 300          # refuse a signature older (or newer) than 5 minutes: a replay
seen = set()               # alert ids already handled (keep it in your database in production)


def verify(header, body):
    """True if header is 't=<unix>,v1=<hex>' with v1 = HMAC-SHA256(secret, '<t>.' + body) and t is fresh."""
    try:
        parts = dict(p.split("=", 1) for p in header.split(","))
        t = int(parts["t"])
        expected = hmac.new(SECRET, f"{t}.".encode() + body, hashlib.sha256).hexdigest()
        return abs(time.time() - t) <= TOLERANCE_S and hmac.compare_digest(expected, parts["v1"])
    except (KeyError, ValueError, AttributeError):
        return False


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not verify(self.headers.get("Vigil-Signature"), body):
            self.send_response(401)          # not from Vigil, or tampered, or replayed
            self.end_headers()
            print("refused: bad signature", flush=True)
            return
        alerts = json.loads(body)
        for alert in alerts if isinstance(alerts, list) else [alerts]:   # a batch is a JSON array
            if alert["alert_id"] in seen:
                continue                     # a repeat after a retry or a restart: already handled
            seen.add(alert["alert_id"])
            print("alert", alert["alert_id"], alert["rule"], alert["severity"], alert["key"], flush=True)
        self.send_response(200)              # any 2xx: delivered; anything else: Vigil retries
        self.end_headers()

    def log_message(self, *args):
        pass


HTTPServer(("127.0.0.1", int(sys.argv[1]) if len(sys.argv) > 1 else 8080), Handler).serve_forever()
