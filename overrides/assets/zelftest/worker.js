// Boots Pyodide from this site and answers requests with scoring.api.handle(); no rules of its own. The
// wheel (checked against the lock's sha256) and questionnaires download while Pyodide boots. A returning
// reader starts from a memory snapshot in the origin's private file system (Pyodide's private API), good only
// once the questionnaires loaded and one score succeeded. Every fetch is watched: the first that fails ends
// the start with its cause (Pyodide itself would wait forever), and arriving bytes are posted as progress.
let api = null;
const WHEEL_PATH = "/lib/scoring.whl";
const BUNDLE_PATH = "/lib/vragenlijsten.json";
const FAILED = JSON.stringify({ ok: false, error: "Er ging iets mis bij het berekenen. Je antwoorden zijn bewaard; laad de pagina opnieuw." });

const fileName = (url) => decodeURIComponent(new URL(url, self.location.href).pathname.split("/").pop());
function unavailable(url, status) { // why a file could not be fetched (status 0: no answer at all)
  const what = `Een bestand van de rekenmodule (${fileName(url)})`;
  if (status === 404 || status === 410) return `${what} staat niet meer op de server: de site is waarschijnlijk net bijgewerkt. Laad de pagina opnieuw.`;
  if (!status && !navigator.onLine) return `${what} kon niet worden opgehaald: je bent offline. Maak verbinding met internet en probeer het opnieuw.`;
  return `${what} werd niet doorgelaten, waarschijnlijk door het netwerk van je organisatie (een proxy of firewall). Probeer een ander netwerk, of vraag je IT-afdeling om deze site toe te laten.`;
}

let stop = null;
const stopped = new Promise((_, reject) => { stop = reject; });
stopped.catch(() => {}); // raced in boot(); until then a failure must not count as unhandled
let received = 0;
let posted = 0;
const counter = () => new TransformStream({ // reads ahead, so bytes count as they arrive
  transform(chunk, controller) {
    received += chunk.byteLength;
    if (performance.now() - posted > 200) {
      posted = performance.now();
      self.postMessage({ type: "progress", received });
    }
    controller.enqueue(chunk);
  },
}, undefined, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 * 1024 }));
const siteFetch = self.fetch.bind(self);
const urlOf = (input) => String(input instanceof Request ? input.url : input);
self.fetch = (input, init) => siteFetch(input, init).then((response) => {
  if (!response.ok) return (stop(new Error(unavailable(urlOf(input), response.status))), response);
  const { status, statusText, headers } = response;
  return response.body ? new Response(response.body.pipeThrough(counter()), { status, statusText, headers }) : response;
}, (error) => {
  stop(new Error(unavailable(urlOf(input), 0)));
  throw error;
});

// Our own downloads say what they are ("beschadigd": a wheel that fails its sha256 check).
const download = (url, what, options) => siteFetch(url, options).then((response) => {
  if (!response.ok) throw new Error(unavailable(url, response.status));
  return response;
}, () => {
  throw new Error(navigator.onLine ? `${what} kon niet worden opgehaald of is beschadigd. Laad de pagina opnieuw; lukt het dan nog niet, dan houdt het netwerk van je organisatie het misschien tegen.` : unavailable(url, 0));
}).catch((error) => { stop(error); throw error; });

const importPyodide = (url) => import(url).catch(async () => {
  const response = await siteFetch(url, { method: "HEAD" }).catch(() => null);
  throw new Error(unavailable(url, response ? (response.ok ? -1 : response.status) : 0));
});

// The snapshot: one file in the origin's private file system (OPFS), read and written through a synchronous
// handle, which only workers have: 31 MB read in ~20 ms, where a Blob from IndexedDB took ~100 ms and its
// gunzip ~250 ms more. The file is: 4 bytes (the key's length), the key, the memory. The key is written last,
// so a write cut short never matches. Every failure means "no snapshot": no OPFS (some private windows), or
// another tab holding the file for a moment.
const SNAPSHOT_FILE = "python-start.bin";
const STORAGE = Boolean(self.FileSystemSyncAccessHandle && navigator.storage?.getDirectory);
const openSnapshot = (create) => navigator.storage.getDirectory()
  .then((folder) => folder.getFileHandle(SNAPSHOT_FILE, { create })).then((file) => file.createSyncAccessHandle());
