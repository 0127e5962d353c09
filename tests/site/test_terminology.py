"""One word for one thing: the terms decided for the whole site (tests/site/terminologie.txt) are used
in every page, questionnaire, abbreviation and template text. A failure names the file, the line, the
word found and the term to use instead."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from ..conftest import ROOT

RULES_FILE = Path(__file__).with_name("terminologie.txt")


@dataclass(frozen=True)
class Rule:
    line: int
    variant: re.Pattern[str]
    preferred: str


def load_rules(path: Path = RULES_FILE) -> list[Rule]:
    rules = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        text = raw.strip()
        if not text or text.startswith("#"):
            continue
        variant, sep, preferred = text.partition(" => ")
        assert sep and variant.strip() and preferred.strip(), f"{path.name}:{number}: expected 'variant => preferred'"
        try:
            pattern = re.compile(variant.strip())
        except re.error as exc:  # a broken rule must fail loudly, not silently match nothing
            raise AssertionError(f"{path.name}:{number}: invalid regular expression: {exc}") from None
        rules.append(Rule(number, pattern, preferred.strip()))
    return rules


def _blank(match: re.Match[str]) -> str:
    """Remove a span but keep its line breaks, so line numbers stay right."""
    return "\n" * match.group(0).count("\n")


_MD_DROP = [
    re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M),  # fenced code blocks
    re.compile(r"<!--.*?-->", re.S),                       # comments
    re.compile(r"`[^`\n]*`"),                              # inline code
    re.compile(r"(?<=\])\([^)\n]*\)"),                     # link and image targets: [text](target)
    re.compile(r"^\s*\[[^\]\n]+\]:\s*\S+.*$", re.M),       # reference link definitions
    re.compile(r"<https?://[^>\n]*>"),                     # autolinks
]


def markdown_text(text: str) -> str:
    for pattern in _MD_DROP:
        text = pattern.sub(_blank, text)
    return text


_JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
_QUOTED_PROSE = re.compile(r"""(["'])([^"'\n]*\s[^"'\n]*)\1""")  # string literals with a space: text
_SCRIPT_STYLE = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
_TAG = re.compile(r"<[^>]*>", re.S)
_TEXT_ATTR = re.compile(r"""\b(?:aria-label|title|placeholder|alt)\s*=\s*(["'])(.*?)\1""", re.S)


def html_text(text: str) -> str:
    """The Dutch a reader sees: text between tags, text attributes and string literals in Jinja."""
    def jinja(match: re.Match[str]) -> str:
        prose = " ".join(m.group(2) for m in _QUOTED_PROSE.finditer(match.group(0)))
        return prose + "\n" * match.group(0).count("\n")

    def tag(match: re.Match[str]) -> str:
        attrs = " ".join(m.group(2) for m in _TEXT_ATTR.finditer(match.group(0)))
        return " " + attrs + " " + "\n" * match.group(0).count("\n")

    text = re.compile(r"<!--.*?-->", re.S).sub(_blank, text)
    text = _SCRIPT_STYLE.sub(_blank, text)
    text = _JINJA.sub(jinja, text)
    return _TAG.sub(tag, text)


def files() -> list[tuple[Path, str]]:
    found = [(p, markdown_text(p.read_text(encoding="utf-8"))) for p in sorted((ROOT / "docs").rglob("*.md"))]
    found += [(p, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "questionnaires").glob("*.yml"))]
    found += [(p, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "sjablonen").glob("*.yml"))]
    found += [(p, markdown_text(p.read_text(encoding="utf-8"))) for p in sorted((ROOT / "includes").glob("*.md"))]
    for folder in (ROOT / "overrides", ROOT / "overrides" / "partials"):
        found += [(p, html_text(p.read_text(encoding="utf-8"))) for p in sorted(folder.glob("*.html"))]
    return found


def violations(text: str, rules: list[Rule]) -> list[tuple[int, str, Rule]]:
    hits = []
    for number, line in enumerate(text.splitlines(), 1):
        for rule in rules:
            for match in rule.variant.finditer(line):
                hits.append((number, match.group(0), rule))
    return hits


def test_the_terminology_list_is_there():
    rules = load_rules()
    assert len(rules) >= 8, f"{RULES_FILE.name} holds only {len(rules)} rules"


def _flagged(sample: str) -> bool:
    return bool(violations(sample, load_rules()))


@pytest.mark.parametrize("sample", [
    "| 3 Vastgelegd | Er is een standaardproces |",
    "Je staat op niveau 3: Vastgelegd.",
    "Niveau 3 (Vastgelegd) betekent",
    "Vastgelegd (3)",
    "    name: Vastgelegd",
    "| Vastgelegd | Er is een standaardproces |",
    "Elke uitspraak in de zelftest",
    "De uitspraken van de vragenlijst",
    "bij een her-aanbesteding",
    "De zelftest Exit-gereedheid",
    "contract, exit-gereedheid en beleving",
    "Meet failure demand.",
    "Failure demand is vraag die",
    "maar 29% heeft een geschreven exitstrategie",
    "een uitgeschreven exitstrategie",
    "snel betalen aan het MKB",
    "*[MKB]: Midden- en kleinbedrijf",
    "de leverancier als een black box",
    "een Black Box waarin je",
    "een ingrijpende change",
    "Changes van de leverancier",
    "Teken de keten op één A4.",
    "Zet de ketenkaart op een A4",
])
def test_a_variant_is_caught(sample):
    assert _flagged(sample), sample


@pytest.mark.parametrize("sample", [
    "| 3 Gedefinieerd | Er is een standaardproces |",
    "Vastgelegd is wie eigenaar is van de data",
    "Dit staat in het contract vastgelegd.",
    "Leg vast wat er is vastgelegd.",
    "de zelftest [Exitgereedheid](../zelftest/exit-gereedheid.md)",
    "id: exit-gereedheid",
    "Meet de faalvraag (failure demand).",
    "Faalvraag (failure demand)",
    "een schriftelijke exitstrategie",
    "mkb-leveranciers",
    "een zwarte doos",
    "de change advisory board",
    "Schrijf op één A4 wie het aanspreekpunt is.",
    "een uitspraak van de rechter",
])
def test_a_correct_text_passes(sample):
    text = markdown_text(sample) if "](" in sample else sample
    assert not violations(text, load_rules()), sample


def test_the_site_uses_the_agreed_terms():
    rules = load_rules()
    problems = []
    for path, text in files():
        for number, found, rule in violations(text, rules):
            problems.append(f"{path.relative_to(ROOT).as_posix()}:{number}: '{found.strip()}' -> {rule.preferred}")
    assert not problems, "Gebruik de vaste termen (tests/site/terminologie.txt):\n" + "\n".join(problems)
