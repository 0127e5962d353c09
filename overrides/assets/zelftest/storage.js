// The Zelftest page's panel: offline use, what this site stores in the browser, and one button that removes
// it all (offering the export first). Loaded by offline.js on that page only.
import { $, ask, register, root, sw } from "./offline.js";
import * as store from "./store.js";

const megabytes = (bytes) => (bytes > 0 && bytes < 5e4 ? "minder dan 0,1 MB" : `${(bytes / 1e6).toLocaleString("nl-NL", { maximumFractionDigits: 1 })} MB`);
export function panel(box) {
  const { ids } = JSON.parse(document.getElementById("zt-config").textContent);
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
