// The page of bare-restore.html: starts its worker and shows what it says (and its step times, moved to the
// page's clock, as window.__bare like bare.html's).
const params = new URLSearchParams(location.search);
const worker = new Worker(new URL("bare-restore-worker.mjs", import.meta.url), { type: "module" });
worker.onmessage = ({ data }) => {
  const shift = data.timeOrigin - performance.timeOrigin;
  window.__bare = { marks: Object.fromEntries(Object.entries(data.marks).map(([k, v]) => [k, v + shift])), files: [] };
  document.getElementById("result").textContent = data.text;
};
worker.postMessage(Object.fromEntries(["index", "lock", "wheel", "bundle", "snapshot"].map((k) => [k, new URL(params.get(k), location.href).href])));
