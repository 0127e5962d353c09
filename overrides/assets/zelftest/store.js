// Answers in this browser, in localStorage. This module only moves data: what an entry becomes when a tab
// saves is Python's rule (op "save" in scoring). Keys carry the site's path, so two deployments on one origin
// (/grip/ and /grip-test/) never share answers:
//   grip-zelftest:<path><id>              the questionnaire's entry, as Python last made it
//   grip-zelftest:<path><id>:v<N>         a copy Python set aside (answers an older page could not merge)
//   grip-zelftest:<path><id>:wacht:<tab>  a change of one tab that Python has not merged yet: {base, mine}
// A change is written at once (a tab may close before Python has started), merged by the next Python that
// runs (this tab's, or a later tab's once this one is gone), and only then removed.
export const ROOT = new URL("../../../", import.meta.url).pathname; // this module sits in assets/zelftest/<hash>/
const PREFIX = `grip-zelftest:${ROOT}`;
const LEGACY = "grip-zelftest:"; // keys before December 2026 had no path
const TAB = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const key = (id) => PREFIX + id;
const WAIT = ":wacht:";

// Storage disabled, an unreadable entry, a full disk or private mode: the fallback, never an exception.
const attempt = (task, fallback) => {
  try {
    return task();
  } catch {
    return fallback;
  }
};
const parse = (text) => attempt(() => JSON.parse(text || "null"), null);
const entryOr = (value) => (value && typeof value === "object" && value.answers && typeof value.answers === "object" ? value : null);

// A stored document as it is (the consultant's dossier): Python checks every field when it reads it.
export const raw = (id) => parse(attempt(() => localStorage.getItem(key(id)), null));
export const read = (id) => entryOr(parse(attempt(() => localStorage.getItem(key(id)) ?? localStorage.getItem(LEGACY + id), null)));
const put = (name, value) => attempt(() => localStorage.setItem(name, JSON.stringify(value)) ?? true, false);
export const write = (id, entry) => put(key(id), entry);
export const aside = (id, entry) => put(`${key(id)}:v${entry?.version ?? 0}`, entry);
// Every questionnaire's entry; one with nothing merged yet (its page closed before Python ran) by what it showed.
export const all = (ids) => Object.fromEntries(ids.map((id) => [id, read(id) ?? latest(id)]).filter(([, entry]) => entry));

// Every key of this site in this browser (ours and Material's, which carry the path too), for "Verwijder alles".
export const keys = () => attempt(() => Object.keys(localStorage), []).filter((k) => k.startsWith(PREFIX)
  || k.startsWith(`${ROOT}.__`) || (k.startsWith(LEGACY) && !k.startsWith(`${LEGACY}/`)));

// Tabs take turns with one questionnaire's entry: read, ask Python, write. Without Web Locks (an old browser, or
// a site on plain http) a tab goes ahead alone.
export const locked = (id, task) => (navigator.locks ? navigator.locks.request(key(id), task) : task());
const ALIVE = `${PREFIX}tab:`;
navigator.locks?.request(ALIVE + TAB, () => new Promise(() => {})); // held while this tab lives

// This tab's change not yet merged: {base: the entry it started from, mine: the entry it wants}.
const ownWait = (id) => `${key(id)}${WAIT}${TAB}`;
export const pending = (id) => parse(attempt(() => localStorage.getItem(ownWait(id)), null));
export const note = (id, change) => put(ownWait(id), { ...change, at: Date.now() });
// What the reader did last in any tab, not merged yet (a page reloaded before its Python ran): the form shows it
// until Python has merged it. Only for showing: what is stored is always Python's merge.
export const latest = (id) => keys().filter((k) => k.startsWith(`${key(id)}${WAIT}`))
  .map((k) => parse(attempt(() => localStorage.getItem(k), null))).filter((c) => c?.mine)
  .sort((a, b) => (b.at || 0) - (a.at || 0))[0]?.mine ?? null;
// The changes Python should merge now: this tab's, and those of tabs that are gone (not those of other open
// tabs: they merge their own). Each comes with the text it had, so `done` removes it only if nothing changed since.
export async function waiting(id) {
  const held = navigator.locks ? new Set(((await navigator.locks.query()).held || []).map((lock) => lock.name)) : null;
  return keys().filter((k) => k.startsWith(`${key(id)}${WAIT}`)).flatMap((k) => {
    const tab = k.slice(`${key(id)}${WAIT}`.length);
    const text = attempt(() => localStorage.getItem(k), null);
    const mine = tab === TAB;
    return text && (mine || (held && !held.has(ALIVE + tab))) ? [{ name: k, text, mine, change: parse(text) }] : [];
  });
}
// After Python merged them: remove each change, or, when this tab changed more meanwhile, keep what came after.
export function done(merged) {
  for (const { name, text, change } of merged) {
    const now = attempt(() => localStorage.getItem(name), null);
    if (now === text) attempt(() => localStorage.removeItem(name));
    else if (now) put(name, { base: change.mine, mine: parse(now).mine });
  }
}

// A line of text a tool page keeps in this browser (the team page's links): kept(name) reads, kept(name, text) writes.
export const kept = (name, text) => attempt(() => (text === undefined ? localStorage.getItem(PREFIX + name) || ""
  : localStorage.setItem(PREFIX + name, text)), "");

// Calls back when another tab changed this questionnaire's entry (or, with `whole`, the document under `id`).
export const watch = (id, callback, whole = false) => window.addEventListener("storage", (event) => event.key === key(id) && callback(whole ? raw(id) : read(id)));

// "Verwijder alles" in another tab: forget everything (storage.js posts it; same name there).
export const forgotten = (callback) => self.BroadcastChannel && (new BroadcastChannel(`grip:${ROOT}`).onmessage = ({ data }) => data?.type === "forget" && callback());

// Whether this browser lets us store anything at all (private mode and policies can forbid it).
export const available = () => put(`${PREFIX}probe`, 1) && attempt(() => localStorage.removeItem(`${PREFIX}probe`) ?? true, false);

// Save text as a file: {name, type, text} (Python writes every file a reader downloads).
export function saveFile({ name, type, text }) {
  const href = URL.createObjectURL(new Blob([text], { type }));
  Object.assign(document.createElement("a"), { href, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(href), 1000);
}
