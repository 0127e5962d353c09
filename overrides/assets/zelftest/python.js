// Starts the module worker that runs the `scoring` package under Pyodide, with a time limit.
const absolute = (url) => new URL(url, document.baseURI).href;

// Resolves with call(request), which sends a JSON request to scoring.api.handle() and resolves with its
// JSON reply; rejects with a Dutch message when the worker fails, or when it gives no sign of life (no
// bytes arriving, not ready) for the time limit: a slow download is not a hang.
export function startPython(config, onProgress = () => {}) {
  return new Promise((resolve, reject) => {
    const worker = new Worker(absolute(config.worker), { type: "module" });
    const waiting = new Map();
    let next = 0;
    let settled = false;
    const fail = (message) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      worker.terminate();
      reject(message);
    };
    let timer = 0;
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => fail(`De rekenmodule gaf ${config.timeout} seconden lang geen teken van leven.`),
        config.timeout * 1000);
    };
    arm();
    const call = (request) => {
      const id = ++next;
      return new Promise((answer) => {
        waiting.set(id, answer);
        worker.postMessage({ type: "call", id, request: JSON.stringify(request) });
      });
    };
    worker.onerror = (event) => {
      event.preventDefault();
      fail("De rekenmodule kon niet worden gestart.");
    };
    worker.onmessage = ({ data }) => {
      if (data.type === "ready" && !settled) {
        settled = true;
        clearTimeout(timer);
        call.started = data.started; // "boot", or "snapshot" when restored from this browser's snapshot
        resolve(call);
      } else if (data.type === "progress" && !settled) {
        arm();
        onProgress(data.received);
      } else if (data.type === "failed") {
        fail(data.message); // a whole Dutch sentence that names the likely cause
      } else if (data.type === "reply") {
        waiting.get(data.id)?.(JSON.parse(data.response));
        waiting.delete(data.id);
      }
    };
    worker.postMessage({
      type: "init",
      indexURL: absolute(config.indexURL),
      lockURL: absolute(config.lockURL),
      wheelURL: absolute(config.wheelURL),
      wheelIntegrity: config.wheelIntegrity,
      bundleURL: absolute(config.bundleURL),
    });
  });
}

// Start Python for a page: the status line, the error box with its retry button, and the controls marked
// data-zt-needs-python (enabled once Python is ready) are found by their data attributes. The page module
// runs async, so the worker starts as soon as it can, often before the page is fully parsed: measured
// with bench pages, waiting for DOMContentLoaded made the first score later and the first answer no sooner.
export function bootPython(config, onReady) {
  const $ = (name) => document.querySelector(`[data-zt-${name}]`);
  const boot = () => {
    const status = $("status");
    const loading = status?.dataset.ztLoading; // each page says what can be done meanwhile
    const started = startPython(config, (received) => {
      if (status) status.textContent = `${loading} (${Math.min(99, Math.round((100 * received) / config.runtimeBytes))}% binnen)`;
    });
    if ($("error")) $("error").hidden = true;
    if (status) status.textContent = loading;
    started.then(
      (call) => {
        $("status")?.setAttribute("data-zt-started", call.started);
        for (const control of document.querySelectorAll("[data-zt-needs-python]")) control.disabled = false;
        onReady(call);
      },
      (message) => {
        if ($("status")) $("status").textContent = "De rekenmodule start niet. Je antwoorden zijn bewaard.";
        if (!$("error")) return;
        $("error-text").textContent = `${message} Je antwoorden zijn bewaard in deze browser; probeer het opnieuw of later.`;
        $("error").hidden = false;
      },
    );
  };
  $("retry")?.addEventListener("click", boot);
  boot();
}
