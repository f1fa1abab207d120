#!/usr/bin/env python3
"""Tiny HTTP backend for capturing Envoy stats: answers `GET /status/NNN` with that
status and anything else with 200 after a short random delay, so Envoy's latency
histogram spreads over several buckets. Usage: capture-backend.py PORT NAME"""

import random
import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self):
        super().setup()
        # Without this every small response waits for Nagle's delayed ACK (~40 ms).
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def do_GET(self):
        status = 200
        if self.path.startswith("/status/"):
            status = int(self.path.rsplit("/", 1)[1])
        time.sleep(random.choice([0.0, 0.002, 0.008, 0.02, 0.06]))
        body = f"{sys.argv[2]} {status}\n".encode()
        self.send_response(status)
        self.send_header("content-type", "text/plain")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class Server(ThreadingHTTPServer):
    request_queue_size = 128
    daemon_threads = True


if __name__ == "__main__":
    Server(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
