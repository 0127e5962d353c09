"""The comparison (benchmark) from consented share links: consent in the link (format 3), which results count,
the groups of at least five organisations, and that nothing in a benchmark file points to anyone."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scoring import Catalog, Questionnaire, _comparison, _sectors, decode, encode
from scoring import _benchmark as bench

from .helpers import make


def _second(q: Questionnaire, qid: str, code: int) -> Questionnaire:
    return Questionnaire.from_dict({**q.to_dict(), "id": qid, "code": code, "title": qid.upper()})


BASE = make([("s1", "a", 1, False), ("s2", "a", 1, False), ("s3", "b", 1, False), ("s4", "b", 1, False)])
CATALOG = Catalog.of([BASE, _second(BASE, "u", 10)], {})
MOMENT = "2026-08-14T09:30:00.000Z"


def link(level: int, *, qid: str = "t", changed: str = MOMENT, consent: bool = True, sector: str = "",
         organisation: str = "", by: str = "", theme_b: int | None = None) -> str:
    """A share link as "Stel je vraag" writes it, for answers at ``level`` (theme b at ``theme_b`` if given)."""
    b = level if theme_b is None else theme_b
    answers = {"s1": level, "s2": level, "s3": b, "s4": b}
    meta = {"changed": changed, "consent": consent, "sector": sector,
            "about": {"organisation": organisation, "by": by}}
    return "https://example.org/zelftest/t/#delen=" + encode(CATALOG, {qid: answers}, {qid: meta})


def mail(*links: str) -> str:
    """A mail's text with the links in it, as the reader sent it."""
    lines = "".join(f"- Vragenlijst: {item}\n" for item in links)
    return f"Beste redactie,\n\nMijn vraag:\nHoe doen anderen dit?\n\nMijn resultaten (deellinks):\n{lines}\nGroet,\n"


def files(inputs: list[tuple[str, str]]) -> dict[str, str]:
    """What the CLI would write: file name -> text."""
    counted, _ = bench.read_inputs(CATALOG, inputs)
    return {f"{qid}.json": bench.to_json(data) for qid, data in bench.aggregate(CATALOG, counted).items()}


def senders(levels, **kwargs) -> list[tuple[str, str]]:
    """One mail per organisation, each with one link."""
    return [(f"mail-{i}.txt", mail(link(level, **kwargs))) for i, level in enumerate(levels)]


# --- consent in the share link (format 3) -------------------------------------------------------------


def test_consent_and_sector_round_trip_in_a_link_of_format_3():
    code = encode(CATALOG, {"t": {"s1": 4}}, {"t": {"changed": MOMENT, "consent": True, "sector": "zorg"}})
    assert code.startswith("A")  # base64 of the format byte 3: "Aw..."
    import base64
    assert base64.urlsafe_b64decode(code + "=" * (-len(code) % 4))[0] == 3
    shared = decode(CATALOG, code)["t"]
    assert (shared.answers, shared.changed, shared.consent, shared.sector) == ({"s1": 4}, MOMENT, True, "zorg")


@pytest.mark.parametrize("meta", [None, {}, {"t": {"changed": MOMENT}}, {"t": {"about": {"by": "Anna"}}},
                                  {"t": {"consent": "ja"}}, {"t": {"consent": 1}}, {"t": {"sector": "zorg"}}])
def test_links_without_consent_are_written_as_before_and_read_as_no_consent(meta):
    code = encode(CATALOG, {"t": {"s1": 4}}, meta)
    assert code == encode(CATALOG, {"t": {"s1": 4}}, {k: {f: v for f, v in m.items() if f in ("changed", "about")}
                                                      for k, m in (meta or {}).items()})
    shared = decode(CATALOG, code)["t"]
    assert shared.consent is False and shared.sector == ""


