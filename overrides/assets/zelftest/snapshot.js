// Python's memory snapshot, kept in this browser so a returning reader's Python starts in well under a second.
// worker.js makes, writes and reads it; "Verwijder alles" (storage.js) forgets it. One per deployment: its
// names carry the site's path, so /grip/ and /grip-test/ on one origin never share or remove each other's.
// Where: a file in the origin's private file system, through a synchronous handle (workers only: 31 MB read
// in ~20 ms); where the worker has no such handle (WebKit, a non-secure origin), IndexedDB. Both follow one
// rule: the key (runtime, lock, wheel) is written last, so a write cut short never matches, and anything
// that does not match is no snapshot. Every failure means "no snapshot", never an error.
export const root = new URL("../../../", import.meta.url).pathname; // this module sits in assets/zelftest/<hash>/
export const CHANNEL = `grip:${root}`; // the site's tabs and workers tell each other {type: "forget"} here
const FILE = `python-start-${encodeURIComponent(root)}.bin`; // 4 bytes (the key's length), the key, the memory
const PROBE = `python-probe-${encodeURIComponent(root)}-`; // + a random part: a moment's file, see where()
const DATABASE = `grip-python:${root}`; // store "snapshot": "memory" (a Blob), then "key" ({key, bytes})
const BEFORE = { file: "python-start.bin", database: "grip-zelftest-python" }; // one per origin, before 2027

const folder = async () => navigator.storage.getDirectory(); // rejects where there is none (plain http)
const header = (key) => {
  const text = new TextEncoder().encode(key);
  const head = new Uint8Array(4 + text.length);
  head.set(text, 4);
  new DataView(head.buffer).setUint32(0, text.length);
  return head;
};

// --- The file, through a synchronous handle ---------------------------------------------------------------
async function readFile(key) {
  const handle = await folder().then((f) => f.getFileHandle(FILE)).then((f) => f.createSyncAccessHandle()).catch(() => null);
  try {
    const [wanted, found] = [header(key), new Uint8Array(header(key).length)];
    if (!handle || handle.read(found, { at: 0 }) !== found.length || found.some((byte, i) => byte !== wanted[i])) return null;
    const memory = new Uint8Array(handle.getSize() - found.length);
    return handle.read(memory, { at: found.length }) === memory.length ? memory : null;
  } catch {
    return null;
  } finally {
    handle?.close();
  }
}
async function writeFile(key, memory) {
  const handle = await folder().then((f) => f.getFileHandle(FILE, { create: true })).then((f) => f.createSyncAccessHandle());
  try {
    const head = header(key);
    handle.truncate(0);
    handle.write(new Uint8Array(head.length), { at: 0 });
    handle.write(memory, { at: head.length });
    handle.flush();
    handle.write(head, { at: 0 });
    handle.flush();
  } finally {
    handle.close();
  }
}
const removeFile = (name = FILE) => folder().then((f) => f.removeEntry(name)).then(() => true, () => false);
// Probe files a worker left when it was stopped in the middle of where() (a page closed at that moment).
const removeProbes = () => folder().then(async (f) => {
  for await (const name of f.keys()) if (name.startsWith(PROBE)) await f.removeEntry(name).catch(() => {});
}).catch(() => {});

// --- IndexedDB ------------------------------------------------------------------------------------------
const request = (r) => new Promise((resolve, reject) => Object.assign(r, { onsuccess: () => resolve(r.result), onerror: () => reject(r.error) }));
const open = () => {
  const opening = indexedDB.open(DATABASE, 1);
  opening.onupgradeneeded = () => opening.result.createObjectStore("snapshot");
  return request(opening);
};
const transaction = (db, mode, task) => new Promise((resolve, reject) => {
  const t = db.transaction("snapshot", mode);
  const result = task(t.objectStore("snapshot"));
  Object.assign(t, { oncomplete: () => resolve(result), onerror: () => reject(t.error), onabort: () => reject(t.error) });
});
// Whether this deployment's database exists (opening it would create it); true where the browser cannot say.
const stored = async () => Boolean(self.indexedDB) && ((await indexedDB.databases?.().catch(() => null)) ?? [{ name: DATABASE }])
  .some((d) => d.name === DATABASE);
async function readDatabase(key) {
  if (!(await stored())) return null;
  const db = await open().catch(() => null);
  try {
    const [head, memory] = await transaction(db, "readonly", (s) => Promise.all([request(s.get("key")), request(s.get("memory"))]))
      .then((gets) => gets, () => [null, null]);
    return head?.key === key && memory?.size === head.bytes ? new Uint8Array(await memory.arrayBuffer()) : null;
  } catch {
    return null;
  } finally {
    db?.close();
  }
}
async function writeDatabase(key, memory) {
  const db = await open();
  try {
    // a Blob: read back in 0.1–0.3 s in WebKit and Firefox, where an ArrayBuffer took 0.5–0.9 s (31 MB, measured)
    await transaction(db, "readwrite", (s) => (s.delete("key"), s.put(new Blob([memory]), "memory")));
    await transaction(db, "readwrite", (s) => s.put({ key, bytes: memory.byteLength }, "key"));
  } finally {
    db.close();
  }
}
const deleteDatabase = (name = DATABASE) => new Promise((done) => {
  if (!self.indexedDB) return done();
  Object.assign(indexedDB.deleteDatabase(name), { onsuccess: done, onerror: done, onblocked: done });
});

// --- What the worker and the page use ---------------------------------------------------------------------

// Where this browser can keep a snapshot: "file", "database", or null (then none is made). The file only
// where a worker's synchronous handle really works: WebKitGTK has the method but rejects every call.
let place = null;
export const where = () => (place ??= (async () => {
  if (self.FileSystemSyncAccessHandle && navigator.storage?.getDirectory) {
    const probe = PROBE + Math.random().toString(36).slice(2); // each worker its own: no lock to meet
    const works = await folder().then((f) => f.getFileHandle(probe, { create: true })).then((f) => f.createSyncAccessHandle())
      .then((handle) => (handle.close(), true), () => false);
    await removeFile(probe);
    if (works) return "file";
  }
  return self.indexedDB && (await open().then((db) => (db.close(), "database"), () => null));
})());

// The memory kept under `key`, or null (both places asked at once: each answer takes a few IPC round trips).
export const read = async (key) => Promise.all([readFile(key), readDatabase(key)]).then(([file, database]) => file ?? database);

// Keep `memory` under `key` where this browser can; the other place and the names used before are cleared.
export async function keep(key, memory) {
  const chosen = await where();
  if (chosen === "file") await writeFile(key, memory).then(() => deleteDatabase());
  else if (chosen === "database") await writeDatabase(key, memory).then(() => removeFile());
  await Promise.all([removeFile(BEFORE.file), deleteDatabase(BEFORE.database), removeProbes()]);
}

// Remove this deployment's snapshot (and the one kept before 2027), wherever it is.
export const forget = () => Promise.all([removeFile(), deleteDatabase(), removeFile(BEFORE.file), deleteDatabase(BEFORE.database), removeProbes()]);

// Bytes this deployment's snapshot takes (0: none).
export async function size() {
  const file = await folder().then((f) => f.getFileHandle(FILE)).then((f) => f.getFile()).then((f) => f.size, () => 0);
  if (file || !(await stored())) return file;
  const db = await open().catch(() => null);
  try {
    return (await transaction(db, "readonly", (s) => request(s.get("key")))
      .then((head) => head, () => null))?.bytes ?? 0;
  } catch {
    return 0;
  } finally {
    db?.close();
  }
}
