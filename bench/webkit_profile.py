"""WebKitGTK (the Linux port of Safari's engine) with a persistent profile, for checks and timings that need one:
WebKitWebDriver's sessions are ephemeral (no private file system, no disk cache, no console output).

Runs under the system Python with PyGObject and WebKit2 4.1 (``apt-get install -y gir1.2-webkit2-4.1 python3-gi
xvfb``), inside ``xvfb-run``::

    xvfb-run -a /usr/bin/python3 bench/webkit_profile.py < plan.json > results.json

The plan (JSON on stdin)::

    {"profile": "/tmp/folder" or null (ephemeral: nothing kept),
     "features": {"AccessHandle": true, ...},    # WebKit's feature switches (default: Safari's, see FEATURES)
     "init_script": "...",                       # JavaScript run in every page before its own scripts
     "console": false,                           # print the pages' console messages to stderr
     "visits": [{"url": "http://...", "until": "...", "timeout": 120, "pause": 0}, ...]}

Each visit loads its URL (none: stays on the page) in one web view (the same profile for all visits: a returning
reader), then evaluates
``until`` (the body of an async JavaScript function) every 100 ms until it returns something truthy, and
records that value. ``pause``: seconds to wait before the visit. Prints a JSON list, one entry per visit:
``{"value": ..., "seconds": wall time from load to value}`` or ``{"error": "..."}``.

``run(plan)`` does the same from the project's own Python (it starts this script under xvfb-run).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

SCRIPT = Path(__file__).resolve()
SYSTEM_PYTHON = "/usr/bin/python3"
# What Safari ships and WebKitGTK leaves off by default: the private file system with its handles, the
# storage manager (estimate, persist), Web Share.
FEATURES = {"FileSystem": True, "AccessHandle": True, "FileSystemWritableStream": True, "StorageAPI": True,
            "StorageAPIEstimate": True, "WebShare": True}


class WebKitMissing(RuntimeError):
    """xvfb-run, the system Python's PyGObject or WebKit2 4.1 is missing."""


def available() -> str | None:
    """None when the harness can run here, else what is missing (a sentence)."""
    if not shutil.which("xvfb-run"):
        return "xvfb-run is missing (apt-get install -y xvfb)"
    check = subprocess.run([SYSTEM_PYTHON, "-c",
                            "import gi; gi.require_version('WebKit2', '4.1'); from gi.repository import WebKit2"],
                           capture_output=True, text=True)
    missing = "WebKitGTK for Python is missing (apt-get install -y gir1.2-webkit2-4.1 python3-gi)"
    return None if check.returncode == 0 else missing


def run(plan: dict, timeout: float = 900) -> list[dict]:
    """Run `plan` (see the module's docstring) in WebKitGTK; returns one result per visit."""
    missing = available()
    if missing:
        raise WebKitMissing(missing)
    done = subprocess.run(["xvfb-run", "-a", SYSTEM_PYTHON, str(SCRIPT)], input=json.dumps(plan), capture_output=True,
                          text=True, timeout=timeout)
    if done.returncode:
        raise RuntimeError(f"WebKitGTK harness failed:\n{done.stderr[-3000:]}")
    if plan.get("console"):
        sys.stderr.write(done.stderr)
    return json.loads(done.stdout)


def main() -> int:  # runs inside xvfb-run, under the system Python
    import gi

    gi.require_version("Gtk", "3.0")
    gi.require_version("WebKit2", "4.1")
    from gi.repository import GLib, Gtk, WebKit2

    plan = json.load(sys.stdin)
    results_out = os.fdopen(os.dup(1), "w")  # the results; WebKit's console messages go to stderr
    os.dup2(2, 1)
    profile = plan.get("profile")
    if profile:
        data = WebKit2.WebsiteDataManager(base_data_directory=str(Path(profile) / "data"),
                                          base_cache_directory=str(Path(profile) / "cache"))
    else:
        data = WebKit2.WebsiteDataManager.new_ephemeral()
    context = WebKit2.WebContext(website_data_manager=data)
    content = WebKit2.UserContentManager()
    if plan.get("init_script"):
        content.add_script(WebKit2.UserScript.new(plan["init_script"], WebKit2.UserContentInjectedFrames.TOP_FRAME,
                                                  WebKit2.UserScriptInjectionTime.START, None, None))
    settings = WebKit2.Settings()
    settings.set_enable_write_console_messages_to_stdout(bool(plan.get("console")))
    features = WebKit2.Settings.get_all_features()
    wanted = {**FEATURES, **plan.get("features", {})}
    for i in range(features.get_length()):
        feature = features.get(i)
        if feature.get_identifier() in wanted:
            settings.set_feature_enabled(feature, wanted[feature.get_identifier()])
    view = WebKit2.WebView(web_context=context, user_content_manager=content, settings=settings)
    window = Gtk.OffscreenWindow()
    window.set_default_size(1280, 800)
    window.add(view)
    window.show_all()

    loop = GLib.MainLoop()
    results: list[dict] = []
    visits = list(plan["visits"])
    state: dict = {}

    def poll():
        visit = state["visit"]
        if time.monotonic() > state["deadline"]:
            return finish({"error": f"not within {visit.get('timeout', 120)} s: {visit['until'][:200]}"})

        def evaluated(source, result):
            try:
                value = json.loads(view.call_async_javascript_function_finish(result).to_json(0) or "null")
            except Exception:  # noqa: BLE001 - the page is still loading, or the script threw: try again
                value = None
            if value:
                finish({"value": value, "seconds": round(time.monotonic() - state["started"], 3)})
            else:
                GLib.timeout_add(100, poll)

        view.call_async_javascript_function(visit["until"], -1, None, None, None, None, evaluated)
        return False

    def finish(result):
        results.append(result)
        GLib.idle_add(start)
        return False

    def start():
        if not visits:
            loop.quit()
            return False
        visit = visits.pop(0)

        def load():
            state.update(visit=visit, started=time.monotonic(), deadline=time.monotonic() + visit.get("timeout", 120))
            if visit.get("url"):  # none: keep the page, just wait for `until`
                view.load_uri(visit["url"])
            GLib.timeout_add(100, poll)
            return False

        GLib.timeout_add(int(1000 * visit.get("pause", 0)), load)
        return False

    GLib.idle_add(start)
    loop.run()
    json.dump(results, results_out)
    results_out.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
