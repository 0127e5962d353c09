// The Python side of the self-assessment: boots Pyodide from this site, puts the `scoring` wheel on
// sys.path and answers requests with scoring.api.handle(). It holds no rules of its own.
//
// Everything it needs is requested at once, so the downloads overlap with Pyodide's boot: the wheel
// (checked against its sha256 from the lock file by the browser: `integrity`) and the questionnaires.
// The wheel is imported straight from its zip file (Python's zipimport), which skips the unpacking
// and the extra modules that loadPackage() needs: the wheel holds pure Python only.
//
// A returning reader's browser starts much faster from a memory snapshot: after a normal start, the
// state of Python with `scoring` imported is saved (gzip) in this browser's IndexedDB, keyed by the
// content-hashed runtime, lock and wheel, so a new build never meets an old snapshot. The next visit
// restores it instead of booting Python. It is Pyodide's private API (`_makeSnapshot`, `_loadSnapshot`):
// when a restore fails for any reason the snapshot is deleted and Python boots normally. Nothing is
// downloaded for it and nothing leaves the browser.
let api = null;
const WHEEL_PATH = "/lib/scoring.whl";
const SNAPSHOTS = { db: "grip-zelftest-python", store: "snapshots" };

// Why a file could not be fetched, in words a reader can act on (status 0: no answer at all).
const fileName = (url) => decodeURIComponent(new URL(url, self.location.href).pathname.split("/").pop());
function unavailable(url, status) {
  const what = `Een bestand van de rekenmodule (${fileName(url)})`;
  if (status === 404 || status === 410) {
    return `${what} staat niet meer op de server: de site is waarschijnlijk net bijgewerkt. Laad de pagina opnieuw.`;
  }
  if (!status && !navigator.onLine) return `${what} kon niet worden opgehaald: je bent offline. Maak verbinding met internet en probeer het opnieuw.`;
  return `${what} werd niet doorgelaten, waarschijnlijk door het netwerk van je organisatie (een proxy of firewall). ` +
    "Probeer een ander netwerk, of vraag je IT-afdeling om deze site toe te laten.";
}

// Bytes received so far, posted at most every 200 ms: the page shows them, and knows that a slow download
// (13 MB on a train) is not a hang. The counter reads ahead into a large buffer, so it counts bytes as they
// arrive, also while Pyodide is not reading yet (it reads the wasm once pyodide.asm.mjs has loaded).
let received = 0;
let posted = 0;
const READ_AHEAD = new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 * 1024 });
const counter = () => new TransformStream({
  transform(chunk, controller) {
    received += chunk.byteLength;
    if (performance.now() - posted > 200) {
      posted = performance.now();
      self.postMessage({ type: "progress", received });
    }
    controller.enqueue(chunk);
  },
}, undefined, READ_AHEAD);
const counted = (response) => (response.body
  ? new Response(response.body.pipeThrough(counter()), { status: response.status, statusText: response.statusText, headers: response.headers })
  : response);

// Pyodide waits forever when it cannot fetch its wasm (it only logs a warning). So every fetch of this
// worker is watched, and the first that fails ends the start at once, with its cause.
let stop = null;
const stopped = new Promise((_, reject) => { stop = reject; });
stopped.catch(() => {});
const siteFetch = self.fetch.bind(self);
const urlOf = (input) => String(input instanceof Request ? input.url : input);
self.fetch = (input, init) => siteFetch(input, init).then(
  (response) => {
    if (!response.ok) {
      stop(new Error(unavailable(urlOf(input), response.status)));
      return response;
    }
    return counted(response);
  },
  (error) => {
    stop(new Error(unavailable(urlOf(input), 0)));
    throw error;
  },
);

// Our own downloads say what they are: a wheel that fails its sha256 check is "beschadigd".
function download(url, what, options) {
  return siteFetch(url, options).then(
    (response) => {
      if (!response.ok) throw new Error(unavailable(url, response.status));
      return response;
    },
    () => {
      throw new Error(navigator.onLine
        ? `${what} kon niet worden opgehaald of is beschadigd. Laad de pagina opnieuw; lukt het dan nog niet, dan houdt het netwerk van je organisatie het misschien tegen.`
        : unavailable(url, 0));
    },
  ).catch((error) => {
    stop(error);
    throw error;
  });
}

