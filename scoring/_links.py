"""Share links: any set of answers as a short, URL-safe, versioned string with a checksum, optionally with
when the answers were last changed and (only when the reader chooses) for which organisation and by whom.

Layout (before base64url without padding)::

    format 1:  1 { code(1) version(1) count(1) answers(3 bits each, packed) }... crc32(4)
    format 2:  2 { the same blocks }... 0 { code(1) flags(1) [changed(4)] [organisation] [by] }... crc32(4)
    format 3:  3 { the same blocks }... 0 { code(1) flags(1) [changed(4)] [organisation] [by] [sector(1)] }... crc32(4)

Each answer is 3 bits: 0 absent, 1-5 the answer, 6 "weet ik niet", 7 "niet van toepassing".
Format 2 is written only when there is metadata, so a link without it is byte for byte what it always was;
format 3 only when a reader consented to count in the comparison (the benchmark), so every other link is too.
Questionnaire codes are 1-255, so the 0 after the blocks marks where the metadata starts. ``flags``: 1 the
moment of the last change (seconds since 1970 UTC, big-endian), 2 the organisation, 4 who filled it in; a
text is its UTF-8 length (one byte below 128, else two, 7 bits each, low first) and the bytes. Format 3 adds
8: the reader consents that this result counts, anonymously, in the comparison, and 16 (only with 8): the
sector they gave, one byte, its number in ``_sectors.SECTORS``. A link of format 1 or 2 never consents.
Decoding never raises anything but ``LinkError``, whose message is written for the reader; metadata that
is damaged or odd is left out (it never costs the answers).
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib
from dataclasses import dataclass, field

from . import _dates, _sectors
from ._answers import normalize
from ._catalog import Catalog, Migrated
from ._errors import LinkError
from ._model import NOT_APPLICABLE, UNKNOWN
from ._text import NAME_MAX, line

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final

FORMAT: Final = 1
#: The format of a link that carries metadata.
FORMAT_META: Final = 2
#: The format of a link whose reader consented to count in the comparison.
FORMAT_CONSENT: Final = 3
#: The name of the URL fragment parameter that carries the answers: ``#delen=...``.
PARAM: Final = "delen"
ABOUT_KEYS: Final = ("organisation", "by")
_CODES: Final = {UNKNOWN: 6, NOT_APPLICABLE: 7}
_VALUES: Final = {6: UNKNOWN, 7: NOT_APPLICABLE}
_ALPHABET = re.compile(r"^[A-Za-z0-9_-]*$")
_CHANGED, _ORGANISATION, _BY, _CONSENT, _SECTOR = 1, 2, 4, 8, 16
#: The flags each format with metadata may use.
_FLAGS: Final = {FORMAT_META: _CHANGED | _ORGANISATION | _BY,
                 FORMAT_CONSENT: _CHANGED | _ORGANISATION | _BY | _CONSENT | _SECTOR}
_TEXT_FLAGS: Final = ((_ORGANISATION, "organisation"), (_BY, "by"))
#: 2000-01-01 UTC up to what four bytes hold (2106): anything else is not a moment these answers changed.
_EARLIEST, _LATEST = 946_684_800, 2**32 - 1

_DAMAGED: Final = ("Deze link is beschadigd of niet helemaal overgenomen. "
                   "Kopieer de hele link opnieuw of vraag de afzender hem nog eens te sturen.")


@dataclass(frozen=True)
class Shared:
    """One questionnaire read from a link: its answers mapped onto the current version (``migrated``, whose
    fields it shows as its own), ``changed`` (``2026-12-01T19:53:25.000Z``, ``""`` when the link does not say)
    and ``about`` (``{"organisation", "by"}``, both present, one may be ``""``; ``{}`` when absent); ``consent``:
    the reader agreed that this result counts, anonymously, in the comparison, with ``sector`` (an id of
    ``_sectors.SECTORS``, ``""`` when not given)."""

    migrated: Migrated
    changed: str = ""
    about: dict[str, str] = field(default_factory=dict)
    consent: bool = False
    sector: str = ""

    @property
    def answers(self) -> dict[str, Any]:
        return self.migrated.answers

    @property
    def from_version(self) -> int:
        return self.migrated.from_version

    @property
    def removed(self) -> tuple[str, ...]:
        return self.migrated.removed

    @property
    def added(self) -> tuple[str, ...]:
        return self.migrated.added

    @property
    def replaced(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return self.migrated.replaced


def encode(catalog: Catalog, answers: Mapping[str, Mapping[str, Any]],
           meta: Mapping[str, Any] | None = None) -> str:
    """Encode ``{questionnaire id: {statement id: answer}}`` for the current versions.

    ``meta`` is per questionnaire: ``{questionnaire id: {"changed": ISO moment, "about": {"organisation": str,
    "by": str}, "consent": true, "sector": id}}``, every part optional (``sector`` only with ``consent``).
    What is not of that shape (or names a questionnaire not in
    ``answers``) is left out, never refused: the answers are what counts.
    """
    blocks = bytearray()
    extra = bytearray()
    meta = meta if isinstance(meta, dict) else {}
    for qid in sorted(answers, key=lambda q: catalog.get(q).code):
        q = catalog.get(qid)
        given = normalize(q, answers[qid])
        blocks += bytes([q.code, q.version, len(q.statements)])
        bits = 0
        for i, s in enumerate(q.statements):
            value = given.get(s.id)
            bits |= (_CODES.get(value, value) if value is not None else 0) << (3 * i)
        blocks += bits.to_bytes((3 * len(q.statements) + 7) // 8, "little")
        extra += _meta_bytes(q.code, meta.get(qid))
    consent = any(isinstance(meta.get(qid), dict) and meta[qid].get("consent") is True for qid in answers)
    head = FORMAT_CONSENT if consent else FORMAT_META
    out = bytearray([head]) + blocks + b"\0" + extra if extra else bytearray([FORMAT]) + blocks
    out += zlib.crc32(bytes(out)).to_bytes(4, "big")
    return base64.urlsafe_b64encode(bytes(out)).rstrip(b"=").decode("ascii")


def page_path(section: str, questionnaire_id: str) -> str:
    """A questionnaire's page from the site root (``zelftest/regie/``): where its share links point."""
    return f"{section}/{questionnaire_id}/"