def test_old_links_of_format_1_and_2_read_as_before_without_consent():
    import base64
    import zlib

    def wrap(body: bytes) -> str:
        return base64.urlsafe_b64encode(body + zlib.crc32(body).to_bytes(4, "big")).rstrip(b"=").decode()

    block = bytes([9, 1, 4]) + (4).to_bytes(2, "little")  # t, version 1, four statements, s1 = 4
    dated = bytes([0, 9, 1]) + (1786700000).to_bytes(4, "big")
    for old in (wrap(bytes([1]) + block), wrap(bytes([2]) + block + dated)):
        shared = decode(CATALOG, old)["t"]
        assert shared.answers == {"s1": 4} and shared.consent is False and shared.sector == ""
    # a format-2 link with the consent flag set by hand is not format 3: its metadata is left out, never trusted
    forged = decode(CATALOG, wrap(bytes([2]) + block + bytes([0, 9, 8])))["t"]
    assert forged.answers == {"s1": 4} and forged.consent is False and forged.about == {}


def test_a_sector_not_on_the_list_is_left_out_and_the_consent_stays():
    shared = decode(CATALOG, encode(CATALOG, {"t": {"s1": 2}}, {"t": {"consent": True, "sector": "ruimtevaart"}}))["t"]
    assert shared.consent is True and shared.sector == ""


def test_every_sector_round_trips_and_the_list_only_grows():
    for sector in _sectors.IDS:
        code = encode(CATALOG, {"t": {}}, {"t": {"consent": True, "sector": sector}})
        assert decode(CATALOG, code)["t"].sector == sector
    # links name a sector by its place in the list: these must never move
    assert _sectors.IDS[:3] == ("gemeente", "overheid", "zorg") and _sectors.code("anders") == 9


@given(st.binary(max_size=12))
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
def test_any_metadata_of_format_3_keeps_the_answers(tail):
    import base64
    import zlib

    body = bytes([3, 9, 1, 4]) + (4).to_bytes(2, "little") + b"\0" + tail
    code = base64.urlsafe_b64encode(body + zlib.crc32(body).to_bytes(4, "big")).rstrip(b"=").decode()
    shared = decode(CATALOG, code)["t"]
    assert shared.answers == {"s1": 4} and isinstance(shared.consent, bool) and shared.sector in ("", *_sectors.IDS)


# --- which results count --------------------------------------------------------------------------------


def test_fewer_than_five_organisations_give_no_file_five_do():
    assert files(senders([1, 2, 3, 4])) == {}
    written = json.loads(files(senders([1, 2, 3, 4, 5]))["t.json"])
    assert written["overall"] == {"alle": {"n": 5, "levels": {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1},
                                           "median": 3, "quartiles": [2, 4]}}
    assert written["period"] == {"from": "2026 Q3", "to": "2026 Q3"} and set(written["themes"]) == {"a", "b"}


def test_only_consented_links_count():
    consented = senders([2, 2, 3, 3, 4])
    refused = [(f"other-{i}.txt", mail(link(5, consent=False))) for i in range(10)]
    assert files(consented + refused) == files(consented)
    counted, reports = bench.read_inputs(CATALOG, refused)
    assert counted == [] and all("zonder toestemming" in r for r in reports) and len(reports) == 10


def test_one_result_per_organisation_and_questionnaire_the_newest():
    others = senders([3, 3, 3, 3])
    # one sender, three results in two quarters: only the newest counts (level 5, in Q4)
    same = mail(link(1, changed="2026-07-02T08:00:00Z"), link(1, changed="2026-09-30T08:00:00Z"),
                link(5, changed="2026-10-05T08:00:00Z"))
    written = json.loads(files([*others, ("one.txt", same)])["t.json"])
    assert written["overall"]["alle"]["n"] == 5 and written["overall"]["alle"]["levels"]["5"] == 1
    assert written["overall"]["alle"]["levels"]["1"] == 0 and written["period"] == {"from": "2026 Q3", "to": "2026 Q4"}
    # in one quarter the newest moment wins, whatever the order of the lines
    a, b = link(1, changed="2026-08-01T08:00:00Z"), link(5, changed="2026-08-20T08:00:00Z")
    assert files([*others, ("x.txt", mail(a, b))]) == files([*others, ("x.txt", mail(b, a))])
    assert json.loads(files([*others, ("x.txt", mail(a, b))])["t.json"])["overall"]["alle"]["levels"]["5"] == 1


