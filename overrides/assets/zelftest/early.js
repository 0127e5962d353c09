// Python's worker, started from the head of a questionnaire page while the rest of the page is still being
// read. A classic script on purpose: an async or module script runs only once the whole page is parsed in
// WebKit and Firefox (measured on this page: 0.4–2 s after navigation in WebKitGTK, 0.4–0.55 s in Firefox),
// a classic one as soon as the parser reaches it (30–230 ms). Loaded on every self-test page, as the one
// place that starts a Python worker: python.js (the page module) starts each one through globalThis.gripPython
// and takes over this early one, with whatever it said before anyone listened.
(() => {
  const absolute = (url) => new URL(url, document.baseURI).href;
  const launch = (config, snapshot) => { // a worker told to start (a worker's messages are not kept: `said` keeps them)
    performance.mark("python:worker");
    const worker = new Worker(absolute(config.worker), { type: "module" });
    const said = [];
    worker.onmessage = worker.onerror = (event) => { event.preventDefault(); said.push(event); };
    const { indexURL, lockURL, lock, wheelURL, bundleURL, wheelIntegrity } = config;
    worker.postMessage({ type: "init", snapshot, page: location.href, wheelIntegrity, lock, indexURL: absolute(indexURL), lockURL: absolute(lockURL),
      wheelURL: absolute(wheelURL), bundleURL: absolute(bundleURL) });
    return { worker, said };
  };
  const config = JSON.parse(document.getElementById("zt-config").textContent);
  globalThis.gripPython = { launch, early: config.questionnaire ? launch(config, true) : null };
})();
