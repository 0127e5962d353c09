// The Zelftest page's panel: offline use, what this site stores in the browser, and one button that removes
// it all (offering the export first). Loaded by offline.js on that page only. Works, and says what it did,
// whatever the browser lacks: a page over plain http has no service worker, no caches and no storage manager.
import { $, ask, register, root, sw } from "./offline.js";
import * as snapshot from "./snapshot.js";
import * as store from "./store.js";

const megabytes = (bytes) => (bytes > 0 && bytes < 5e4 ? "minder dan 0,1 MB" : `${(bytes / 1e6).toLocaleString("nl-NL", { maximumFractionDigits: 1 })} MB`);
const attempt = async (task, fallback) => { try { return await task(); } catch { return fallback; } };
const ours = (name) => name.startsWith("grip-") && name.endsWith(root.href); // this deployment's caches

// Bytes in this site's caches, counted entry by entry: the browser's own estimate (where there is one) covers
// the whole origin, and some browsers have none.
async function cached() {
  let bytes = 0;
  for (const name of self.caches ? (await caches.keys()).filter(ours) : []) {
    const cache = await caches.open(name);
    for (const response of await cache.matchAll()) bytes += (await response.blob()).size;
  }
  return bytes;
}

export function panel(box) {
  const show = async (runtime) => {
    const [pages, start] = await Promise.all([attempt(cached, 0), attempt(snapshot.size, 0)]);
    const answers = new Blob(store.keys().map((k) => k + localStorage.getItem(k))).size;
    $("storage").textContent = pages + start + answers ? `Deze site bewaart nu ${megabytes(pages + start + answers)} in deze browser: pagina's en rekenmodule ${megabytes(pages)}, snelle start van de rekenmodule ${megabytes(start)}, antwoorden ${megabytes(answers)}.`
      : "Deze site bewaart nu niets in deze browser.";
    const state = runtime ?? (sw?.controller ? await ask({ type: "RUNTIME" }) : null);
    const kept = Boolean(state) && state.have === state.total;
    if (kept) $("offline-state").textContent = "De vragenlijsten werken zonder internet.";
    $("offline-get").hidden = !sw || kept;
  };
  $("offline-get").addEventListener("click", async () => {
    navigator.storage?.persist?.().catch(() => {}); // asked only now: Firefox asks the reader, not on every page
    $("offline-state").textContent = "Bezig met downloaden…";
    const state = await register(true).then(() => ask({ type: "RUNTIME", fill: "network" }), () => null);
    if (state && state.have === state.total) show(state);
    else $("offline-state").textContent = "Dat lukte niet helemaal. Probeer het opnieuw zodra je verbinding hebt.";
  });
  $("remove").addEventListener("click", () => $("remove-dialog").showModal());
  // "Eerst exporteren" is a [data-zt-export] button: the page's module has Python write the file, as everywhere.
  $("remove-confirm").addEventListener("click", async () => { // each part on its own: one that fails stops nothing
    const start = await attempt(snapshot.size, 0); // before the other tabs' workers hear "forget" and remove it first
    if (self.BroadcastChannel) new BroadcastChannel(snapshot.CHANNEL).postMessage({ type: "forget" }); // other tabs and their Python
    const removed = [];
    const remove = async (what, task) => (await attempt(task, false)) && removed.push(what);
    await remove("je antwoorden", () => store.keys().map((key) => localStorage.removeItem(key)).length);
    await remove("de snelle start van de rekenmodule", async () => start + (await snapshot.forget(), 0));
    await remove("de bewaarde pagina's en rekenmodule", async () => {
      const names = (await caches.keys()).filter(ours);
      return (await Promise.all(names.map((n) => caches.delete(n)))).length;
    });
    await remove("de offlinefunctie (service worker)", async () => {
      const registrations = (await sw.getRegistrations()).filter((r) => r.scope === root.href);
      return (await Promise.all(registrations.map((r) => r.unregister()))).length;
    });
    $("remove-dialog").close();
    $("offline-state").textContent = removed.length ? `Verwijderd uit deze browser: ${removed.join("; ")}.` : "Er was niets om te verwijderen.";
    show({ have: 0, total: 1 });
  });
  box.hidden = false;
  show();
}
