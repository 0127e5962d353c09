// Every page: the service worker (registered after load), the prompt for a new build, Python kept offline, the storage panel.
const root = new URL("../../../", import.meta.url); // this module sits in assets/zelftest/<hash>/
const sw = navigator.serviceWorker;
const $ = (name) => document.querySelector(`[data-grip-${name}]`);
let switching = false;

const ask = (message) => sw.ready.then(({ active }) => new Promise((resolve) => {
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

async function register(asked) { // Save-Data: no background downloads unless the reader asks
  if (!sw || (!asked && navigator.connection?.saveData && !sw.controller)) return null;
  const registration = await sw.register(new URL("sw.js", root), { scope: root.pathname });
  const waiting = () => registration.waiting && sw.controller && prompt(registration);
  registration.addEventListener("updatefound", () => registration.installing.addEventListener("statechange", waiting));
  sw.addEventListener("controllerchange", () => (switching ? location.reload() : prompt(registration)));
  registration.installing?.addEventListener("statechange", waiting);
  waiting();
  return registration;
}

const megabytes = (bytes) => (bytes > 0 && bytes < 5e4 ? "minder dan 0,1 MB" : `${(bytes / 1e6).toLocaleString("nl-NL", { maximumFractionDigits: 1 })} MB`);
async function panel(box) { // the Zelftest page: offline use, what is stored, remove all
  const [store, { ids }] = [await import("./store.js"), JSON.parse(document.getElementById("zt-config").textContent)];
  const keys = () => Object.keys(localStorage).filter((k) => k.startsWith("grip-") || k.startsWith(`${root.pathname}.__`)); // ours, Material's
  const show = async (runtime) => {
    const { usage = 0, usageDetails: d } = (await navigator.storage?.estimate?.()) ?? {};
    const answers = new Blob(keys().map((k) => k + localStorage.getItem(k))).size;
    const parts = d ? `: pagina's en rekenmodule ${megabytes(d.caches ?? 0)}, opgeslagen start van de rekenmodule ${megabytes((d.fileSystem ?? 0) + (d.indexedDB ?? 0))}, antwoorden ${megabytes(answers)}` : `, waarvan antwoorden ${megabytes(answers)}`;
    $("storage").textContent = `Deze site bewaart nu ${megabytes(usage + answers)} in deze browser${parts}.`;
    const state = runtime ?? (sw?.controller ? await ask({ type: "RUNTIME" }) : null);
    const kept = Boolean(state) && state.have === state.total;
    $("offline-state").textContent = kept ? "De vragenlijsten werken zonder internet." : "";
    $("offline-get").hidden = !sw || kept;
  };
  $("offline-get").addEventListener("click", async () => {
    $("offline-state").textContent = "Bezig met downloaden…";
    const state = await register(true).then(() => ask({ type: "RUNTIME", fill: true }), () => null);
    if (state && state.have === state.total) show(state);
    else $("offline-state").textContent = "Dat lukte niet helemaal. Probeer het opnieuw zodra je verbinding hebt.";
  });
  $("remove").addEventListener("click", () => $("remove-dialog").showModal());
  $("remove-export").addEventListener("click", () => store.download(store.all(ids), `grip-zelftest-${new Date().toISOString().slice(0, 10)}.json`));
  $("remove-confirm").addEventListener("click", async () => { // answers, Python's snapshot, caches, the worker
    keys().forEach((key) => localStorage.removeItem(key));
    await navigator.storage.getDirectory?.().then((folder) => folder.removeEntry("python-start.bin")).catch(() => {});
    await new Promise((done) => Object.assign(indexedDB.deleteDatabase("grip-zelftest-python"), { onsuccess: done, onerror: done, onblocked: done })); // before Dec. 2026
    await Promise.all((await caches.keys()).filter((n) => n.startsWith("grip-") && n.endsWith(root.href)).map((n) => caches.delete(n)));
    await Promise.all((await sw?.getRegistrations() ?? []).filter((r) => r.scope === root.href).map((r) => r.unregister()));
    $("remove-dialog").close();
    show({ have: 0, total: 1 });
  });
  box.hidden = false;
  show();
}

const afterPython = (then, status = document.querySelector("[data-zt-status]")) => (status.dataset.ztStarted ? then()
  : new MutationObserver((_, seen) => status.dataset.ztStarted && (seen.disconnect(), then())).observe(status, { attributeFilter: ["data-zt-started"] }));
// Questionnaire: keep Python's files once it runs (HTTP-cached by then). No service worker: online as before.
const start = () => register(false).then((r) => r && document.querySelector("[data-zt-form]") && afterPython(() => ask({ type: "RUNTIME", fill: true }))).catch(() => {});
if ($("offline")) panel($("offline"));
document.readyState === "complete" ? start() : addEventListener("load", start);
