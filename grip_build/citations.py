"""Links both ways between the knowledge base and the questionnaires.

- ``[[id]]`` on a line of its own cites a statement or recommendation; it becomes a link card.
- A page that statements or recommendations point to ("lees meer", "lees hoe") gets a
  "Test jezelf" block linking back to them.
- A statement lists the pages (above all Q&A answers) that cite it.

A statement that several questionnaires ask (``shared:``) belongs to the questionnaire that writes it out:
a citation of it links to that page, and the page it points to lists it once. A citation of an id that a
later version retired still works: the card names what replaced it (or that it lapsed), so an old Q&A
answer never breaks the build.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from mkdocs.utils import get_relative_url

from scoring import Catalog, Problem, Questionnaire, page_path, retired

SHORTCUT = re.compile(r"^\[\[\s*([A-Za-z0-9-]+)\s*\]\][ \t]*$", re.M)
_FENCE = re.compile(r"^(```|~~~).*?^\1[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class Target:
    questionnaire: Questionnaire
    kind: str  # "statement" or "recommendation"
    id: str
    title: str
    text: str
    #: For an id a later version retired: the current ids that replaced it (empty when it lapsed).
    replaced_by: tuple[str, ...] | None = None


@dataclass
class Citations:
    catalog: Catalog
    section: str
    # target id -> {page source path: page} of the pages that cite it, in the order they were met (a dict:
    # with a list, `page in list` compared whole Page objects and made the build quadratic in pages)
    cited_by: dict[str, dict] = field(default_factory=dict)

    def target(self, item: str) -> Target | None:
        for q in self.catalog.questionnaires.values():
            for s in q.statements:
                if s.id == item and not s.owner:  # a shared statement is cited on its owner's page
                    return Target(q, "statement", s.id, s.text, s.help)
            for r in q.recommendations:
                if r.id == item:
                    return Target(q, "recommendation", r.id, r.title, r.text)
        return self.retired_target(item)

    def retired_target(self, item: str) -> Target | None:
        """An id that an earlier version published and the current one no longer has."""
        for q in self.catalog.questionnaires.values():
            if item in retired(q, self.catalog.history):
                record = self.catalog.history.get(q.id, {})
                statement = any(item in ids for ids in record.get("versions", {}).values())
                new = self.catalog.replacements(q, item) if statement else ()
                return Target(q, "statement" if statement else "recommendation", item,
                              " en ".join(q.statement(n).text for n in new), "", new)
        return None

    def page_url(self, q: Questionnaire) -> str:
        return page_path(self.section, q.id)

    def expand(self, markdown: str, page) -> tuple[str, list[Problem]]:
        """Replace every ``[[id]]`` line with a card; report unknown ids with their line."""
        problems: list[Problem] = []
        fenced = [m.span() for m in _FENCE.finditer(markdown)]

        def card(match: re.Match) -> str:
            if any(a <= match.start() < b for a, b in fenced):
                return match.group(0)
            item = match.group(1)
            found = self.target(item)
            if found is None:
                line = markdown.count("\n", 0, match.start()) + 1
                problems.append(Problem(f"[[{item}]]", "no statement or recommendation has this id", line))
                return match.group(0)
            self.cited_by.setdefault(item, {}).setdefault(page.file.src_uri, page)
            return self.card_html(found, page.url)

        return SHORTCUT.sub(card, markdown), problems

    def card_html(self, t: Target, from_url: str) -> str:
        q_url = get_relative_url(self.page_url(t.questionnaire), from_url)
        kind = "Stelling" if t.kind == "statement" else "Aanbeveling"
        e = html.escape
        if t.replaced_by is not None:
            return self.retired_card(t, q_url, kind)
        return (
            f'<aside class="zt-cite" aria-label="{kind} {e(t.id)}">\n'
            f'<p class="zt-cite-kind">{kind} uit de zelftest '
            f'<a href="{e(q_url)}">{e(t.questionnaire.title)}</a></p>\n'
            f'<p class="zt-cite-title"><a href="{e(q_url)}#{e(t.id)}">{e(t.title)}</a></p>\n'
            + (f'<p class="zt-cite-text">{e(t.text)}</p>\n' if t.kind == "recommendation" else "")
            + "</aside>\n"
        )

    def retired_card(self, t: Target, q_url: str, kind: str) -> str:
        """A citation of a retired id: the statements that replaced it, or a link to its note on the page."""
        e = html.escape
        head = (f'<aside class="zt-cite" aria-label="{kind} {e(t.id)}">\n'
                f'<p class="zt-cite-kind">{kind} uit de zelftest '
                f'<a href="{e(q_url)}">{e(t.questionnaire.title)}</a></p>\n')
        if not t.replaced_by:
            return (head + f'<p class="zt-cite-title"><a href="{e(q_url)}#{e(t.id)}">{kind} {e(t.id)}</a></p>\n'
                    f'<p class="zt-cite-text">Deze {kind.lower()} hoort bij een eerdere versie van de zelftest en is '
                    f'vervallen.</p>\n</aside>\n')
        titles = "".join(f'<p class="zt-cite-title"><a href="{e(q_url)}#{e(n)}">'
                         f'{e(t.questionnaire.statement(n).text)}</a></p>\n' for n in t.replaced_by)
        return (head + titles + f'<p class="zt-cite-text">Dit was stelling {e(t.id)} in een eerdere versie van de '
                f'zelftest; nu is het {" en ".join(e(n) for n in t.replaced_by)}.</p>\n</aside>\n')

    def backlinks(self, src_uri: str, from_url: str) -> str:
        """The "Test jezelf" block for a page that statements or recommendations point to."""
        items = []
        for q in self.catalog.questionnaires.values():
            q_url = get_relative_url(self.page_url(q), from_url)
            for s in q.statements:
                if not s.owner and s.learn_more.partition("#")[0] == src_uri:  # a shared statement once, at its owner
                    items.append((q, s.id, s.text, q_url))
            for r in q.recommendations:
                if r.link.partition("#")[0] == src_uri:
                    items.append((q, r.id, f"Aanbeveling: {r.title}", q_url))
        if not items:
            return ""
        e = html.escape
        rows = "\n".join(
            f'<li><a href="{e(url)}#{e(item)}">{e(text)}</a> <span class="zt-from">({e(q.title)})</span></li>'
            for q, item, text, url in items
        )
        return (
            '\n\n## Test jezelf\n\n'
            '<p>Hoe staat het hiermee bij jou? Deze stellingen en aanbevelingen uit de zelftests gaan over '
            'deze pagina.</p>\n'
            f'<ul class="zt-backlinks">\n{rows}\n</ul>\n'
        )