def test_an_organisation_named_in_the_links_counts_once_across_mails():
    named = [(f"m{i}.txt", mail(link(4, organisation=" Gemeente  Zaanstad" if i % 2 else "gemeente zaanstad")))
             for i in range(6)]
    assert files(named + senders([2, 2, 2])) == {}  # 1 + 3 organisations
    assert json.loads(files(named + senders([2, 2, 2, 2]))["t.json"])["overall"]["alle"]["n"] == 5


def test_export_files_and_undated_or_damaged_links_do_not_count():
    counted, reports = bench.read_inputs(CATALOG, [
        ("export.json", '{"format": "grip-zelftest-export", "version": 1, "questionnaires": {}}'),
        ("undated.txt", mail(link(3, changed=""))), ("broken.txt", "- T: https://x/#delen=AwkBBAQAAAAA"),
        ("prose.txt", "Alleen tekst, geen link.")])
    assert counted == []
    assert [r.split(":")[0] for r in reports] == ["export.json", "undated.txt, link 1 (T)", "broken.txt, link 1",
                                                  "prose.txt"]


def test_sector_groups_of_five_are_shown_smaller_ones_are_not():
    inputs = (senders([1, 2, 3, 4, 5], sector="zorg") + senders([2, 2, 2, 2], sector="gemeente")
              + senders([3, 3, 3, 3, 3]))
    inputs = [(f"{i}-{name}", text) for i, (name, text) in enumerate(inputs)]
    written = json.loads(files(inputs)["t.json"])
    assert set(written["overall"]) == {"alle", "zorg"} and written["overall"]["alle"]["n"] == 14
    assert written["overall"]["zorg"]["levels"] == {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1}


def test_a_sector_is_left_out_when_the_rest_would_be_a_small_group():
    # zorg 5 + gemeente 6 + 2 without a sector: showing both would reveal the 2 by subtraction
    inputs = senders([1] * 5, sector="zorg") + senders([4] * 6, sector="gemeente") + senders([5, 5])
    inputs = [(f"{i}-{name}", text) for i, (name, text) in enumerate(inputs)]
    written = json.loads(files(inputs)["t.json"])
    assert set(written["overall"]) == {"alle", "gemeente"}  # the rest is now 7
    # everyone gave a sector: every group of five or more is shown, nothing is left over
    full = senders([1] * 5, sector="zorg") + senders([4] * 6, sector="gemeente")
    full = [(f"{i}-{name}", text) for i, (name, text) in enumerate(full)]
    assert set(json.loads(files(full)["t.json"])["overall"]) == {"alle", "zorg", "gemeente"}


# --- properties (Hypothesis) ----------------------------------------------------------------------------

SECTOR_CHOICES = st.sampled_from(["", "zorg", "gemeente", "onderwijs"])
QUARTERS = st.sampled_from(["2026-02-10T10:00:00Z", "2026-05-10T10:00:00Z", "2026-08-10T10:00:00Z",
                            "2026-11-10T10:00:00Z", "2026-11-20T10:00:00Z"])
RESULT = st.tuples(st.integers(1, 5), st.one_of(st.none(), st.integers(1, 5)), SECTOR_CHOICES, QUARTERS,
                   st.integers(0, 14), st.booleans())


def inputs_of(results) -> list[tuple[str, str]]:
    """Results as (level, theme b level, sector, moment, sender, consent): one file per sender."""
    mails: dict[int, list[str]] = {}
    for level, b, sector, changed, sender, consent in results:
        mails.setdefault(sender, []).append(link(level, theme_b=b, sector=sector, changed=changed, consent=consent))
    return [(f"sender-{sender}.txt", mail(*links)) for sender, links in sorted(mails.items())]


def cells(data: dict) -> dict[tuple[str, str], dict]:
    found = {("overall", group): c for group, c in data["overall"].items()}
    found.update({(tid, group): c for tid, groups in data["themes"].items() for group, c in groups.items()})
    return found


@given(st.lists(RESULT, max_size=40))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_every_group_holds_five_or_more_and_no_small_rest_can_be_worked_out(results):
    for text in files(inputs_of(results)).values():
        data = json.loads(text)
        assert _comparison.problems(data, CATALOG) == []
        for key, c in cells(data).items():
            assert c["n"] >= 5, key
        for groups in [data["overall"], *data["themes"].values()]:
            rest = groups["alle"]["n"] - sum(c["n"] for g, c in groups.items() if g != "alle")
            assert rest == 0 or rest >= 5


