// Boots Pyodide from this site and answers requests with scoring.api.handle(); no rules of its own. The
// wheel (checked against the lock's sha256) and questionnaires download while Pyodide boots. A returning
// reader starts from a memory snapshot in IndexedDB (Pyodide's private API), good only once the
// questionnaires loaded and one score succeeded. Every fetch is watched: the first that fails ends the
// start with its cause (Pyodide itself would wait forever), and arriving bytes are posted as progress.
let api = null;
const WHEEL_PATH = "/lib/scoring.whl";
const SNAPSHOTS = { db: "grip-zelftest-python", store: "snapshots" };
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

// IndexedDB holding at most one snapshot (a gzip Blob); every failure means "no snapshot". It is not in
// every browser's workers, nor in every private mode.
const STORAGE = typeof indexedDB !== "undefined";
const snapshots = (mode, use) => new Promise((resolve, reject) => {
  const open = indexedDB.open(SNAPSHOTS.db, 1);
  open.onupgradeneeded = () => open.result.createObjectStore(SNAPSHOTS.store);
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const tx = open.result.transaction(SNAPSHOTS.store, mode);
    const request = use(tx.objectStore(SNAPSHOTS.store));
    tx.oncomplete = () => { open.result.close(); resolve(request?.result ?? null); };
    tx.onerror = tx.onabort = () => { open.result.close(); reject(tx.error); };
  };
});
const readSnapshot = (key) => snapshots("readonly", (s) => s.get(key)).catch(() => null);
const forgetSnapshots = () => snapshots("readwrite", (s) => void s.clear()).catch(() => null);
const gunzip = (blob) => new Response(blob.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
const gzip = (bytes) => new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).blob();
// Saved once the worker has been idle for 2 s, so it never slows the scoring of a reader who is answering.
let whenIdle = null;
let idleTimer = 0;
const idle = () => {
  clearTimeout(idleTimer);
  if (whenIdle) idleTimer = setTimeout(() => { const task = whenIdle; whenIdle = null; task(); }, 2000);
};

// A normal start. The snapshot is taken before JavaScript holds any reference into Python.
async function start(loadPyodide, options, wheel, key) {
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: true });
  pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheel));
  try {
    pyodide.runPython(`import sys; sys.path.insert(0, "${WHEEL_PATH}"); import scoring.api`);
  } catch {
    throw new Error("Het pakket scoring kon niet worden geladen. Laad de pagina opnieuw.");
  }
  try { // no snapshot this time when it fails: Python works as it is
    const memory = STORAGE && pyodide.makeMemorySnapshot();
    if (memory) whenIdle = () => gzip(memory).then((blob) => snapshots("readwrite", (s) => { s.clear(); s.put(blob, key); })).catch(() => {});
  } catch {}
  return pyodide.pyimport("scoring.api");
}

// Python from this browser's snapshot, proven by loading the questionnaires and one real score.
async function restore(loadPyodide, options, saved, wheel, bundle) {
  const pyodide = await loadPyodide({ ...options, _loadSnapshot: gunzip(saved) });
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
  api = await start(loadPyodide, options, wheel, key);
  api.load(await bundle);
  return "boot";
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      self.postMessage({ type: "ready", started: await Promise.race([boot(data), stopped]) });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error?.message ?? error), retry: Boolean(error?.retry) });
    }
  } else if (data.type === "call") { // a JavaScript exception around Python still gets an answer
    self.postMessage({ type: "reply", id: data.id, response: await Promise.resolve().then(() => api.handle(data.request)).catch(() => FAILED) });
  }
  idle();
};
