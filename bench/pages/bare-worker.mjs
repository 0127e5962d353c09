// Boots Pyodide from the given indexURL and lock file and runs one Python function. It reports when
// each step ended and when each file it fetched arrived, so the benchmark can say whether the download,
// the compile or the Python start dominates (all in this worker's clock, with its timeOrigin).
self.onmessage = async ({ data }) => {
  const marks = {};
  try {
    const { loadPyodide } = await import(new URL("pyodide.mjs", data.indexURL).href);
    marks.imported = performance.now();
    const pyodide = await loadPyodide({ indexURL: data.indexURL, lockFileURL: data.lockURL });
    marks.loaded = performance.now();
    const answer = pyodide.runPython("def f(xs):\n    return sum(xs) / len(xs)\nf([1, 2, 3, 4, 5])");
    marks.ran = performance.now();
    const files = performance.getEntriesByType("resource").map((r) => ({ name: r.name, end: r.responseEnd, bytes: r.transferSize }));
    self.postMessage({ text: `klaar: ${answer}`, marks, files, timeOrigin: performance.timeOrigin });
  } catch (error) {
    self.postMessage({ text: `mislukt: ${error}`, marks, files: [], timeOrigin: performance.timeOrigin });
  }
};
