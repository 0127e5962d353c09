// Boots Pyodide from this site and answers requests with scoring.api.handle(); no rules of its own. The
// wheel (checked against the lock's sha256) and questionnaires download while Pyodide boots. A returning
// reader starts from a memory snapshot kept in this browser (snapshot.js; Pyodide's private API), good only
// once the questionnaires loaded and one score succeeded. Every fetch is watched: the first that fails ends
// the start with its cause (Pyodide itself would wait forever), and arriving bytes are posted as progress.
import * as snapshot from "./snapshot.js";

let api = null; // the module scoring.api, once Python runs
const WHEEL_PATH = "/lib/scoring.whl";
const FAILED = JSON.stringify({ ok: false, error: "Er ging iets mis bij het berekenen. Je antwoorden zijn bewaard; laad de pagina opnieuw." });

const fileName = (url) => decodeURIComponent(new URL(url, self.location.href).pathname.split("/").pop());

// What took the time, for the page's performance timeline (python.js puts it there; the benchmark reads it):
// each step ("python:imported", "python:loaded", ...) and the moment each file arrived ("python:<file>").
// Each step of the start is also a sign of life for the page, which stops a start that stays silent too long
// (python.js). Once started, a step tells the page nothing: no message, so work in idle time (the warm-up)
// never wakes a page the browser keeps in its back/forward cache (Chrome evicts it: "JavaScriptExecution").
let running = false; // the start is over: ready was sent
const mark = (name) => (performance.mark(`python:${name}`), running || self.postMessage({ type: "step", name }));
const timeline = () => ({ origin: performance.timeOrigin, marks: [
  ...performance.getEntriesByType("mark").map(({ name, startTime }) => ({ name, startTime })),
  ...performance.getEntriesByType("resource").map((r) => ({ name: `python:${fileName(r.name)}`, startTime: r.responseEnd })),
] });
mark("script");

// A file the server no longer has (404, 410): the site was updated since this page was kept ("gone").
const failure = (url, status) => Object.assign(new Error(unavailable(url, status)), { gone: status === 404 || status === 410 });
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
  flush() { self.postMessage({ type: "progress", received }); }, // a file complete: the page knows when all are in
}, undefined, new ByteLengthQueuingStrategy({ highWaterMark: 64 * 1024 * 1024 }));
const siteFetch = self.fetch.bind(self);
const urlOf = (input) => String(input instanceof Request ? input.url : input);
// Pyodide's own files, asked for at the start of boot(): Pyodide fetches them only once pyodide.mjs is
// imported and the snapshot looked up, and gets the download already under way (each once).
const ahead = new Map();
const fetchAhead = (urls) => urls.forEach((url) => {
  const response = siteFetch(url);
  response.catch(() => {}); // a failure counts once Pyodide asks for the file (below)
  ahead.set(url, response);
});
const started = (input, init) => {
  const early = !Object.keys(init ?? {}).length && ahead.get(urlOf(input)); // Pyodide passes {} or nothing
  ahead.delete(urlOf(input));
  return early || siteFetch(input, init);
};
self.fetch = (input, init) => started(input, init).then((response) => {
  if (!response.ok) return (stop(failure(urlOf(input), response.status)), response);
  const { status, statusText, headers } = response;
  return response.body ? new Response(response.body.pipeThrough(counter()), { status, statusText, headers }) : response;
}, (error) => {
  stop(new Error(unavailable(urlOf(input), 0)));
  throw error;
});

// Our own downloads say what they are ("beschadigd": a wheel that fails its sha256 check).
const download = (url, what, options) => siteFetch(url, options).then((response) => {
  if (!response.ok) throw failure(url, response.status);
  return response;
}, async () => { // with `integrity`, a 404 rejects like a damaged file: the status says which it was
  const response = await siteFetch(url, { method: "HEAD", cache: "no-store" }).catch(() => null);
  if (response && !response.ok) throw failure(url, response.status);
  throw new Error(navigator.onLine ? `${what} kon niet worden opgehaald of is beschadigd. Laad de pagina opnieuw; lukt het dan nog niet, dan houdt het netwerk van je organisatie het misschien tegen.` : unavailable(url, 0));
}).catch((error) => { stop(error); throw error; });

const importPyodide = (url) => import(url).catch(async () => {
  const response = await siteFetch(url, { method: "HEAD" }).catch(() => null);
  throw failure(url, response ? (response.ok ? -1 : response.status) : 0);
});

// Saved once the worker has been idle for 2 s, so it never slows the scoring of a reader who is answering.
// "Verwijder alles" in any tab says "forget" on the site's channel: a write not yet begun is dropped, and the
// snapshot is removed once this worker's read or write is done (a file cannot be removed while it is open).
let whenIdle = null;
let idleTimer = 0;
let queue = Promise.resolve(); // this worker's reads, writes and removals of the snapshot, one at a time
const queued = (task) => (queue = queue.then(task, task));
const idle = () => {
  clearTimeout(idleTimer);
  if (whenIdle) idleTimer = setTimeout(() => { const task = whenIdle; whenIdle = null; queued(task); }, 2000);
};
if (self.BroadcastChannel) {
  new BroadcastChannel(snapshot.CHANNEL).onmessage = ({ data }) => {
    if (data?.type !== "forget") return;
    whenIdle = null;
    queued(snapshot.forget);
  };
}

