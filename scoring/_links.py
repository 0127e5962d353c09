"""Share links: any set of answers as a short, URL-safe, versioned string with a checksum.

Layout (before base64url without padding)::

    format(1) { code(1) version(1) count(1) answers(3 bits each, packed) }... crc32(4)

Each answer is 3 bits: 0 absent, 1-5 the answer, 6 "weet ik niet", 7 "niet van toepassing".
Decoding never raises anything but ``LinkError``, whose message is written for the reader.
"""

from __future__ import annotations

import base64
import binascii
import re
import zlib

from ._catalog import Catalog, Migrated
from ._errors import LinkError
from ._model import NOT_APPLICABLE, UNKNOWN
from ._score import normalize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Any, Final

FORMAT: Final = 1
#: The name of the URL fragment parameter that carries the answers: ``#delen=...``.
PARAM: Final = "delen"
_CODES: Final = {UNKNOWN: 6, NOT_APPLICABLE: 7}
_VALUES: Final = {6: UNKNOWN, 7: NOT_APPLICABLE}
_ALPHABET = re.compile(r"^[A-Za-z0-9_-]*$")

_DAMAGED: Final = ("Deze link is beschadigd of niet helemaal overgenomen. "
                   "Kopieer de hele link opnieuw of vraag de afzender hem nog eens te sturen.")


def encode(catalog: Catalog, answers: Mapping[str, Mapping[str, Any]]) -> str:
    """Encode ``{questionnaire id: {statement id: answer}}`` for the current versions."""
    out = bytearray([FORMAT])
    for qid in sorted(answers, key=lambda q: catalog.get(q).code):
        q = catalog.get(qid)
        given = normalize(q, answers[qid])
        out += bytes([q.code, q.version, len(q.statements)])
        bits = 0
        for i, s in enumerate(q.statements):
            value = given.get(s.id)
            bits |= (_CODES.get(value, value) if value is not None else 0) << (3 * i)
        out += bits.to_bytes((3 * len(q.statements) + 7) // 8, "little")
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


def decode(catalog: Catalog, text: str) -> dict[str, Migrated]:
    """Read a link back into answers per questionnaire, mapped onto the current versions."""
    data = _unpack(payload(text))
    if data[0] != FORMAT:
        raise LinkError("Deze link is gemaakt met een andere versie van de site en kan hier niet worden gelezen.")
    result: dict[str, Migrated] = {}
    pos = 1
    end = len(data) - 4
    while pos < end:
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
    if not result:
        raise LinkError("Deze link bevat geen antwoorden.")
    return result


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
