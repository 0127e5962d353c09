// The Python side of the self-assessment: boots Pyodide from this site, puts the `scoring` wheel on
// sys.path and answers requests with scoring.api.handle(). It holds no rules of its own.
//
// Everything it needs is requested at once, so the downloads overlap with Pyodide's boot: the wheel
// (checked against its sha256 from the lock file by the browser: `integrity`) and the questionnaires.
// The wheel is imported straight from its zip file (Python's zipimport), which skips the unpacking
// and the extra modules that loadPackage() needs: the wheel holds pure Python only.
let api = null;
const WHEEL_PATH = "/lib/scoring.whl";

function download(url, what, options) {
  return fetch(url, options).then(
    (response) => {
      if (!response.ok) throw new Error(`${what} niet gevonden (${response.status})`);
      return response;
    },
    () => { throw new Error(`${what} kon niet worden opgehaald of is beschadigd`); },
  );
}

async function boot({ indexURL, lockURL, wheelURL, wheelIntegrity, bundleURL }) {
  const wheel = download(wheelURL, "het pakket scoring", { integrity: wheelIntegrity }).then((r) => r.arrayBuffer());
  const bundle = download(bundleURL, "vragenlijsten").then((r) => r.text());
  wheel.catch(() => {}); // awaited below; until then a failure must not count as unhandled
  bundle.catch(() => {});
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pyodide = await loadPyodide({ indexURL, lockFileURL: lockURL });
  pyodide.FS.writeFile(WHEEL_PATH, new Uint8Array(await wheel));
  pyodide.runPython(`import sys; sys.path.insert(0, "${WHEEL_PATH}")`);
  try {
    api = pyodide.pyimport("scoring.api");
  } catch (error) {
    throw new Error("het pakket scoring kon niet worden geladen");
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