// A normal start. After scoring.api.warm() loaded the questionnaires and scored once, what a score needs is in
// Python's memory: the snapshot is taken then, where this browser can keep it, while JavaScript holds no
// reference into Python (every proxy destroyed first).
async function start(loadPyodide, options, wheel, bundle, key) {
  const keepable = await snapshot.where(); // asked at the start of boot(): known by now
  const pyodide = await loadPyodide({ ...options, _makeSnapshot: Boolean(keepable) });
  mark("loaded");
  pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheel));
  const text = await bundle;
  try {
    const sys = pyodide.pyimport("sys");
    sys.path.unshift(WHEEL_PATH);
    const module = pyodide.pyimport("scoring.api");
    module.warm(text);
    mark("warmed");
    [module, sys].forEach((proxy) => proxy.destroy()); // and with them the attribute proxies borrowed from them
  } catch {
    throw new Error("Het pakket scoring kon niet worden geladen. Laad de pagina opnieuw.");
  }
  try { // no snapshot this time when it fails: Python works as it is
    const memory = keepable && pyodide.makeMemorySnapshot();
    mark("snapshot made");
    if (memory) whenIdle = () => snapshot.keep(key, memory).catch(() => {});
  } catch {}
  return pyodide.pyimport("scoring.api");
}

// Python from this browser's snapshot, proven by loading the questionnaires and one real score.
async function restore(loadPyodide, options, saved, wheel, bundle) {
  self.postMessage({ type: "restoring" }); // a restore that hangs is dropped by the page (python.js)
  const pyodide = await loadPyodide({ ...options, _loadSnapshot: saved });
  mark("restored");
  pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheel)); // files are not in the snapshot
  const restored = pyodide.pyimport("scoring.api");
  const [first] = JSON.parse(restored.load(bundle)).questionnaires;
  if (!JSON.parse(restored.handle(JSON.stringify({ op: "score", questionnaire: first, answers: {} }))).ok) throw new Error("score");
  mark("warmed");
  return restored;
}

// The lock comes with the page's config (no fetch of it before Python can start); its address names the snapshot.
async function boot({ indexURL, lockURL, lock, wheelURL, wheelIntegrity, bundleURL, snapshot: usable }) {
  const key = `${indexURL} ${lockURL} ${wheelIntegrity}`;
  fetchAhead([new URL("pyodide.asm.wasm", indexURL).href, new URL("python_stdlib.zip", indexURL).href]);
  const saved = queued(() => (usable ? snapshot.read(key) : snapshot.forget().then(() => null))) // not usable: the page saw it fail
    .finally(() => mark("snapshot read"));
  saved.then((found) => found || snapshot.where()).catch(() => null); // none kept: where a new one could be, found out meanwhile
  const wheel = download(wheelURL, "Het pakket scoring", { integrity: wheelIntegrity }).then((r) => r.arrayBuffer());
  const bundle = download(bundleURL, "De vragenlijsten").then((r) => r.text());
  [wheel, bundle].forEach((p) => p.catch(() => {})); // awaited below; until then a failure is not unhandled
  import(new URL("pyodide.asm.mjs", indexURL).href).catch(() => {}); // loadPyodide imports it later: fetched and compiled by then
  const { loadPyodide } = await importPyodide(new URL("pyodide.mjs", indexURL).href);
  mark("imported");
  const options = { indexURL, lockFileContents: lock, packageBaseUrl: new URL(".", lockURL).href };
  if (await saved) {
    try {
      api = await restore(loadPyodide, options, await saved, wheel, await bundle);
      return "snapshot";
    } catch (error) {
      console.warn("Geheugensnapshot van Python niet bruikbaar; Python start opnieuw.", error);
      await queued(snapshot.forget);
      throw Object.assign(new Error("De snelle start van de rekenmodule werkte niet."), { retry: true });
    }
  }
  api = await start(loadPyodide, options, wheel, bundle, key);
  return "boot";
}

// Idle warm-up, for the reader's next visit: Chrome keeps the compiled code of the wasm functions that tiered up
// (and writes it once no new optimized code came for about two seconds). So once the reader paused for WARM_AFTER
// ms after a score, the worker repeats that score's request a few times, one per task; any message from the page
// stops it at once (the reader's own requests always go first) and a later pause carries on where it stopped.
// Only the reader's own last score is repeated (an op without side effects): no request of JavaScript's making.
const WARM_AFTER = 1000; // ms without a message from the page
const WARM_CALLS = 24; // repeats in all, once per worker (a few hundred ms of work on a laptop)
let warmRequest = null;
let warmLeft = WARM_CALLS;
let warmTimer = 0;
let warmRun = 0; // bumped by every message: a warm-up step of an older run does nothing
const warmStep = (run) => {
  if (run !== warmRun || !warmLeft || !api) return;
  warmLeft--;
  try { api.handle(warmRequest); } catch { warmLeft = 0; }
  if (warmLeft) setTimeout(() => warmStep(run), 0);
  else mark("idle warm-up done");
};
const warmLater = (request) => {
  warmRun++;
  clearTimeout(warmTimer);
  try { if (request && JSON.parse(request)?.op === "score") warmRequest = request; } catch {}
  if (warmRequest && warmLeft) warmTimer = setTimeout(() => warmStep(warmRun), WARM_AFTER);
};

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      self.postMessage({ type: "ready", started: await Promise.race([boot(data), stopped]), timeline: timeline() });
      running = true;
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error?.message ?? error), retry: Boolean(error?.retry), gone: Boolean(error?.gone) });
    }
    if (self.BroadcastChannel) new BroadcastChannel("grip-python").postMessage({ page: data.page }); // the search index may come (service worker)
  } else if (data.type === "call") { // a JavaScript exception around Python still gets an answer
    warmLater(null); // a real request: any warm-up step waits
    self.postMessage({ type: "reply", id: data.id, response: await Promise.resolve().then(() => api.handle(data.request)).catch(() => FAILED) });
    warmLater(data.request);
  }
  idle();
};
