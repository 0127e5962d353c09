// Boots Pyodide from the given indexURL and lock file and runs one Python function.
self.onmessage = async ({ data }) => {
  try {
    const { loadPyodide } = await import(new URL("pyodide.mjs", data.indexURL).href);
    const pyodide = await loadPyodide({ indexURL: data.indexURL, lockFileURL: data.lockURL });
    const answer = pyodide.runPython("def f(xs):\n    return sum(xs) / len(xs)\nf([1, 2, 3, 4, 5])");
    self.postMessage(`klaar: ${answer}`);
  } catch (error) {
    self.postMessage(`mislukt: ${error}`);
  }
};