@given(st.lists(RESULT, max_size=40), st.randoms(use_true_random=False))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_the_same_results_in_any_order_give_the_same_bytes(results, rnd):
    inputs = inputs_of(results)
    shuffled = [(name, mail(*sorted(re.findall(r"https://\S+", text), key=lambda _: rnd.random())))
                for name, text in inputs]
    rnd.shuffle(shuffled)
    assert files(shuffled) == files(inputs)


@given(st.lists(RESULT, max_size=30))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_each_organisation_counts_once_and_only_with_consent(results):
    written = files(inputs_of(results))
    if not written:
        return
    consented = {sender for *_, sender, consent in results if consent}
    assert json.loads(written["t.json"])["overall"]["alle"]["n"] == len(consented)


# --- no small-cell leak, no names -------------------------------------------------------------------------


def test_removing_one_result_from_a_questionnaire_of_five_drops_it_and_changes_nothing_else():
    both = [(f"org-{i}.txt", mail(link(i % 5 + 1), link(3, qid="u") if i < 5 else link(2 + i % 3))) for i in range(8)]
    before = files(both)
    assert json.loads(before["u.json"])["overall"]["alle"]["n"] == 5
    # organisation 0 sends only its result for t: u now has 4 organisations
    after = files([("org-0.txt", mail(link(1))), *both[1:]])
    assert set(before) == {"t.json", "u.json"} and set(after) == {"t.json"}
    assert after["t.json"] == before["t.json"]


def test_removing_one_organisation_from_a_sector_of_five_drops_that_group_only():
    zorg = senders([1, 2, 2, 3, 5], sector="zorg")
    rest = senders([2, 3, 3, 4, 4, 4, 5], sector="gemeente") + senders([1, 3, 4, 4, 5, 5])
    named = [(f"{i}-{name}", text) for i, (name, text) in enumerate(zorg + rest)]
    before, after = json.loads(files(named)["t.json"]), json.loads(files(named[1:])["t.json"])
    gone = {key for key in cells(before) if key[1] == "zorg"}
    assert gone and not {key for key in cells(after) if key[1] == "zorg"}
    for key, c in cells(before).items():
        if key[1] == "zorg":
            continue
        if key[1] == "alle":  # the organisation counts among all, and only there its absence shows: n one less
            assert cells(after)[key]["n"] == c["n"] - 1
        else:
            assert cells(after)[key] == c, key
    assert after["period"] == before["period"] and after["version"] == before["version"]


def test_no_organisation_person_or_day_can_be_found_in_the_files():
    organisations = ["Gemeente Zaanstad", "Stichting Zorggroep Noord", "Energie BV West", "Hogeschool Oost",
                     "Waterschap Delta", "Ministerie van Klantcontact"]
    people = ["Anna de Vries", "Bram Jansen", "Chris Pieters", "Dewi Kaya", "Eva Smit", "Floor Bakker"]
    inputs = [(f"mail-{i}.txt", mail(link(i % 5 + 1, organisation=o, by=p, sector="zorg",
                                          changed=f"2026-0{7 + i % 3}-1{i}T1{i}:2{i}:00Z")))
              for i, (o, p) in enumerate(zip(organisations, people, strict=True))]
    written = files(inputs)
    assert json.loads(written["t.json"])["overall"]["alle"]["n"] == 6
    text = "".join(written.values()).casefold()
    for name in organisations + people:
        for word in name.casefold().split():
            if len(word) > 3:
                assert word not in text, word
    assert not re.search(r"\d{4}-\d{2}|T\d{2}:|mail-|sender|delen", text)
    assert set(re.findall(r"[a-z]+", text)) <= {"format", "questionnaire", "version", "period", "from", "to",
                                                  "overall", "themes", "alle", "zorg", "levels", "median", "n",
                                                  "quartiles", "t", "u", "a", "b", "q"}


# --- refusing what is not a benchmark ---------------------------------------------------------------------