def payload(text: str) -> str:
    """The encoded part of a whole link, a fragment such as ``#delen=...``, or the bare string."""
    text = (text or "").strip()
    marker = f"{PARAM}="
    if marker in text:
        text = text.split(marker, 1)[1].split("&", 1)[0]
    return text


def decode(catalog: Catalog, text: str) -> dict[str, Shared]:
    """Read a link back into answers per questionnaire, mapped onto the current versions, with the
    metadata the link carries (see ``Shared``)."""
    data = _unpack(payload(text))
    if data[0] not in (FORMAT, FORMAT_META, FORMAT_CONSENT):
        raise LinkError("Deze link is gemaakt met een andere versie van de site en kan hier niet worden gelezen.")
    result: dict[str, Migrated] = {}
    codes: dict[int, str] = {}
    pos = 1
    end = len(data) - 4
    while pos < end:
        if data[0] != FORMAT and data[pos] == 0:
            break
        if pos + 3 > end:
            raise LinkError(_DAMAGED)
        code, version, count = data[pos], data[pos + 1], data[pos + 2]
        size = (3 * count + 7) // 8
        pos += 3
        if pos + size > end:
            raise LinkError(_DAMAGED)
        bits = int.from_bytes(data[pos:pos + size], "little")
        pos += size
        q = catalog.by_code(code)
        if q.id in result:
            raise LinkError(_DAMAGED)
        ids = catalog.statement_ids(q, version)
        if count != len(ids) or bits >> (3 * count):
            raise LinkError(_DAMAGED)
        answers = {}
        for i, sid in enumerate(ids):
            value = (bits >> (3 * i)) & 7
            if value:
                answers[sid] = _VALUES.get(value, value)
        result[q.id] = catalog.migrate(q, version, answers)
        codes[code] = q.id
    if not result:
        raise LinkError("Deze link bevat geen antwoorden.")
    meta = _read_meta(data[pos + 1:end], codes, _FLAGS[data[0]]) if data[0] != FORMAT else {}
    return {qid: Shared(m, *meta.get(qid, ("", {}, False, ""))) for qid, m in result.items()}


