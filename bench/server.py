"""A small threaded static file server that records every request it answers."""

from __future__ import annotations

import functools
import http.server
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

TYPES = {".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
         ".json": "application/json", ".zip": "application/zip", ".whl": "application/zip"}


@dataclass
class Hit:
    path: str
    status: int
    body: int  # bytes of the response body that were sent


@dataclass
class Server:
    root: Path
    cache_control: str
    hits: list[Hit] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> None:
        handler = functools.partial(_Handler, directory=str(self.root))
        self.httpd = _Quiet(("127.0.0.1", 0), handler)
        self.httpd.bench = self
        self.port = self.httpd.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def take(self) -> list[Hit]:
        """The requests answered since the last call."""
        with self.lock:
            hits, self.hits = self.hits, []
        return hits


class _Quiet(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # the browser closing a kept-alive connection
        pass


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive, like a real host
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def end_headers(self):
        self.send_header("Cache-Control", self.server.bench.cache_control)
        super().end_headers()

    def send_head(self):
        self._length = 0
        f = super().send_head()
        if f is not None and hasattr(f, "fileno"):
            self._length = os.fstat(f.fileno()).st_size
        return f

    def do_GET(self):
        super().do_GET()
        bench = self.server.bench
        with bench.lock:
            bench.hits.append(Hit(self.path.split("?")[0], getattr(self, "_status", 0), self._length))

    def send_response(self, code, message=None):
        self._status = code
        super().send_response(code, message)

    def log_message(self, *args):  # quiet
        pass
