// Boots Pyodide in Node the way the site's worker does (lock file; the scoring wheel from the lock put on
// sys.path as a zip, imported by zipimport), imports
// every scoring module, runs every API operation on the real questionnaire bundle, and prints the
// Python modules that are then loaded, as JSON. Usage:
//   node grip_build/probe.mjs INDEX_DIR LOCK_FILE BUNDLE_JSON
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";

// Print Python's own traceback, not Node's dump of the minified runtime around the throw.
process.on("uncaughtException", (error) => {
  console.error(error.message || String(error));
  process.exit(1);
});

const [indexURL, lockFileURL, bundlePath] = process.argv.slice(2);
const packageDir = lockFileURL.replace(/[^/]*$/, "");
const py = await loadPyodide({ indexURL, lockFileURL, packageBaseUrl: packageDir });
const wheel = JSON.parse(readFileSync(lockFileURL, "utf8")).packages.scoring.file_name;
py.FS.writeFile("/lib/scoring.whl", readFileSync(packageDir + wheel)); // as worker.js does
py.runPython(`import sys; sys.path.insert(0, "/lib/scoring.whl")`);
py.FS.writeFile("/bundle.json", readFileSync(bundlePath));
const modules = py.runPython(`
import json, pkgutil, importlib, sys
import scoring, scoring.api as api
for info in pkgutil.iter_modules(scoring.__path__):
    if info.name not in ("_source", "__main__"):  # build-time and CLI only
        importlib.import_module("scoring." + info.name)
bundle = open("/bundle.json").read()
api.load(bundle)
def call(**request):
    return json.loads(api.handle(json.dumps(request)))
for q in json.loads(bundle)["questionnaires"]:
    answers = {s["id"]: (i % 5) + 1 for i, s in enumerate(q["statements"])}
    assert call(op="score", questionnaire=q["id"], answers=answers, base="../", now="2026-12-01T10:00:00Z", offset=60)["ok"]
    link = call(op="encode", answers={q["id"]: answers})["link"]
    assert call(op="decode", link=link)["ok"] and call(op="detail", link=link)["ok"]
    assert call(op="team", lines=link + "\\n" + link + "\\nkapot")["ok"]
    assert call(op="migrate", questionnaire=q["id"], version=q["version"], answers=answers)["ok"]
    assert call(op="overview", saved={q["id"]: {"version": q["version"], "answers": answers}})["ok"]
    assert call(op="history", questionnaire=q["id"], entries=[{"date": "2026-11-01", "version": q["version"], "answers": answers}], answers=answers, offset=60)["ok"]
    text = json.dumps({"type": "grip-op-uitbesteding/antwoorden", "questionnaires": {q["id"]: {"version": q["version"], "answers": answers}}})
    assert call(op="import", text=text, now="2026-12-01T10:00:00Z")["ok"]
    assert call(op="mail", to="a@b.nl", question="v", site="https://x.nl/", saved={q["id"]: {"version": q["version"], "answers": answers}})["ok"]
    entry = {"version": q["version"], "answers": answers, "history": []}
    for action in ("measure", "reset", "adopt"):
        assert call(op="entry", action=action, questionnaire=q["id"], entry=entry, answers=answers, now="2026-12-01T10:00:00Z")["ok"]
    assert call(op="save", questionnaire=q["id"], stored=entry, changes=[{"base": entry, "mine": entry}], now="2026-12-01T10:00:00Z", offset=60)["ok"]
    assert call(op="route", questionnaire=q["id"], answers=answers, target=5)["ok"]
    first = q["statements"][0]["id"]
    entry = call(op="plan", action="add", item={"kind": "step", "ref": first}, questionnaire=q["id"], entry=entry, now="2026-12-01T10:00:00Z")["entry"]
    entry = call(op="plan", action="update", id=entry["plan"][0]["id"], field="due", value="2027-01-31", questionnaire=q["id"], entry=entry, now="2026-12-01T10:00:00Z")["entry"]
    for fmt in ("csv", "ics"):
        assert call(op="plan", action="export", format=fmt, questionnaire=q["id"], entry=entry, now="2026-12-01T10:00:00Z")["ok"]
    assert call(op="score", questionnaire=q["id"], answers=answers, targets={"overall": 5}, plan=entry["plan"], site={"name": "x", "url": "https://x.nl/"}, changed="2026-12-01T10:00:00Z", offset=60)["ok"]
    meta = {q["id"]: {"changed": "2026-12-01T10:00:00Z", "about": {"organisation": "Gemeente", "by": "Anna"}}}
    filed = call(op="dossier", action="file", dossier=None, text=call(op="encode", answers={q["id"]: answers}, meta=meta)["link"], now="2026-12-01T10:00:00Z", offset=60)
    dossier = call(op="save", dossier=True, stored=None, changes=[{"base": None, "mine": filed["dossier"]}], now="2026-12-01T10:00:00Z")["entry"]
    assert call(op="dossier", action="view", dossier=dossier, client=filed["client"], offset=60)["ok"]
    exported = call(op="dossier", action="export", dossier=dossier, now="2026-12-01T10:00:00Z")["download"]["text"]
    assert call(op="dossier", action="import", text=exported)["ok"]
    assert call(op="draft", link=link, now="2026-12-01T10:00:00Z", offset=60)["ok"]
    assert not call(op="decode", link="kapot")["ok"] and not call(op="score", questionnaire="x", answers={})["ok"]
json.dumps(sorted(sys.modules))
`);
console.log(modules);
