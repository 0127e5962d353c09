// Every page: the service worker (registered after load), the prompt for a new build, Python kept offline;
// on the Zelftest page also the storage panel (storage.js, loaded there only).
export const root = new URL("../../../", import.meta.url); // this module sits in assets/zelftest/<hash>/
export const sw = navigator.serviceWorker;
export const $ = (name) => document.querySelector(`[data-grip-${name}]`);
let switching = false;

export const ask = (message) => sw.ready.then(({ active }) => new Promise((resolve) => {
  const { port1, port2 } = new MessageChannel();
  port1.onmessage = ({ data }) => resolve(data);
  active.postMessage(message, [port2]);
}));

function prompt(registration) { // static text only; the button hands over to the waiting build
  if ($("update")) return;
  const box = Object.assign(document.createElement("div"), { className: "md-dialog md-dialog--active", role: "status",
    innerHTML: '<div class="md-dialog__inner md-typeset" data-grip-update>Er is een nieuwe versie van deze site. <button type="button" class="md-button md-button--primary">Nu bijwerken</button></div>' });
  box.querySelector("button").addEventListener("click", () => {
    switching = true; // the new worker takes over (controllerchange), then this page reloads as the new build
    if (registration.waiting) registration.waiting.postMessage({ type: "SKIP_WAITING" });
    else location.reload(); // another tab switched already
  });
  document.body.append(box);
}

export async function register(asked) { // Save-Data: no background downloads unless the reader asks
  if (!sw || (!asked && navigator.connection?.saveData && !sw.controller)) return null;
  const registration = await sw.register(new URL("sw.js", root), { scope: root.pathname });
  const waiting = () => registration.waiting && sw.controller && prompt(registration);
  registration.addEventListener("updatefound", () => registration.installing.addEventListener("statechange", waiting));
  sw.addEventListener("controllerchange", () => (switching ? location.reload() : prompt(registration)));
  registration.installing?.addEventListener("statechange", waiting);
  waiting();
  return registration;
}

// Python started (data-zt-started) or could not start (data-zt-failed; "gone": a file of it is no longer on
// the server), as python.js marks the status line.
const afterPython = (then, status = document.querySelector("[data-zt-status]")) => {
  const settled = () => status.dataset.ztStarted || status.dataset.ztFailed;
  if (settled()) return then(status.dataset.ztFailed);
  new MutationObserver((_, seen) => settled() && (seen.disconnect(), then(status.dataset.ztFailed)))
    .observe(status, { attributeFilter: ["data-zt-started", "data-zt-failed"] });
};
// A page of an older build whose Python files the server no longer has (the site was updated since this page
// was kept): the new build takes over at once and the page reloads as it, once. Answers wait in storage.
function takeOver(registration) {
  const next = registration?.waiting || registration?.installing;
  if (!next || !sw.controller) return; // no newer build here: the reader's own reload is what helps
  switching = true;
  const go = () => next.state === "installed" && next.postMessage({ type: "SKIP_WAITING" });
  next.addEventListener("statechange", go);
  go();
}
// A questionnaire page registers only once its Python runs (the shell's 80 files, fetched when the worker
// installs, would share the network and the processor with Python's start), then keeps Python's files, from
// the HTTP cache only (never a second download). No service worker: online as before.
const keep = (failed) => register(false).then((r) => {
  if (failed === "gone") return r?.update().then(() => takeOver(r), () => {});
  return !failed && r && ask({ type: "RUNTIME", fill: "cached" });
});
const start = () => (document.querySelector("[data-zt-form]") ? afterPython((failed) => keep(failed).catch(() => {})) : register(false).catch(() => {}));
if ($("offline")) import("./storage.js").then(({ panel }) => panel($("offline")));
document.readyState === "complete" ? start() : addEventListener("load", start);
