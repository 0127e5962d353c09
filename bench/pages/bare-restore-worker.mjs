// Python from a memory snapshot and one score, nothing else (see bare-restore.html).
self.onmessage = async ({ data }) => {
  const marks = {};
  try {
    const bytes = (url) => fetch(url).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`${r.status} ${url}`))));
    const [{ loadPyodide }, saved, wheel, bundle] = await Promise.all([import(new URL("pyodide.mjs", data.index).href),
      bytes(data.snapshot), bytes(data.wheel), fetch(data.bundle).then((r) => r.text())]);
    marks.fetched = performance.now();
    const pyodide = await loadPyodide({ indexURL: data.index, lockFileURL: data.lock, _loadSnapshot: saved });
    marks.restored = performance.now();
    pyodide.FS.writeFile("/lib/scoring.whl", new Uint8Array(wheel)); // where the snapshot's sys.path expects it
    const api = pyodide.pyimport("scoring.api");
    const [first] = JSON.parse(api.load(bundle)).questionnaires;
    const reply = JSON.parse(api.handle(JSON.stringify({ op: "score", questionnaire: first, answers: {} })));
    marks.ran = performance.now();
    self.postMessage({ text: `klaar: ${reply.status}`, marks, timeOrigin: performance.timeOrigin });
  } catch (error) {
    self.postMessage({ text: `mislukt: ${error}`, marks, timeOrigin: performance.timeOrigin });
  }
};
