"""WebKitGTK with a persistent profile, for the checks WebKitWebDriver's ephemeral session cannot make (a memory
snapshot kept in the browser between visits). Run by Debian's /usr/bin/python3 (PyGObject, gir1.2-webkit2-4.1)
under an X display, not by the project's venv: `python3 webkit_profile.py PROFILE_DIR WIDTH HEIGHT`.

One JSON command a line on stdin, one JSON answer a line on stdout, like bridge.mjs for Firefox:
{"op": "goto", "url": ...}, {"op": "reload"}, {"op": "evaluate", "script": ...} (a JavaScript expression; a
promise is awaited; the answer's "value" is its JSON value), {"op": "resize", "width": ..., "height": ...},
{"op": "screenshot", "file": ...} (what the window shows, as a PNG), {"op": "close"}. An answer is
{"ok": true, "value": ...} or {"ok": false, "error": "..."}. The page is shown in a GTK window, as a reader would
have it; the website data (localStorage, IndexedDB, caches, service workers) lives in PROFILE_DIR and outlives the
process.
"""

import json
import os
import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("WebKit2", "4.1")
gi.require_foreign("cairo")  # python3-gi-cairo: a snapshot of the page comes as a cairo surface
from gi.repository import GLib, Gtk, WebKit2  # noqa: E402


class Harness:
    def __init__(self, profile, width, height):
        data = WebKit2.WebsiteDataManager(base_data_directory=f"{profile}/data",
                                          base_cache_directory=f"{profile}/cache")
        context = WebKit2.WebContext(website_data_manager=data)
        context.set_cache_model(WebKit2.CacheModel.WEB_BROWSER)
        self.view = WebKit2.WebView(web_context=context)
        self.view.connect("load-changed", self.loaded)
        self.view.connect("load-failed", self.failed)
        self.window = Gtk.Window()
        self.window.set_default_size(width, height)
        self.window.add(self.view)
        self.window.show_all()
        self.waiting = None  # the answer to send once the page has loaded
        self.lines, self.busy, self.buffer = [], False, b""  # one command at a time, in the order given
        GLib.io_add_watch(0, GLib.IO_IN | GLib.IO_HUP, self.read)

    def read(self, fd, condition):
        data = os.read(fd, 65536)
        if not data:
            self.lines.append('{"op": "close"}')
        self.buffer += data
        *lines, self.buffer = self.buffer.split(b"\n")
        self.lines += [line.decode() for line in lines if line.strip()]
        self.next()
        return bool(data)

    def next(self):
        if not self.busy and self.lines:
            self.busy = True
            self.command(json.loads(self.lines.pop(0)))

    def answer(self, ok, value=None, error=None):
        print(json.dumps({"ok": True, "value": value} if ok else {"ok": False, "error": error}), flush=True)
        self.busy = False
        self.next()

    def loaded(self, view, event):
        if event == WebKit2.LoadEvent.FINISHED and self.waiting:
            self.waiting, done = None, self.waiting
            done()

    def failed(self, view, event, uri, error):
        if self.waiting:
            self.waiting = None
            self.answer(False, error=f"{uri}: {error.message}")
        return False

    def command(self, request):
        op = request["op"]
        if op in ("goto", "reload"):
            self.waiting = lambda: self.answer(True)
            self.view.load_uri(request["url"]) if op == "goto" else self.view.reload()
        elif op == "evaluate":
            body = f"return await ({request['script']});"
            self.view.call_async_javascript_function(body, -1, None, None, None, None, self.evaluated)
        elif op == "resize":
            self.window.resize(request["width"], request["height"])
            self.answer(True)
        elif op == "screenshot":
            self.view.get_snapshot(WebKit2.SnapshotRegion.VISIBLE, WebKit2.SnapshotOptions.NONE, None, self.snapshot,
                                   request["file"])
        elif op == "close":
            print(json.dumps({"ok": True, "value": None}), flush=True)
            Gtk.main_quit()
        else:
            self.answer(False, error=f"unknown op {op!r}")

    def snapshot(self, view, result, file):
        try:
            view.get_snapshot_finish(result).write_to_png(file)
        except GLib.Error as error:
            return self.answer(False, error=error.message)
        self.answer(True)

    def evaluated(self, view, result):
        try:
            value = view.call_async_javascript_function_finish(result)
        except GLib.Error as error:
            return self.answer(False, error=error.message)
        text = value.to_json(0) if not value.is_undefined() else None
        self.answer(True, json.loads(text) if text else None)


if __name__ == "__main__":
    Harness(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
    Gtk.main()
