"""What the self-test templates get: the questionnaire as a view model, and the JSON island that tells
the page module where the worker, the Pyodide runtime, the lock and the questionnaire bundle are."""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from scoring import SCALE, SCALE_MEANING, Questionnaire, _comparison, _mail, _sectors, _text, page_path, retired
from scoring import _links as links
from scoring._errors import LinkError
from scoring._report import answered

from .citations import Citations
from .questionnaires import Loaded
from .runtime import Runtime


@dataclass
class Views:
    loaded: Loaded
    runtime: Runtime
    citations: Citations
    bundle_uri: str
    section: str
    timeout: int
    modules: str  # site folder of the page modules, named by their hash ("assets/zelftest/<hash>/")
    urls: dict[str, str]  # docs path -> page URL
    contact: dict[str, str]  # {"email", "owner"} for the "Stel je vraag" page
    site_name: str = ""  # printed at the top of a result

    def context(self, page, questionnaire: Questionnaire | None) -> dict:
        def url(target: str) -> str:
            return get_relative_url(target or ".", page.url).rstrip("/") + ("/" if not target else "")

        ordered = self.loaded.catalog.ordered()
        return {
            "questionnaire": self._questionnaire(questionnaire, url, page) if questionnaire else None,
            "questionnaires": [self._summary(q, url) for q in ordered],
            "scale": SCALE,
            "sectors": _sectors.SECTORS,  # "Stel je vraag": the sector in the comparison, the list the links know
            "comparison_page": url(self.urls[_comparison.PAGE]) if _comparison.PAGE in self.urls else "",
            "meaning": [(value, label, SCALE_MEANING[value]) for value, label in SCALE],  # the legend: every answer
            "css": self._asset(url, "zelftest.css"),
            "script": self._asset(url, "zelftest.js"),
            "early": self._asset(url, "early.js"),
            "config": {
                "questionnaire": questionnaire.id if questionnaire else None,
                "version": questionnaire.version if questionnaire else None,
                "ids": [q.id for q in ordered],
                "worker": self._asset(url, "worker.js"),
                "indexURL": url(self.runtime.index_url) + "/",
                "lockURL": url(self.runtime.lock_url),
                "lock": self.runtime.lock,
                "wheelURL": url(self.runtime.wheel_url),
                "wheelIntegrity": self.runtime.wheel_integrity,
                "bundleURL": url(self.bundle_uri),
                "base": url(""),
                "timeout": self.timeout,
                "runtimeBytes": self.runtime.size,
                "contact": self.contact,
                "siteName": self.site_name,
                "share": f"#{links.PARAM}=",  # the fragment a share link starts with (scoring/_links.py)
                "viewer": url(page_path(self.section, "bekijk")) + "/",  # the consultant's view of a shared result
                "nameMax": _text.NAME_MAX,  # "Organisatie / contract" and "Ingevuld door" (scoring/_text.py)
                # the progress line for 0..n answers, as the overview's cards word it
                "counted": [answered(n, len(questionnaire.statements))
                            for n in range(len(questionnaire.statements) + 1)]
                if questionnaire else [],
                "mail": mail_template(self.contact.get("email", "")),  # "Stel je vraag" without Python
            },
        }

    def _asset(self, url, name: str) -> str:
        return url(self.modules + name)

    def _href(self, link: str, url) -> str:
        page, _, anchor = link.partition("#")
        return url(self.urls[page]) + (f"#{anchor}" if anchor else "")

    def _summary(self, q: Questionnaire, url) -> dict:
        return {"id": q.id, "title": q.title, "summary": q.summary, "minutes": q.minutes,
                "count": len(q.statements), "role": q.role, "version": q.version,
                "url": url(page_path(self.section, q.id))}

    def _questionnaire(self, q: Questionnaire, url, page) -> dict:
        def discussed(item: str) -> list[dict]:
            return [{"title": p.title, "url": get_relative_url(p.url, page.url)}
                    for p in self.citations.cited_by.get(item, {}).values()]

        def also(statement_id: str) -> list[dict]:
            """The other questionnaires that ask a shared statement, the owner first."""
            asking = [other for other in self.loaded.catalog.ordered()
                      if other.id != q.id and any(s.id == statement_id for s in other.statements)]
            return [{"title": other.title, "url": url(page_path(self.section, other.id)) + f"#{statement_id}"}
                    for other in sorted(asking, key=lambda other: other.statement(statement_id).owner != "")]

        return {
            "id": q.id,
            "version": q.version,
            "title": q.title,
            "levels": q.levels,
            "count": len(q.statements),
            "themes": [
                {"id": t.id, "title": t.title, "statements": [
                    {"id": s.id, "text": s.text, "help": s.help, "weight": s.weight, "key": s.key,
                     "meanings": [m for m in s.meanings() if m[0] not in ("?", "-")],  # 1-5, own words or the site's
                     "learn_more": self._href(s.learn_more, url), "discussed": discussed(s.id), "also": also(s.id)}
                    for s in q.statements if s.theme == t.id
                ]}
                for t in q.themes
            ],
            "retired": [{"id": rid, "replaced_by": self.loaded.catalog.replacements(q, rid)}
                        for rid in retired(q, self.loaded.catalog.history)],
            "recommendations": [
                {"id": r.id, "title": r.title, "text": r.text, "link": self._href(r.link, url),
                 "discussed": discussed(r.id)}
                for r in q.recommendations
            ],
        }


SLOTS = {"situation": "{situatie}", "question": "{vraag}", "sector": "{sector}"}


def mail_template(to: str) -> dict[str, str]:
    """The mail of a question without results, its fixed parts written by scoring's ``_mail.compose`` at build time, so
    "Stel je vraag" works before Python runs in the browser: ``text`` with the slots ``{situatie}``, ``{vraag}``,
    ``{sector}`` (each filled with what the reader typed, or ``blank`` when they left it empty), ``href`` (the
    ``mailto:`` link, its body to be appended URL-encoded) and ``refusal`` (shown when the question is empty).
    Empty when the site has no address for questions."""
    if "@" not in to:
        return {}
    filled = _mail.compose(None, to, saved={}, site="", section="", **SLOTS)  # no saved results: no catalog needed
    before, after = filled["text"].split(SLOTS["situation"])  # what an empty field reads as: compose's own words
    empty = _mail.compose(None, to, saved={}, site="", section="", **{**SLOTS, "situation": ""})["text"]
    try:
        _mail.compose(None, to, situation="", question="", sector="", saved={}, site="", section="")
        refusal = ""
    except LinkError as error:
        refusal = str(error)
    return {"to": filled["to"], "subject": filled["subject"], "text": filled["text"],
            "blank": empty[len(before):len(empty) - len(after)],
            "href": filled["href"].split("&body=", 1)[0] + "&body=", "refusal": refusal}
