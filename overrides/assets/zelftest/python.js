// Python in a module worker, as a few named events for the page: progress while it starts, ready (with
// `call`), failed (a Dutch message), lost (it stopped after it was ready). Every call has a time limit;
// a worker that dies or stops answering rejects every pending call. The page decides what to show.
// Workers are started by early.js (a classic script in the head of every self-test page): on a questionnaire
// page it started one already, which the first startPython takes over.
const python = globalThis.gripPython;

export function startPython(config, { snapshot = true, onProgress = () => {}, onLost = () => {} } = {}) {
  return new Promise((resolve, reject) => {
    const { worker, said } = (snapshot && python.early) || python.launch(config, snapshot);
    python.early = null;
    const waiting = new Map(); // call id -> settle(reply, error message)
    const seconds = config.timeout;
    let [next, ready, stopped, timer, restoring] = [0, false, false, 0, false];
    const stop = (message, retry = false, gone = false) => {
      if (stopped) return;
      stopped = true;
      clearTimeout(timer);
      worker.terminate();
      for (const settle of waiting.values()) settle(null, message);
      if (ready) onLost(message);
      else reject(Object.assign(new Error(message), { retry, gone }));
    };
    // while starting, the limit counts from the last sign of life (bytes arriving, a step done): a slow
    // download is not a hang. Once every byte is in, compiling is one long silent step, slower on a busy
    // machine: four times the limit then. A restore from the snapshot that hangs is a snapshot that does not
    // work (retry: Python starts without it).
    let downloaded = false;
    const arm = () => {
      clearTimeout(timer);
      const limit = downloaded ? 4 * seconds : seconds;
      timer = setTimeout(() => stop(`De rekenmodule gaf ${limit} seconden lang geen teken van leven.`, restoring), limit * 1000);
    };
    const call = (request) => new Promise((answer, refuse) => {
      if (stopped) return refuse(new Error("De rekenmodule is onverwacht gestopt."));
      const id = ++next;
      const late = setTimeout(() => stop(`De rekenmodule antwoordde niet binnen ${seconds} seconden.`), seconds * 1000);
      waiting.set(id, (reply, message) => {
        clearTimeout(late);
        waiting.delete(id);
        return message ? refuse(new Error(message)) : answer(reply);
      });
      worker.postMessage({ type: "call", id, request: JSON.stringify(request) });
    });
    worker.onerror = (event) => {
      event.preventDefault();
      stop(ready ? "De rekenmodule is onverwacht gestopt." : "De rekenmodule kon niet worden gestart.");
    };
    worker.onmessage = ({ data }) => {
      if (data.type === "progress" && !ready) (downloaded = data.received >= config.runtimeBytes), onProgress(data.received, arm());
      else if (data.type === "step" && !ready) arm();
      else if (data.type === "restoring") restoring = true;
      else if (data.type === "failed") stop(data.message, data.retry, data.gone); // a Dutch sentence naming the likely cause
      else if (data.type === "reply") waiting.get(data.id)?.(JSON.parse(data.response));
      else if (data.type === "ready") {
        for (const { name, startTime } of data.timeline?.marks ?? []) { // the worker's steps, on this page's clock
          try { performance.mark(name, { startTime: startTime + data.timeline.origin - performance.timeOrigin }); } catch {}
        }
        ready = true;
        clearTimeout(timer);
        call.started = data.started; // "boot", or "snapshot" when restored from this browser's snapshot
        resolve(call);
      }
    };
    arm();
    said.forEach((event) => (event.type === "error" ? worker.onerror : worker.onmessage)(event));
  });
}

// Python for a page: status line, error box, retry button, controls marked data-zt-needs-python. When it
// stops after it was ready, onLost(message) runs and it restarts once by itself, then onReady(call) again;
// a snapshot that does not work, or whose restore hangs, is dropped and Python starts without it, in the same
// visit (the worker told to start without it removes it).
// The reader's moment for every op that dates something: Python turns it into the reader's day and time.
export const moment = () => ({ now: new Date().toISOString(), offset: -new Date().getTimezoneOffset() });

export function bootPython(config, onReady, onLost = () => {}) {
  const $ = (name) => document.querySelector(`[data-zt-${name}]`);
  const status = $("status");
  const show = (text) => status && (status.textContent = text);
  let restarts = 0;
  const fail = (message, gone = false) => { // gone: offline.js lets a newer build of the site take over
    status?.setAttribute("data-zt-failed", gone ? "gone" : "error");
    show("De rekenmodule start niet. Je antwoorden zijn bewaard.");
    $("error-text").textContent = `${message} Je antwoorden zijn bewaard in deze browser; probeer het opnieuw of later.`;
    $("error").hidden = false;
  };
  const boot = (snapshot = true) => {
    $("error").hidden = true;
    show(status?.dataset.ztLoading);
    const onProgress = (bytes) => show(`${status?.dataset.ztLoading} (${Math.min(99, Math.round((100 * bytes) / config.runtimeBytes))}% binnen)`);
    const lost = (message) => (onLost(message), restarts++ < 1 ? boot() : fail(message));
    startPython(config, { snapshot, onProgress, onLost: lost }).then((call) => {
      status?.setAttribute("data-zt-started", call.started);
      for (const control of document.querySelectorAll("[data-zt-needs-python]")) control.disabled = false;
      onReady(call);
    }, (error) => (error.retry && snapshot ? boot(false) : fail(error.message, error.gone)));
  };
  $("retry")?.addEventListener("click", () => boot());
  boot();
}