async function importPyodide(indexURL) {
  const url = new URL("pyodide.mjs", indexURL).href;
  try {
    return await import(url);
  } catch {
    const response = await siteFetch(url, { method: "HEAD" }).catch(() => null);
    throw new Error(unavailable(url, response ? (response.ok ? -1 : response.status) : 0));
  }
}

// IndexedDB holding at most one snapshot (a gzip Blob). Every failure means "no snapshot".
function snapshots(mode, use) {
  return new Promise((resolve, reject) => {
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
}
const readSnapshot = (key) => snapshots("readonly", (s) => s.get(key)).catch(() => null);
const forgetSnapshots = () => snapshots("readwrite", (s) => void s.clear()).catch(() => null);
const saveSnapshot = (key, blob) => snapshots("readwrite", (s) => { s.clear(); s.put(blob, key); });
// The snapshot is compressed and saved once the worker has had nothing to do for a while, so it never
// slows down the scoring of a reader who is busy answering.
const IDLE_MS = 2000;
let whenIdle = null;
let idleTimer = 0;
function idle() {
  clearTimeout(idleTimer);
  if (whenIdle) idleTimer = setTimeout(() => { const task = whenIdle; whenIdle = null; task(); }, IDLE_MS);
}

const gunzip = (blob) => new Response(blob.stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer();
const gzip = (bytes) => new Response(new Blob([bytes]).stream().pipeThrough(new CompressionStream("gzip"))).blob();

const STORAGE = typeof indexedDB !== "undefined"; // not in every browser's workers, nor in private modes

// Python from this browser's snapshot, or null (the snapshot is then deleted).
async function restore(loadPyodide, { indexURL, lockURL }, saved, wheel) {
  try {
    const pyodide = await loadPyodide({ indexURL, lockFileURL: lockURL, _loadSnapshot: gunzip(saved) });
    pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheel)); // files are not in the snapshot
    return pyodide.pyimport("scoring.api");
  } catch (error) {
    console.warn("Geheugensnapshot van Python niet bruikbaar; Python start opnieuw.", error);
    await forgetSnapshots();
    return null;
  }
}

// A normal start. It takes the snapshot for the next visit before JavaScript holds any reference into
// Python (a snapshot may contain none) and saves it once the worker is idle.
async function start(loadPyodide, { indexURL, lockURL }, wheel, key) {
  const pyodide = await loadPyodide({ indexURL, lockFileURL: lockURL, _makeSnapshot: true });
  pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheel));
  try {
    pyodide.runPython(`import sys; sys.path.insert(0, "${WHEEL_PATH}"); import scoring.api`);
  } catch (error) {
    throw new Error("Het pakket scoring kon niet worden geladen. Laad de pagina opnieuw.");
  }
  if (STORAGE) {
    try {
      const memory = pyodide.makeMemorySnapshot();
      whenIdle = () => gzip(memory).then((blob) => saveSnapshot(key, blob)).catch(() => {});
    } catch {
      // no snapshot this time; Python works as it is
    }
  }
  return pyodide.pyimport("scoring.api");
}

async function boot({ indexURL, lockURL, wheelURL, wheelIntegrity, bundleURL }) {
  const key = `${indexURL} ${lockURL} ${wheelIntegrity}`;
  const saved = STORAGE ? readSnapshot(key) : Promise.resolve(null);
  const wheel = download(wheelURL, "Het pakket scoring", { integrity: wheelIntegrity }).then((r) => r.arrayBuffer());
  const bundle = download(bundleURL, "De vragenlijsten").then((r) => r.text());
  wheel.catch(() => {}); // awaited below; until then a failure must not count as unhandled
  bundle.catch(() => {});
  const { loadPyodide } = await importPyodide(indexURL);
  const snapshot = await saved;
  const restored = snapshot && (await restore(loadPyodide, { indexURL, lockURL }, snapshot, wheel));
  api = restored || (await start(loadPyodide, { indexURL, lockURL }, wheel, key));
  api.load(await bundle);
  return restored ? "snapshot" : "boot";
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      const started = await Promise.race([boot(data), stopped]);
      self.postMessage({ type: "ready", started });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (data.type === "call") {
    self.postMessage({ type: "reply", id: data.id, response: api.handle(data.request) });
  }
  idle();
};
