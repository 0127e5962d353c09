"""The consultants' command line: ``python -m scoring
score|route|decode|team|dossier|draft-answer|benchmark|record|validate``."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import UTC, datetime
from pathlib import Path

from . import _dates, _dossier, _links, _report, _source, _team, _validate
from ._catalog import Catalog, record
from ._errors import LinkError, QuestionnaireError
from ._score import score

DEFAULT_DIR = Path("questionnaires")
HISTORY = "versions.json"


class UsageError(Exception):
    pass


def _catalog(folder: Path) -> Catalog:
    files = sorted(folder.glob("*.yml"))
    if not files:
        raise UsageError(f"geen vragenlijsten gevonden in {folder}")
    return Catalog.of([_source.load(f) for f in files], _source.load_history(folder / HISTORY))


def _answers(path: str) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise UsageError(f"{path}: geen leesbaar JSON-bestand met antwoorden ({error})") from None
    if not isinstance(data, dict):
        raise UsageError(f"{path}: verwacht een object dat stelling-id's koppelt aan 1-5, \"?\" of \"-\"")
    return data


def cmd_score(args: argparse.Namespace) -> str:
    q = _source.load(args.questionnaire)
    result = score(q, _answers(args.answers))
    if args.format == "markdown":
        return _report.to_markdown(result)
    return json.dumps(_report.to_dict(result), indent=2, ensure_ascii=False) + "\n"


def cmd_route(args: argparse.Namespace) -> str:
    from . import _route

    try:
        target = int(args.target)
    except ValueError:
        raise UsageError(f"--target {args.target!r} is geen getal: kies een niveau van 1 tot en met 5") from None
    q = _source.load(args.questionnaire)
    found = _route.route(q, _answers(args.answers), target, args.theme)
    if args.format == "markdown":
        return _route.to_markdown(found, q)
    return json.dumps(_route.to_dict(found), indent=2, ensure_ascii=False) + "\n"


def cmd_decode(args: argparse.Namespace) -> str:
    catalog = _catalog(Path(args.questionnaires))
    out = {}
    for qid, m in _links.decode(catalog, args.link).items():
        out[qid] = {"version": catalog.get(qid).version, "from_version": m.from_version,
                    "answers": m.answers, "removed": list(m.removed)}
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def cmd_team(args: argparse.Namespace) -> str:
    catalog = _catalog(Path(args.questionnaires))
    entries = []
    for item in args.inputs:
        path = Path(item)
        if path.is_file():
            entries.append((path.stem, path.read_text(encoding="utf-8")))
        else:
            entries.append(("", item))
    members, reports = _team.read_members(catalog, entries)
    for report in reports:
        print(f"let op: {report}", file=sys.stderr)
    if not members:
        raise UsageError("geen enkele link of bestand kon worden gelezen")
    return _report.team_markdown(_team.compare(catalog, members), reports)


def _now() -> _dates.Clock:
    """This computer's clock, as a page's ``now`` and ``offset`` give it."""
    now = datetime.now(UTC).astimezone()
    return _dates.Clock(int(now.timestamp() * 1000), int(now.utcoffset().total_seconds()) // 60)


def _read_input(item: str) -> tuple[str, str]:
    """``(where, text)``: a file's text, or the argument itself (a share link)."""
    path = Path(item)
    if not path.is_file():
        return "", item
    if path.stat().st_size > _dossier.MAX_BYTES:
        raise UsageError(f"{item}: {_dossier.TOO_LARGE}")
    return item, path.read_text(encoding="utf-8", errors="replace")


def cmd_dossier(args: argparse.Namespace) -> str:
    from . import _dossier_view

    catalog = _catalog(Path(args.questionnaires))
    dossier, clock, added = _dossier.empty(), _now(), 0
    for item in args.inputs:
        where, text = _read_input(item)
        filed = _dossier.file(catalog, dossier, _dossier.pieces(text), args.client or "", clock)
        added += filed.added
        for report in filed.reports:
            print(f"let op: {where + ': ' if where else ''}{report}", file=sys.stderr)
    if not dossier.clients:
        raise UsageError("er is niets opgeborgen (zie hierboven waarom)")
    if args.format == "markdown":
        return _dossier_view.markdown(catalog, dossier, clock.offset)
    return json.dumps(dossier.to_dict(), indent=1, ensure_ascii=False) + "\n"


def cmd_draft_answer(args: argparse.Namespace) -> str:
    from ._draft import draft

    catalog = _catalog(Path(args.questionnaires))
    author = args.author or ""
    if author and not (author.replace("-", "").isalnum() and author.isascii() and author == author.lower()):
        raise UsageError(f"--author {author!r}: een id uit docs/vraag-en-antwoord/.authors.yml, zoals marieke")
    _, text = _read_input(args.link)
    clock = _now()
    post = draft(catalog, _team.read_shared(catalog, text), clock, author, clock.offset)
    if not args.out:
        return post["text"]
    out = Path(args.out)
    target = out / post["name"] if out.is_dir() else out
    if target.exists():
        raise UsageError(f"{target} bestaat al: kies een andere plek met --out")
    target.write_text(post["text"], encoding="utf-8")
    return f"geschreven: {target}\n"


