// Answers in this browser: one localStorage entry per questionnaire, naming the version the answers
// were given for, with earlier measurements. Nothing here decides anything about scores.
const PREFIX = "grip-zelftest:";
export const EXPORT_TYPE = "grip-op-uitbesteding/antwoorden";

const key = (id) => PREFIX + id;

export function read(id) {
  try {
    const entry = JSON.parse(localStorage.getItem(key(id)) || "null");
    return entry && typeof entry === "object" && entry.answers && typeof entry.answers === "object" ? entry : null;
  } catch {
    return null; // storage disabled, or an entry we cannot read: treat as none, never overwrite blindly
  }
}

// Returns false when the browser refuses (quota, private mode, storage disabled).
export function write(id, entry) {
  try {
    localStorage.setItem(key(id), JSON.stringify(entry));
    return true;
  } catch {
    return false;
  }
}

// Keep a copy of an entry before anything replaces it (e.g. before migrating to a new version).
export function backup(id, entry) {
  try {
    localStorage.setItem(`${key(id)}:v${entry.version}`, JSON.stringify(entry));
    return true;
  } catch {
    return false;
  }
}

export function all(ids) {
  return Object.fromEntries(ids.map((id) => [id, read(id)]).filter(([, entry]) => entry));
}

// Whether this browser lets us store anything at all (private mode and policies can forbid it).
export function available() {
  try {
    localStorage.setItem(`${PREFIX}probe`, "1");
    localStorage.removeItem(`${PREFIX}probe`);
    return true;
  } catch {
    return false;
  }
}

// Ask the browser not to evict our data under storage pressure, where it allows that.
export function persist() {
  if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(() => {});
}

// Download entries as a JSON file (works without Python and without storage).
export function download(entries, name) {
  const data = { type: EXPORT_TYPE, format: 1, exported: new Date().toISOString(), questionnaires: entries };
  const url = URL.createObjectURL(new Blob([JSON.stringify(data, null, 2)], { type: "application/json" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
