// Runs one Python script inside Pyodide in Node, with `scoring` loaded the way the site's worker loads it
// (the wheel from the lock put on sys.path as a zip), and prints what the script's last expression gives.
// Usage: node bench/route.mjs INDEX_DIR LOCK_FILE BUNDLE_JSON SCRIPT_PY   (see bench/route.py)
import { loadPyodide } from "pyodide";
import { readFileSync } from "node:fs";

process.on("uncaughtException", (error) => {
  console.error(error.message || String(error));
  process.exit(1);
});

const [indexURL, lockFileURL, bundlePath, scriptPath] = process.argv.slice(2);
const packageDir = lockFileURL.replace(/[^/]*$/, "");
const py = await loadPyodide({ indexURL, lockFileURL, packageBaseUrl: packageDir });
const wheel = JSON.parse(readFileSync(lockFileURL, "utf8")).packages.scoring.file_name;
py.FS.writeFile("/lib/scoring.whl", readFileSync(packageDir + wheel));
py.runPython(`import sys; sys.path.insert(0, "/lib/scoring.whl")`);
py.FS.writeFile("/bundle.json", readFileSync(bundlePath));
console.log(py.runPython(readFileSync(scriptPath, "utf8")));