def cmd_benchmark(args: argparse.Namespace) -> str:
    from . import _benchmark

    catalog = _catalog(Path(args.questionnaires))
    inputs = [_read_input(item) for item in args.inputs]
    written, reports = _benchmark.write(catalog, inputs, Path(args.out))
    for report in reports:
        print(f"let op: {report}", file=sys.stderr)
    return "".join(f"geschreven: {line}\n" for line in written) or "niets geschreven\n"


def cmd_record(args: argparse.Namespace) -> str:
    folder = Path(args.questionnaires)
    history = _source.load_history(folder / HISTORY)
    added = [q.id for q in (_source.load(f) for f in sorted(folder.glob("*.yml"))) if record(q, history)]
    _source.save_history(folder / HISTORY, history)
    return f"vastgelegd: {', '.join(added)}\n" if added else "niets nieuws vast te leggen\n"


def cmd_validate(args: argparse.Namespace) -> str:
    folder = Path(args.questionnaires)
    docs = Path(args.docs) if args.docs else folder.absolute().parent / "docs"
    if args.docs and not docs.is_dir():
        raise UsageError(f"{args.docs}: geen map met pagina's")
    pages = _validate.pages_in(docs) if docs.is_dir() else None
    loaded = _validate.load_folder(folder, pages.__contains__ if pages is not None else None)
    links = (f"links naar {_validate.shown(docs)} kloppen" if pages is not None
             else "links niet gecontroleerd: geen map docs")
    count = len(loaded.catalog.questionnaires)
    return f"{count} vragenlijst{'en' if count != 1 else ''} in orde ({links})\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scoring", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("score", help="score answers for one questionnaire")
    p.add_argument("questionnaire")
    p.add_argument("answers", help="JSON file: statement id -> 1..5, \"?\" or \"-\"")
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    p.set_defaults(run=cmd_score)
    p = sub.add_parser("route", help="the shortest route to a target level, overall or for one theme")
    p.add_argument("questionnaire")
    p.add_argument("answers", help="JSON file: statement id -> 1..5, \"?\" or \"-\"")
    p.add_argument("--target", required=True, help="the level to reach, 1 to 5")
    p.add_argument("--theme", help="a theme id (default: the whole questionnaire)")
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    p.set_defaults(run=cmd_route)
    p = sub.add_parser("team", help="compare several share links or export files as Markdown")
    p.add_argument("inputs", nargs="+", metavar="LINK_OR_FILE")
    p.add_argument("--questionnaires", default=str(DEFAULT_DIR), help="folder with the questionnaires")
    p.set_defaults(run=cmd_team)
    p = sub.add_parser("dossier", help="file share links, mails with links and export files per client, as JSON "
                       "(the dossier page imports it) or Markdown")
    p.add_argument("inputs", nargs="+", metavar="FILE", help="a file (links, a mail's text, an export) or a link")
    p.add_argument("--client", help="the client for a result whose link names no organisation")
    p.add_argument("--format", choices=("json", "markdown"), default="json")
    p.add_argument("--questionnaires", default=str(DEFAULT_DIR), help="folder with the questionnaires")
    p.set_defaults(run=cmd_dossier)
    p = sub.add_parser("draft-answer", help="draft a Tuesday answer (Markdown) from a share link or export file")
    p.add_argument("link", metavar="LINK", help="a share link, or a file with one (or an export file)")
    p.add_argument("--author", help="your id in docs/vraag-en-antwoord/.authors.yml (default: a slot to fill in)")
    p.add_argument("--out", help="a folder (such as docs/vraag-en-antwoord/posts/) or a file; default: print it")
    p.add_argument("--questionnaires", default=str(DEFAULT_DIR), help="folder with the questionnaires")
    p.set_defaults(run=cmd_draft_answer)
    p = sub.add_parser("benchmark", help="the comparison from consented share links: a JSON file per questionnaire")
    p.add_argument("inputs", nargs="+", metavar="FILE_OR_LINK", help="mails or text files with share links, or links")
    p.add_argument("--out", required=True, help="the folder to write to (benchmark/ at the project's root)")
    p.add_argument("--questionnaires", default=str(DEFAULT_DIR), help="folder with the questionnaires")
    p.set_defaults(run=cmd_benchmark)
    for name, run, text in (("decode", cmd_decode, "print the answers in a share link"),
                            ("record", cmd_record, "record the current version of every questionnaire"),
                            ("validate", cmd_validate, "validate every questionnaire and its version record")):
        p = sub.add_parser(name, help=text)
        if name == "decode":
            p.add_argument("link")
        p.add_argument("--questionnaires", default=str(DEFAULT_DIR), help="folder with the questionnaires")
        if name == "validate":
            p.add_argument("--docs", help="folder with the pages that links name (default: docs beside the "
                           "questionnaires folder, when there is one)")
        p.set_defaults(run=run)
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(args.run(args))
    except _validate.FolderError as error:
        problems = error.located()
        for line in problems:
            print(f"fout: {line}", file=sys.stderr)
        if len(problems) > 1:
            files = len(error.errors)
            print(f"{len(problems)} problemen in {files} bestand{'en' if files > 1 else ''}", file=sys.stderr)
        return 2
    except QuestionnaireError as error:
        first = error.problems[0].located(error.source) if error.problems else error.source
        more = f" (en nog {len(error.problems) - 1})" if len(error.problems) > 1 else ""
        print(f"fout: {first}{more}", file=sys.stderr)
        return 2
    except (LinkError, UsageError) as error:
        print(f"fout: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