const header = (key) => {
  const text = new TextEncoder().encode(key);
  const head = new Uint8Array(4 + text.length);
  head.set(text, 4);
  new DataView(head.buffer).setUint32(0, text.length);
  return head;
};
async function readSnapshot(key) {
  const file = await openSnapshot(false).catch(() => null);
  try {
    const [wanted, found] = [header(key), new Uint8Array(header(key).length)];
    if (!file || file.read(found, { at: 0 }) !== found.length || found.some((byte, i) => byte !== wanted[i])) return null;
    const memory = new Uint8Array(file.getSize() - found.length);
    return file.read(memory, { at: found.length }) === memory.length ? memory : null;
  } catch {
    return null;
  } finally {
    file?.close();
  }
}
async function writeSnapshot(key, memory) {
  const file = await openSnapshot(true).catch(() => null);
  try {
    const head = header(key);
    file.truncate(0);
    file.write(new Uint8Array(head.length), { at: 0 });
    file.write(memory, { at: head.length });
    file.flush();
    file.write(head, { at: 0 });
    file.flush();
    self.indexedDB?.deleteDatabase("grip-zelftest-python"); // where the snapshot was kept before December 2026
  } catch {} finally {
    file?.close();
  }
}
const forgetSnapshots = () => navigator.storage.getDirectory().then((folder) => folder.removeEntry(SNAPSHOT_FILE)).catch(() => null);
// Saved once the worker has been idle for 2 s, so it never slows the scoring of a reader who is answering.
let whenIdle = null;
let idleTimer = 0;
const idle = () => {
  clearTimeout(idleTimer);
  if (whenIdle) idleTimer = setTimeout(() => { const task = whenIdle; whenIdle = null; task(); }, 2000);
};

// A normal start. The snapshot is taken before JavaScript holds any reference into Python, and after
// scoring.api.warm() loaded the questionnaires and scored once: what a score needs is then in the snapshot.
async function start(loadPyodide, options, wheel, bundle, key) {
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
  pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheel));
  pyodide.FS.writeFile(BUNDLE_PATH, await bundle);
  try {
    pyodide.runPython(`import sys; sys.path.insert(0, "${WHEEL_PATH}"); import scoring.api
with open("${BUNDLE_PATH}", encoding="utf-8") as bundle: scoring.api.warm(bundle.read())`);
  } catch {
    throw new Error("Het pakket scoring kon niet worden geladen. Laad de pagina opnieuw.");
  }
  try { // no snapshot this time when it fails: Python works as it is
    const memory = STORAGE && pyodide.makeMemorySnapshot();
    if (memory) whenIdle = () => writeSnapshot(key, memory);
  } catch {}
  return pyodide.pyimport("scoring.api");
}

// Python from this browser's snapshot, proven by loading the questionnaires and one real score.
async function restore(loadPyodide, options, saved, wheel, bundle) {
  const pyodide = await loadPyodide({ ...options, _loadSnapshot: saved });
  pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheel)); // files are not in the snapshot
  const restored = pyodide.pyimport("scoring.api");
  const [first] = JSON.parse(restored.load(bundle)).questionnaires;
  if (!JSON.parse(restored.handle(JSON.stringify({ op: "score", questionnaire: first, answers: {} }))).ok) throw new Error("score");
  return restored;
}

async function boot({ indexURL, lockURL, wheelURL, wheelIntegrity, bundleURL, snapshot }) {
  const key = `${indexURL} ${lockURL} ${wheelIntegrity}`;
  const saved = STORAGE && snapshot ? readSnapshot(key) : Promise.resolve(null);
  const wheel = download(wheelURL, "Het pakket scoring", { integrity: wheelIntegrity }).then((r) => r.arrayBuffer());
  const bundle = download(bundleURL, "De vragenlijsten").then((r) => r.text());
  [wheel, bundle].forEach((p) => p.catch(() => {})); // awaited below; until then a failure is not unhandled
  import(new URL("pyodide.asm.mjs", indexURL).href).catch(() => {}); // loadPyodide imports it later: fetched and compiled by then
  const { loadPyodide } = await importPyodide(new URL("pyodide.mjs", indexURL).href);
  const options = { indexURL, lockFileURL: lockURL };
  if (await saved) {
    try {
      api = await restore(loadPyodide, options, await saved, wheel, await bundle);
      return "snapshot";
    } catch (error) {
      console.warn("Geheugensnapshot van Python niet bruikbaar; Python start opnieuw.", error);
      await forgetSnapshots();
      throw Object.assign(new Error("De opgeslagen start van de rekenmodule werkte niet."), { retry: true });
    }
  }
  api = await start(loadPyodide, options, wheel, bundle, key);
  return "boot";
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      self.postMessage({ type: "ready", started: await Promise.race([boot(data), stopped]) });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error?.message ?? error), retry: Boolean(error?.retry) });
    }
    if (self.BroadcastChannel) new BroadcastChannel("grip-python").postMessage({ page: data.page }); // the search index may come (service worker)
  } else if (data.type === "call") { // a JavaScript exception around Python still gets an answer
    self.postMessage({ type: "reply", id: data.id, response: await Promise.resolve().then(() => api.handle(data.request)).catch(() => FAILED) });
  }
  idle();
};