def test_a_group_under_five_is_refused_naming_the_field():
    data = json.loads(files(senders([1, 2, 3, 4, 5]))["t.json"])
    data["themes"]["a"]["alle"]["n"] = 4
    data["themes"]["a"]["alle"]["levels"]["5"] = 0
    found = _comparison.problems(data, CATALOG)
    assert [p.path for p in found] == ["themes.a.alle.n"] and "minstens 5" in found[0].message
    with pytest.raises(ValueError, match="themes.a.alle.n"):
        bench.check(CATALOG, data)


@pytest.mark.parametrize(("change", "path"), [
    (lambda d: d.update(name="Anna"), "name"),
    (lambda d: d.pop("period"), "period"),
    (lambda d: d.update(questionnaire="x"), "questionnaire"),
    (lambda d: d["period"].update({"from": "2026-08-14"}), "period.from"),
    (lambda d: d["themes"].update(c=d["themes"]["a"]), "themes.c"),
    (lambda d: d["overall"].update(ruimtevaart=d["overall"]["alle"]), "overall.ruimtevaart"),
    (lambda d: d["overall"]["alle"]["levels"].update({"1": 3}), "overall.alle.levels"),
    (lambda d: d["overall"]["alle"].update(median=7), "overall.alle.median"),
    (lambda d: d["overall"]["alle"].update(quartiles=[4, 2]), "overall.alle.quartiles"),
    (lambda d: d["overall"]["alle"].update(organisation="Gemeente X"), "overall.alle"),
])
def test_every_problem_names_its_field(change, path):
    data = json.loads(files(senders([1, 2, 3, 4, 5]))["t.json"])
    change(data)
    assert path in [p.path for p in _comparison.problems(data, CATALOG)]


class TestCliBenchmark:
    """The command line (CPython only: the Pyodide suite deselects ``TestCli*``)."""

    def test_writes_a_file_per_questionnaire_and_reports_what_did_not_count(self, tmp_path):
        from pathlib import Path

        from scoring.__main__ import main

        root = Path(__file__).resolve().parents[2]
        from scoring import _links
        from scoring.__main__ import _catalog

        real = _catalog(root / "questionnaires")
        q = real.get("regie")
        mails = []
        for i in range(6):
            meta = {"regie": {"changed": "2026-11-02T10:00:00Z", "consent": i < 5, "sector": "zorg"}}
            code = _links.encode(real, {"regie": {s.id: 1 + i % 5 for s in q.statements}}, meta)
            path = tmp_path / f"mail-{i}.txt"
            path.write_text(mail(f"https://example.org/zelftest/regie/#{_links.PARAM}={code}"), encoding="utf-8")
            mails.append(str(path))
        out = tmp_path / "benchmark"
        import contextlib
        import io

        stdout, stderr = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            code = main(["benchmark", *mails, "--out", str(out), "--questionnaires", str(root / "questionnaires")])
        assert code == 0, stderr.getvalue()
        assert [p.name for p in out.iterdir()] == ["regie.json"]
        assert stdout.getvalue() == f"geschreven: {out / 'regie.json'}: 5 organisaties, 2026 Q4\n"
        assert "mail-5.txt, link 1 (Regie (ketenregie)): niet meegeteld: zonder toestemming" in stderr.getvalue()
        data = json.loads((out / "regie.json").read_text(encoding="utf-8"))
        assert data["overall"]["zorg"]["n"] == 5 and _comparison.problems(data, real) == []


# --- the mail of "Stel je vraag" --------------------------------------------------------------------------


def _ask(**extra):
    from scoring import api

    api.load(json.dumps({"questionnaires": [q.to_dict() for q in CATALOG.ordered()], "history": {}}))
    entry = {"version": 1, "answers": {"s1": 4, "s2": 3}, "changed": {"s1": MOMENT}}
    reply = json.loads(api.handle(json.dumps({"op": "mail", "to": "vragen@example.org", "question": "Hoe?",
                                              "saved": {"t": entry}, "site": "https://example.org/", **extra})))
    assert reply["ok"], reply
    links = [line.split(": ", 1)[1] for line in reply["text"].splitlines() if "#delen=" in line]
    return reply["text"], [decode(CATALOG, item)["t"] for item in links]


