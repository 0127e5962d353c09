"""Watch a page the way a privacy review would: every request, console errors, CSP violations."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

CSP_LISTENER = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI}`);
});
"""


@dataclass
class Watch:
    origin: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def foreign(self) -> list[str]:
        """Requests to any host other than the local test server (data: and blob: are local)."""
        return [u for u in self.requests
                if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).netloc != self.origin]

    def csp_violations(self, page) -> list[str]:
        found = page.evaluate("window.__cspViolations || []")
        return found + [m for m in self.console_errors if "Content Security Policy" in m]


def watch(context, site_url: str) -> Watch:
    w = Watch(urlsplit(site_url).netloc)
    context.add_init_script(CSP_LISTENER)
    # what the pages fetch; the service worker's own fetches (the shell it keeps after load) are not theirs
    context.on("request", lambda request: request.service_worker or w.requests.append(request.url))
    context.on("console", lambda msg: w.console_errors.append(msg.text) if msg.type == "error" else None)
    return w
