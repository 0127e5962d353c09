// The consultant's dossier. This module only moves data: Python (ops "dossier", "save" with dossier: true, and
// "draft") files the results, merges two tabs' dossiers, and writes every view, notice and file. The dossier is
// stored under one key, changed the way a questionnaire's answers are: inside a Web Lock, read what is stored, ask
// Python for the change, note it (kept if the tab closes), let Python merge it with what waits, write the reply.
import { bootPython, moment } from "./python.js";
import * as store from "./store.js";

const ID = "dossier";
const $ = (name) => document.querySelector(`[data-zt-${name}]`);
const state = { call: null, open: "" }; // Python, once ready; the key of the client shown

const say = (text) => Object.assign($("dossier-notice"), { textContent: text || "", hidden: !text });

// Python merges this tab's change and those of closed tabs into what is stored now, and the reply is written.
async function save(changes, stored) {
  const reply = await state.call({ op: "save", dossier: true, stored, changes: changes.map((c) => c.change), ...moment() });
  if (!reply.ok) return reply;
  if (reply.write && !store.write(ID, reply.entry)) return { ok: false, error: "Deze browser kon het dossier niet bewaren. Maak een export, zodat je niets kwijtraakt." };
  reply.aside.forEach((entry) => store.aside(ID, entry));
  store.done(changes);
  return reply;
}

// One change to the dossier: `make(stored)` asks Python for the dossier this tab wants, then it is saved. An
// import has no base: what it brings joins what is stored, and it removes nothing.
const change = (make, based) => store.locked(ID, async () => {
  const stored = store.raw(ID);
  const reply = await make(stored);
  if (!reply.ok || !reply.dossier) return reply;
  store.note(ID, { base: based ? stored : null, mine: reply.dossier });
  const saved = await save(await store.waiting(ID), stored);
  return saved.ok ? { ...reply, notice: [reply.notice, saved.notice].filter(Boolean).join(" ") } : saved;
});

async function render() {
  const reply = await state.call({ op: "dossier", action: "view", dossier: store.raw(ID), client: state.open || null, base: settings.base, ...moment() });
  if (!reply.ok) return say(reply.error);
  $("dossier-clients").innerHTML = reply.html;
  $("dossier-client").innerHTML = reply.client_html;
  state.open = reply.client_html ? state.open : "";
  $("dossier-open").hidden = !state.open;
  if (document.activeElement !== $("dossier-notes")) $("dossier-notes").value = reply.notes;
  if (reply.notice) say(reply.notice);
}

let settings = null; // the page's config (zt-config)

async function run(make, after = () => {}, based = true) {
  const reply = await change(make, based);
  say(reply.ok ? reply.notice : reply.error);
  if (reply.ok) after(reply);
  await render();
  return reply;
}

const texts = (input) => Promise.all([...input.files].map((file) => file.text()));

export function start(config) {
  settings = config;
  $("dossier-file").addEventListener("click", async () => {
    const given = [$("dossier-text").value, ...(await texts($("dossier-files")))].filter((text) => text.trim());
    if (!given.length) return say("Plak eerst een deellink, de tekst van een e-mail of een exportbestand.");
    let filed = 0;
    for (const text of given) {
      const reply = await run((dossier) => state.call({ op: "dossier", action: "file", dossier, text, client: $("dossier-name").value, ...moment() }),
        (done) => { filed += done.added; state.open = done.client || state.open; });
      if (!reply.ok) return;
    }
    if (filed) [$("dossier-text").value, $("dossier-files").value] = ["", ""];
    await render();
  });
  $("dossier-clients").addEventListener("click", ({ target }) => {
    const button = target.closest("[data-client]");
    if (!button) return;
    state.open = button.dataset.client;
    render().then(() => $("dossier-client").querySelector("h2")?.scrollIntoView());
  });
  $("dossier-save-notes").addEventListener("click", () => run((dossier) => state.call({ op: "dossier", action: "notes", dossier, client: state.open, notes: $("dossier-notes").value })));
  $("dossier-remove").addEventListener("click", ({ target }) => {
    if (!window.confirm(target.dataset.ztConfirm)) return;
    run((dossier) => state.call({ op: "dossier", action: "remove", dossier, client: state.open }), () => (state.open = ""));
  });
  $("dossier-export").addEventListener("click", async () => {
    const reply = await state.call({ op: "dossier", action: "export", dossier: store.raw(ID), ...moment() });
    return reply.ok ? store.saveFile(reply.download) : say(reply.error);
  });
  $("dossier-import").addEventListener("change", async ({ target }) => {
    const [text] = await texts(target);
    target.value = "";
    if (text === undefined) return;
    // the file's dossier joins what is stored (no base: it adds, it never removes)
    const imported = await state.call({ op: "dossier", action: "import", text });
    if (!imported.ok) return say(imported.error);
    await run(async () => imported, () => {}, false);
  });
  $("dossier-draft").addEventListener("click", async () => {
    const reply = await state.call({ op: "draft", dossier: store.raw(ID), client: state.open, ...moment() });
    say(reply.ok ? reply.notice : reply.error);
    if (reply.ok) store.saveFile(reply.download);
  });
  store.watch(ID, () => state.call && render(), true); // another tab changed the dossier
  bootPython(config, async (call) => {
    state.call = call;
    $("status").textContent = "De rekenmodule is klaar.";
    // changes of tabs that closed before they were merged are merged now
    await store.locked(ID, async () => {
      const waiting = await store.waiting(ID);
      if (waiting.length) await save(waiting, store.raw(ID));
    });
    await render();
  });
}