def moment(iso: object) -> int | None:
    """Seconds since 1970 UTC of an ISO moment (``2026-12-01T19:53:25.758Z``) that a link can carry, or None."""
    found = _dates.moment(iso)
    if found is None:
        return None
    seconds = found // 1000
    return seconds if _EARLIEST <= seconds <= _LATEST else None


def _iso(seconds: int) -> str:
    return _dates.iso(seconds * 1000)


def _meta_bytes(code: int, entry: object) -> bytes:
    if not isinstance(entry, dict):
        return b""
    flags, out = 0, bytearray()
    seconds = moment(entry.get("changed"))
    if seconds is not None:
        flags |= _CHANGED
        out += seconds.to_bytes(4, "big")
    about = entry.get("about")
    for flag, key in _TEXT_FLAGS:
        text = line(about.get(key), NAME_MAX).encode("utf-8") if isinstance(about, dict) else b""
        if text:
            flags |= flag
            size = len(text)
            out += bytes([size]) if size < 128 else bytes([size & 127 | 128, size >> 7])
            out += text
    if entry.get("consent") is True:
        flags |= _CONSENT
        sector = _sectors.code(entry.get("sector"))
        if sector:
            flags |= _SECTOR
            out.append(sector)
    return bytes([code, flags]) + out if flags else b""


def _read_meta(data: bytes, codes: dict[int, str], allowed: int) -> dict[str, tuple[str, dict[str, str], bool, str]]:
    """``{questionnaire id: (changed, about, consent, sector)}`` from the metadata part (``allowed``: the flags its
    format may use); ``{}`` when it is not as written."""
    out: dict[str, tuple[str, dict[str, str], bool, str]] = {}
    pos = 0
    try:
        while pos < len(data):
            code, flags = data[pos], data[pos + 1]
            pos += 2
            if flags & ~allowed or not flags or code not in codes or codes[code] in out:
                return {}
            if flags & _SECTOR and not flags & _CONSENT:
                return {}
            changed = ""
            if flags & _CHANGED:
                if pos + 4 > len(data):
                    return {}
                seconds = int.from_bytes(data[pos:pos + 4], "big")
                pos += 4
                changed = _iso(seconds) if seconds >= _EARLIEST else ""
            about = {}
            for flag, key in _TEXT_FLAGS:
                if flags & flag:
                    size = data[pos]
                    pos += 1
                    if size >= 128:
                        size = size & 127 | data[pos] << 7
                        pos += 1
                    if size > 4 * NAME_MAX or pos + size > len(data):
                        return {}
                    raw = data[pos:pos + size].decode("utf-8", "strict")
                    pos += size
                    text = line(raw, NAME_MAX)
                    about[key] = text if len(raw) <= NAME_MAX else ""
            if about:
                about = {key: about.get(key, "") for key in ABOUT_KEYS}
                if not any(about.values()):
                    about = {}
            sector = ""
            if flags & _SECTOR:
                sector = _sectors.from_code(data[pos])
                pos += 1
            out[codes[code]] = (changed, about, bool(flags & _CONSENT), sector)
    except (IndexError, UnicodeDecodeError):
        return {}
    return out


def _unpack(text: str) -> bytes:
    if not text:
        raise LinkError("Deze link bevat geen antwoorden.")
    if not _ALPHABET.match(text) or len(text) % 4 == 1:
        raise LinkError(_DAMAGED)
    try:
        data = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise LinkError(_DAMAGED) from None
    if len(data) < 5 or zlib.crc32(data[:-4]).to_bytes(4, "big") != data[-4:]:
        raise LinkError(_DAMAGED)
    return data
