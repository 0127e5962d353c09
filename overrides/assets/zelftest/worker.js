// The Python side of the self-assessment: boots Pyodide from this site, loads the `scoring` wheel
// and answers requests with scoring.api.handle(). It holds no rules of its own.
let api = null;

async function boot({ indexURL, lockURL, bundleURL }) {
  const bundle = fetch(bundleURL).then((r) => {
    if (!r.ok) throw new Error(`vragenlijsten niet gevonden (${r.status})`);
    return r.text();
  });
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({ indexURL, lockFileURL: lockURL });
  const problems = [];
  await pyodide.loadPackage("scoring", { messageCallback: () => {}, errorCallback: (m) => problems.push(m) });
  try {
    api = pyodide.pyimport("scoring.api");
  } catch (error) {
    throw new Error(problems.join(" ") || "het pakket scoring kon niet worden geladen");
  }
  api.load(await bundle);
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    try {
      await boot(data);
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message ? error.message : error) });
    }
  } else if (data.type === "call") {
    self.postMessage({ type: "reply", id: data.id, response: api.handle(data.request) });
  }
};
