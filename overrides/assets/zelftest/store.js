// Answers in this browser: one localStorage entry per questionnaire ({version, answers, changed, history}).
// One rule: read, merge, write. A save applies only what this tab changed since it last read the entry
// onto what is stored now, so two tabs never overwrite each other; history entries are never dropped.
const PREFIX = "grip-zelftest:";
export const EXPORT_TYPE = "grip-op-uitbesteding/antwoorden";
const key = (id) => PREFIX + id;
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
// answers as the form gives them ("3", "?"), whether they came from the form or from Python (3)
const text = (answers) => Object.fromEntries(Object.entries(answers || {}).map(([sid, value]) => [sid, String(value)]));

// Storage disabled, an unreadable entry, a full disk or private mode: the fallback, never an exception.
const attempt = (task, fallback) => {
  try {
    return task();
  } catch {
    return fallback;
  }
};
export function read(id) {
  const entry = attempt(() => JSON.parse(localStorage.getItem(key(id)) || "null"), null);
  return typeof entry?.answers === "object" && entry.answers ? entry : null;
}
const write = (name, entry) => attempt(() => localStorage.setItem(name, JSON.stringify(entry)) ?? true, false);

// Keep a copy of an entry before anything of another version replaces it.
export const backup = (id, entry) => write(`${key(id)}:v${entry.version}`, entry);

// Save `next`, which this tab made from `base` (what it last read). Each answer changed since `base`
// wins, with its time; every other answer, and every history entry, is kept as stored. Returns the
// entry as stored now (null when the browser refuses to store).
export function update(id, baseGiven, given) {
  const next = { ...given, answers: text(given.answers), history: (given.history || []).map((h) => ({ ...h, answers: text(h.answers) })) };
  const stored = read(id);
  if (stored && stored.version !== next.version) {
    if (stored.version > next.version) return backup(id, next) ? stored : null; // a page of an older build
    backup(id, stored);
  }
  const now = new Date().toISOString();
  const kept = stored?.version === next.version ? stored : { answers: {}, changed: {}, history: [] };
  const base = kept === stored ? baseGiven : null; // a new version starts from everything in `next`
  const merged = { ...kept, ...next, answers: { ...kept.answers }, changed: { ...kept.changed } };
  for (const sid of new Set([...Object.keys(base?.answers || {}), ...Object.keys(next.answers)])) {
    if (String(base?.answers?.[sid]) === String(next.answers[sid])) continue;
    if (sid in next.answers) merged.answers[sid] = next.answers[sid];
    else delete merged.answers[sid];
    merged.changed[sid] = now;
  }
  // the targets and the plan (by item id) the same way: what this tab changed, on top of what is stored
  const byId = (items) => Object.fromEntries((items || []).map((item) => [item.id, item]));
  const apply = (stored, before, now) => Object.entries({ ...before, ...now }).reduce((out, [k]) => (same(before?.[k], now?.[k]) ? out
    : k in (now || {}) ? { ...out, [k]: now[k] } : (({ [k]: gone, ...rest }) => rest)(out)), { ...stored });
  merged.targets = apply(kept.targets, base?.targets, next.targets);
  merged.plan = Object.values(apply(byId(kept.plan), byId(base?.plan), byId(next.plan)));
  for (const list of ["history", "unreadable"]) { // measurements (and unreadable ones) as a set: never dropped
    merged[list] = [...(kept[list] || [])];
    for (const h of next[list] || []) if (!merged[list].some((k) => same(k, h))) merged[list].push(h);
  }
  merged.saved = now;
  return write(key(id), merged) ? merged : null;
}

export function all(ids) {
  return Object.fromEntries(ids.map((id) => [id, read(id)]).filter(([, entry]) => entry));
}

// A line of text a tool page keeps in this browser (the team page's links): kept(name) reads, kept(name, text) writes.
export const kept = (name, text) => attempt(() => (text === undefined ? localStorage.getItem(name) || "" : localStorage.setItem(name, text)), "");

// Calls back with the stored entry when another tab changes it.
export const watch = (id, callback) => window.addEventListener("storage", (event) => event.key === key(id) && callback(read(id)));

// Whether this browser lets us store anything at all (private mode and policies can forbid it).
export const available = () => write(`${PREFIX}probe`, 1) && localStorage.removeItem(`${PREFIX}probe`) === undefined;

// Ask the browser not to evict our data under storage pressure, where it allows that.
export const persist = () => navigator.storage?.persist?.().catch(() => {});

// Save text as a file: {name, type, text} (the plan's CSV and calendar come from Python like this).
export function saveFile({ name, type, text }) {
  const href = URL.createObjectURL(new Blob([text], { type }));
  Object.assign(document.createElement("a"), { href, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}

// Download entries as a JSON file (works without Python and without storage).
export const download = (entries, name) => saveFile({ name, type: "application/json",
  text: JSON.stringify({ type: EXPORT_TYPE, format: 1, exported: new Date().toISOString(), questionnaires: entries }, null, 2) });
