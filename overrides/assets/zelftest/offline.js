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

const afterPython = (then, status = document.querySelector("[data-zt-status]")) => (status.dataset.ztStarted ? then()
  : new MutationObserver((_, seen) => status.dataset.ztStarted && (seen.disconnect(), then())).observe(status, { attributeFilter: ["data-zt-started"] }));
// A questionnaire page registers only once its Python runs (the shell's 80 files, fetched when the worker
// installs, would share the network and the processor with Python's start), then keeps Python's files, from
// the HTTP cache only (never a second download). No service worker: online as before.
const keep = () => register(false).then((r) => r && ask({ type: "RUNTIME", fill: "cached" }));
const start = () => (document.querySelector("[data-zt-form]") ? afterPython(() => keep().catch(() => {})) : register(false).catch(() => {}));
if ($("offline")) import("./storage.js").then(({ panel }) => panel($("offline")));
document.readyState === "complete" ? start() : addEventListener("load", start);