def test_a_ticked_consent_makes_the_mailed_links_count_with_the_sector():
    text, [shared] = _ask(consent=True, benchmark_sector="onderwijs")
    assert shared.consent is True and shared.sector == "onderwijs" and shared.changed == MOMENT
    assert shared.about == {}  # never who or which organisation
    assert ("Deze resultaten mogen anoniem meetellen in de vergelijking met andere organisaties. "
            "Sector in de vergelijking: Onderwijs en onderzoek.") in text


@pytest.mark.parametrize("extra", [{}, {"consent": False, "benchmark_sector": "zorg"}, {"consent": "true"},
                                   {"consent": "ja"}, {"benchmark_sector": "zorg"}])
def test_without_a_ticked_consent_the_links_do_not_count(extra):
    text, [shared] = _ask(**extra)
    assert shared.consent is False and shared.sector == "" and "meetellen" not in text


def test_a_sector_not_on_the_list_leaves_the_consent_without_a_sector():
    text, [shared] = _ask(consent=True, benchmark_sector="<b>ruimtevaart</b>")
    assert shared.consent is True and shared.sector == "" and "ruimtevaart" not in text


# --- on the result ------------------------------------------------------------------------------------------


def _score(benchmarks: dict | None, level: int, theme_b: int | None = None) -> str:
    import xml.etree.ElementTree as ET

    from scoring import api

    bundle = {"questionnaires": [q.to_dict() for q in CATALOG.ordered()], "history": {},
              "pages": {"vergelijking.md": "vergelijking/"}}
    if benchmarks is not None:
        bundle["benchmarks"] = benchmarks
    api.load(json.dumps(bundle))
    b = level if theme_b is None else theme_b
    reply = json.loads(api.handle(json.dumps({"op": "score", "questionnaire": "t", "base": "../../",
                                              "answers": {"s1": level, "s2": level, "s3": b, "s4": b}})))
    assert reply["ok"], reply
    root = ET.fromstring(reply["html"])
    section = next(s for s in root.iter("section") if s.get("data-zt-comparison") is not None)
    assert [a.get("href") for a in section.iter("a")] == ["../../vergelijking/"]
    return " ".join(" ".join(section.itertext()).split())


def test_a_result_says_where_it_stands_per_theme_with_n_and_the_period():
    levels = [1, 2, 2, 3, 3, 3, 4, 4, 5] * 2 + [3, 3, 4, 4, 5]  # 23 organisations, quartiles 2.5 and 4
    inputs = [(f"m{i}.txt", mail(link(lv, theme_b=3, changed=f"2026-{8 + i % 4:02d}-10T10:00:00Z")))
              for i, lv in enumerate(levels)]
    counted, _ = bench.read_inputs(CATALOG, inputs)
    data = bench.aggregate(CATALOG, counted)
    assert data["t"]["overall"]["alle"]["quartiles"] == [2.5, 4] and data["t"]["period"]["to"] == "2026 Q4"
    text = _score(data, 3, theme_b=3)
    assert "T 3 bij de middelste helft van 23 organisaties, 2026 Q3–Q4" in text
    assert "A 3 bij de middelste helft van 23 organisaties, 2026 Q3–Q4" in text
    assert "B 3 bij de middelste helft van 23 organisaties" in text  # everyone is at 3 for theme b
    high = _score(data, 5, theme_b=5)
    assert "A 5 bij het hoogste kwart van 23 organisaties" in high and "B 5 bij het hoogste kwart" in high
    assert "T 5 bij het hoogste kwart" in high
    assert "A 1 bij het laagste kwart van 23 organisaties" in _score(data, 1, theme_b=3)
    # theme b without a group of five (removed by hand): nothing to compare with, said per row
    del data["t"]["themes"]["b"]
    assert "B 3 Nog geen vergelijking beschikbaar" in _score(data, 3, theme_b=3)


def test_without_a_benchmark_the_result_says_none_is_available_yet():
    assert _score(None, 3).startswith("Vergelijking met andere organisaties Nog geen vergelijking beschikbaar.")
    assert "organisaties," not in _score({}, 3)
