"""The questionnaire model: frozen dataclasses read from plain data, every problem collected at once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction

from ._errors import Problem, QuestionnaireError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping
    from typing import Any, Final

#: The answer scale, defined once for every questionnaire.
SCALE: Final = (
    ("1", "Niet aanwezig"),
    ("2", "In aanzet"),
    ("3", "Aanwezig"),
    ("4", "Aanwezig en gemeten"),
    ("5", "Aanwezig, gemeten en verbeterd"),
    ("?", "Weet ik niet"),
    ("-", "Niet van toepassing"),
)
#: What each answer means, defined once for every statement of the site. A statement may give its own words
#: for a point (its ``scale``: what a 1, a 3 or a 5 looks like for that practice); the other points keep these.
SCALE_MEANING: Final = {
    "1": "Dit gebeurt niet, of alleen als iemand er toevallig aan denkt.",
    "2": "Er is een begin: het gebeurt soms of voor een deel, en het hangt af van wie er is.",
    "3": "Het is afgesproken en het gebeurt zo, ook als de vaste persoon er een keer niet is.",
    "4": "Het gebeurt zoals afgesproken en je volgt met cijfers of vaste controles of het werkt.",
    "5": "Je verbetert het op grond van wat je meet, en dat is het afgelopen jaar ook echt gebeurd.",
    "?": "Je kunt het niet beoordelen. De stelling telt niet mee in je score, wel tegen de dekking: zoek het uit.",
    "-": "Deze praktijk past niet bij jouw situatie. De stelling telt niet mee in je score en niet in de dekking.",
}
UNKNOWN: Final = "?"
NOT_APPLICABLE: Final = "-"
LEVELS: Final = (1, 2, 3, 4, 5)

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class Theme:
    id: str
    title: str


@dataclass(frozen=True)
class Level:
    number: int
    name: str
    description: str


@dataclass(frozen=True)
class Statement:
    id: str
    theme: str
    text: str
    help: str
    learn_more: str
    weight: int = 1
    key: bool = False
    #: The statement's own words for some points of the scale, in order: ``((1, "..."), (3, "..."), (5, "..."))``.
    scale: tuple[tuple[int, str], ...] = ()
    #: The questionnaire that defines this statement, when this one asks it with ``shared:`` ("" when defined here).
    owner: str = ""

    def meanings(self) -> tuple[tuple[str, str, str, bool], ...]:
        """Every answer of the scale as ``(value, label, what it means here, whether the words are the
        statement's own)``: its own words for a point where it has them, the site's ``SCALE_MEANING`` otherwise."""
        own = {str(point): text for point, text in self.scale}
        return tuple((value, label, own.get(value, SCALE_MEANING[value]), value in own) for value, label in SCALE)


@dataclass(frozen=True)
class Condition:
    """Fires on a low answer (``statement``), a low theme score (``theme``) or a low level."""

    below: Fraction
    statement: str | None = None
    theme: str | None = None

    @property
    def on_level(self) -> bool:
        return self.statement is None and self.theme is None


@dataclass(frozen=True)
class Recommendation:
    id: str
    title: str
    text: str
    link: str
    when: tuple[Condition, ...]


@dataclass(frozen=True)
class Questionnaire:
    id: str
    code: int
    version: int
    title: str
    summary: str
    minutes: int
    intro: str
    themes: tuple[Theme, ...]
    levels: tuple[Level, ...]
    statements: tuple[Statement, ...]
    recommendations: tuple[Recommendation, ...]
    role: str | None = None

    def statement(self, statement_id: str) -> Statement:
        return next(s for s in self.statements if s.id == statement_id)

    def theme(self, theme_id: str) -> Theme:
        return next(t for t in self.themes if t.id == theme_id)

    def level(self, number: int) -> Level:
        return self.levels[number - 1]

    @classmethod
    def from_dict(cls, data: Any, shared: Mapping[str, tuple[str, Any]] | None = None) -> Questionnaire:
        """Read a questionnaire from parsed YAML/JSON; raise ``QuestionnaireError`` listing every problem.

        ``shared`` resolves the ``shared:`` statements (see ``shared_definitions``); without it a file that
        asks another questionnaire's statement is reported as naming an unknown statement."""
        reader = Reader(shared)
        result = reader.questionnaire(data)
        if reader.problems or result is None:
            raise QuestionnaireError("<questionnaire>", reader.problems)
        return result

    def to_dict(self) -> dict[str, Any]:
        """Plain data that ``from_dict`` reads back to an equal questionnaire (used for the browser)."""
        return {
            "id": self.id,
            "code": self.code,
            "version": self.version,
            "title": self.title,
            "summary": self.summary,
            "minutes": self.minutes,
            "intro": self.intro,
            **({"role": self.role} if self.role else {}),
            "themes": [{"id": t.id, "title": t.title} for t in self.themes],
            "levels": {lv.number: {"name": lv.name, "description": lv.description} for lv in self.levels},
            "statements": [
                {
                    "id": s.id,
                    "theme": s.theme,
                    "text": s.text,
                    **({"help": s.help} if s.help else {}),
                    **({"scale": {str(point): text for point, text in s.scale}} if s.scale else {}),
                    "weight": s.weight,
                    "key": s.key,
                    "learn_more": s.learn_more,
                    **({"owner": s.owner} if s.owner else {}),
                }
                for s in self.statements
            ],
            "recommendations": [
                {
                    "id": r.id,
                    "title": r.title,
                    "text": r.text,
                    "link": r.link,
                    "when": [_condition_dict(c) for c in r.when],
                }
                for r in self.recommendations
            ],
        }


def _condition_dict(c: Condition) -> dict[str, Any]:
    below: Any = int(c.below) if c.below.denominator == 1 else str(c.below)
    if c.statement:
        return {"statement": c.statement, "below": below}
    if c.theme:
        return {"theme": c.theme, "below": below}
    return {"level_below": below}


ROLES: Final = ("demand", "regie", "systeem")

_TOP: Final = {
    "id": True, "code": True, "version": True, "title": True, "summary": True, "minutes": True,
    "intro": True, "themes": True, "levels": True, "statements": True, "recommendations": True,
    "role": False,
}
_STATEMENT: Final = {
    "id": True, "theme": True, "text": True, "scale": False, "help": False, "learn_more": True, "weight": False,
    "key": False, "owner": False,
}
#: A statement of another questionnaire asked here: its id, and this questionnaire's own theme, weight and key.
_SHARED: Final = {"shared": True, "theme": True, "weight": False, "key": False}
_RECOMMENDATION: Final = {"id": True, "title": True, "text": True, "link": True, "when": True}


class Reader:
    """Walks plain data, records a ``Problem`` for each fault and keeps going."""

    def __init__(self, shared: Mapping[str, tuple[str, Any]] | None = None) -> None:
        self.problems: list[Problem] = []
        self.shared = shared or {}  # statement id -> (questionnaire id, plain data) of statements to ask here too
        self.current = ""  # the id of the questionnaire being read

    def fail(self, path: str, message: str) -> None:
        self.problems.append(Problem(path, message))

    def mapping(self, data: Any, path: str, fields: dict[str, bool]) -> dict[str, Any] | None:
        if not isinstance(data, dict):
            self.fail(path, f"must be a mapping, not {_kind(data)}")
            return None
        for name in data:
            if name not in fields:
                import difflib  # only for a typo's hint: not loaded when the data is right (browser start-up)

                close = difflib.get_close_matches(str(name), fields, n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"known fields: {', '.join(fields)}"
                self.fail(_join(path, str(name)), f"unknown field ({hint})")
        for name, required in fields.items():
            if required and name not in data:
                self.fail(_join(path, name), "missing required field")
        return data

    def text(self, data: dict[str, Any], name: str, path: str, *, required: bool = True) -> str:
        value = data.get(name)
        if value is None:
            return ""  # reported as missing by mapping() when required
        if not isinstance(value, str) or (required and not value.strip()):
            self.fail(_join(path, name), f"must be non-empty text, not {_kind(value)}")
            return ""
        return value.strip()

    def ident(self, data: dict[str, Any], name: str, path: str) -> str:
        value = self.text(data, name, path)
        if value and not _ID.match(value):
            self.fail(_join(path, name), f"{value!r} is not a valid id (lowercase letters, digits and dashes)")
        return value

    def integer(self, data: dict[str, Any], name: str, path: str, low: int, high: int, default: int) -> int:
        value = data.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.fail(_join(path, name), f"must be a whole number from {low} to {high}, not {value!r}")
            return default
        return value

    def sequence(self, data: dict[str, Any], name: str, path: str) -> list[Any]:
        value = data.get(name)
        if value is None:
            return []
        if not isinstance(value, list) or not value:
            self.fail(_join(path, name), f"must be a non-empty list, not {_kind(value)}")
            return []
        return value

    def unique(self, ids: list[tuple[str, str]], what: str) -> None:
        seen: dict[str, str] = {}
        for path, value in ids:
            if value in seen:
                self.fail(path, f"duplicate {what} id {value!r} (first used at {seen[value]})")
            elif value:
                seen[value] = path

    def questionnaire(self, data: Any) -> Questionnaire | None:
        top = self.mapping(data, "", _TOP)
        if top is None:
            return None
        self.current = top.get("id") if isinstance(top.get("id"), str) else ""
        role = top.get("role")
        if role is not None and role not in ROLES:
            self.fail("role", f"must be one of {', '.join(ROLES)}, not {role!r}")
        themes = [self.theme_(item, f"themes[{i}]") for i, item in enumerate(self.sequence(top, "themes", ""))]
        self.unique([(f"themes[{i}].id", t.id) for i, t in enumerate(themes)], "theme")
        theme_ids = {t.id for t in themes}
        statements = [
            self.statement_(item, f"statements[{i}]", theme_ids)
            for i, item in enumerate(self.sequence(top, "statements", ""))
        ]
        self.unique([(f"statements[{i}].id", s.id) for i, s in enumerate(statements)], "statement")
        statement_ids = {s.id for s in statements}
        recommendations = [
            self.recommendation_(item, f"recommendations[{i}]", statement_ids, theme_ids)
            for i, item in enumerate(self.sequence(top, "recommendations", ""))
        ]
        rec_ids = [(f"recommendations[{i}].id", r.id) for i, r in enumerate(recommendations)]
        self.unique(rec_ids, "recommendation")
        for path, rid in rec_ids:
            if rid in statement_ids:
                self.fail(path, f"id {rid!r} is already used by a statement")
        return Questionnaire(
            id=self.ident(top, "id", ""),
            code=self.integer(top, "code", "", 1, 255, 1),
            version=self.integer(top, "version", "", 1, 255, 1),
            title=self.text(top, "title", ""),
            summary=self.text(top, "summary", ""),
            minutes=self.integer(top, "minutes", "", 1, 120, 10),
            intro=self.text(top, "intro", ""),
            themes=tuple(themes),
            levels=self.levels_(top.get("levels"), "levels"),
            statements=tuple(statements),
            recommendations=tuple(recommendations),
            role=role if role in ROLES else None,
        )

    def theme_(self, data: Any, path: str) -> Theme:
        item = self.mapping(data, path, {"id": True, "title": True}) or {}
        return Theme(self.ident(item, "id", path), self.text(item, "title", path))

    def levels_(self, data: Any, path: str) -> tuple[Level, ...]:
        if data is None:
            return ()
        if not isinstance(data, dict):
            self.fail(path, f"must map each level 1-5 to a name and a description, not {_kind(data)}")
            return ()
        data = {int(k) if isinstance(k, str) and k.isdigit() else k: v for k, v in data.items()}
        for number in data:
            if number not in LEVELS:
                self.fail(_join(path, str(number)), "unknown level (levels are 1, 2, 3, 4 and 5)")
        levels = []
        for number in LEVELS:
            sub = f"{path}.{number}"
            if number not in data:
                self.fail(sub, "missing level: every level 1-5 needs a name and a description")
                levels.append(Level(number, "", ""))
                continue
            item = self.mapping(data[number], sub, {"name": True, "description": True}) or {}
            levels.append(Level(number, self.text(item, "name", sub), self.text(item, "description", sub)))
        return tuple(levels)

    def statement_(self, data: Any, path: str, theme_ids: set[str] | None) -> Statement:
        if isinstance(data, dict) and "shared" in data:
            return self.shared_(data, path, theme_ids)
        item = self.mapping(data, path, _STATEMENT) or {}
        return Statement(
            id=self.ident(item, "id", path),
            theme=self.theme_of(item, path, theme_ids),
            text=self.text(item, "text", path),
            help=self.text(item, "help", path, required=False),
            learn_more=self.text(item, "learn_more", path),
            weight=self.integer(item, "weight", path, 1, 3, 1),
            key=self.flag(item, "key", path),
            scale=self.scale_(item.get("scale"), _join(path, "scale")),
            owner=self.ident(item, "owner", path) if "owner" in item else "",
        )

    def theme_of(self, item: dict[str, Any], path: str, theme_ids: set[str] | None) -> str:
        theme = self.text(item, "theme", path)
        if theme and theme_ids is not None and theme not in theme_ids:
            self.fail(_join(path, "theme"), f"unknown theme {theme!r} (themes: {', '.join(sorted(theme_ids))})")
        return theme

    def flag(self, item: dict[str, Any], name: str, path: str) -> bool:
        value = item.get(name, False)
        if not isinstance(value, bool):
            self.fail(_join(path, name), f"must be true or false, not {value!r}")
        return value is True

    def scale_(self, data: Any, path: str) -> tuple[tuple[int, str], ...]:
        """A statement's own words for points of the scale: ``{1: ..., 3: ..., 5: ...}`` (keys 1-5)."""
        if data is None:
            return ()
        if not isinstance(data, dict) or not data:
            kind = "an empty mapping" if isinstance(data, dict) else _kind(data)
            self.fail(path, f"must map points of the scale (1 to 5) to what they look like here, not {kind}")
            return ()
        points: dict[int, str] = {}
        for key, text in data.items():
            point = int(key) if isinstance(key, str) and key.isdigit() else key
            at = _join(path, str(key))
            if isinstance(point, bool) or point not in LEVELS:
                self.fail(at, "unknown point: the scale has 1, 2, 3, 4 and 5 (the meaning of 'Weet ik niet' and "
                              "'Niet van toepassing' is the same for every statement)")
            elif point in points:
                self.fail(at, f"point {point} is given twice")
            elif not isinstance(text, str) or not text.strip():
                self.fail(at, f"must be non-empty text, not {_kind(text)}")
            else:
                points[point] = text.strip()
        return tuple(sorted(points.items()))

    def shared_(self, data: dict[str, Any], path: str, theme_ids: set[str] | None) -> Statement:
        """``- shared: dm-08`` with this questionnaire's theme (and weight, key): the statement as its owner
        defines it (id, text, help, scale, learn_more), counted here with this questionnaire's theme and weight."""
        for name in data:
            if name in _STATEMENT and name not in _SHARED:
                self.fail(_join(path, str(name)), "comes from the questionnaire that writes the statement out; "
                                                  "a shared statement has only shared, theme, weight and key")
        item = self.mapping({k: v for k, v in data.items() if k not in _STATEMENT or k in _SHARED}, path, _SHARED) or {}
        sid = self.ident(item, "shared", path)
        owner, source = self.shared.get(sid, ("", None)) if sid else ("", None)
        if sid and source is None:
            self.fail(_join(path, "shared"), f"no other questionnaire writes out statement {sid!r}; a shared statement "
                                             "names the id of a statement written out in full in another file")
        own = bool(sid) and source is not None and owner == self.current
        if own:
            self.fail(_join(path, "shared"),
                      f"statement {sid!r} is written out in this questionnaire; ask it once here")
        # its own file reports its faults
        found = Reader().statement_(source if source is not None else {}, "", None)
        return Statement(
            id="" if own else sid,  # not twice in one file: one mistake, one message
            theme=self.theme_of(item, path, theme_ids),
            text=found.text,
            help=found.help,
            learn_more=found.learn_more,
            weight=self.integer(item, "weight", path, 1, 3, 1),
            key=self.flag(item, "key", path),
            scale=found.scale,
            owner=owner if source is not None else "",
        )

    def recommendation_(self, data: Any, path: str, statement_ids: set[str], theme_ids: set[str]) -> Recommendation:
        item = self.mapping(data, path, _RECOMMENDATION) or {}
        conditions = [
            self.condition_(c, f"{path}.when[{i}]", statement_ids, theme_ids)
            for i, c in enumerate(self.sequence(item, "when", path))
        ]
        return Recommendation(
            id=self.ident(item, "id", path),
            title=self.text(item, "title", path),
            text=self.text(item, "text", path),
            link=self.text(item, "link", path),
            when=tuple(c for c in conditions if c is not None),
        )

    def condition_(self, data: Any, path: str, statement_ids: set[str], theme_ids: set[str]) -> Condition | None:
        if isinstance(data, dict) and "level_below" in data:
            item = self.mapping(data, path, {"level_below": True})
            return Condition(Fraction(self.integer(data, "level_below", path, 2, 5, 2))) if item else None
        item = self.mapping(data, path, {"statement": False, "theme": False, "below": True})
        if item is None:
            return None
        targets = [name for name in ("statement", "theme") if name in item]
        if len(targets) != 1:
            self.fail(path, "a condition names exactly one of: statement, theme, level_below")
            return None
        target = self.text(item, targets[0], path)
        known = statement_ids if targets[0] == "statement" else theme_ids
        if target and target not in known:
            self.fail(_join(path, targets[0]), f"unknown {targets[0]} {target!r}")
        if targets[0] == "statement":
            below = Fraction(self.integer(item, "below", path, 2, 5, 2))
        else:
            below = self.threshold(item.get("below"), _join(path, "below"))
        return Condition(below, **{targets[0]: target})

    def threshold(self, value: Any, path: str) -> Fraction:
        try:
            if isinstance(value, bool):
                raise TypeError
            below = Fraction(str(value))
        except (TypeError, ValueError):
            below = Fraction(0)
        if not 1 < below <= 5:
            self.fail(path, f"must be a number above 1 and at most 5, not {value!r}")
            return Fraction(2)
        return below


def shared_definitions(documents: Iterable[Any]) -> dict[str, tuple[str, Any]]:
    """``{statement id: (questionnaire id, its plain data)}`` for every statement written out in full in
    ``documents`` (parsed questionnaire files): what ``Questionnaire.from_dict(data, shared)`` resolves a
    ``shared:`` statement with. The first file to write out an id wins (a second one is an id used twice)."""
    found: dict[str, tuple[str, Any]] = {}
    for data in documents:
        statements = data.get("statements") if isinstance(data, dict) else None
        qid = data.get("id") if isinstance(data, dict) else None
        for item in statements if isinstance(statements, list) else ():
            if isinstance(item, dict) and "shared" not in item and isinstance(item.get("id"), str):
                found.setdefault(item["id"].strip(), (qid if isinstance(qid, str) else "", item))
    return found


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}" if value.strip() else "empty text"
    if isinstance(value, list):
        return "a list" if value else "an empty list"
    return {dict: "a mapping"}.get(type(value), type(value).__name__)
