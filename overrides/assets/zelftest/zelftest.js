// The self-assessment pages. This module only moves data: between the form, this browser's storage
// and the Python worker. Every rule (scores, levels, advice, links, what a share link holds) lives
// in the Python package `scoring`; its HTML is built with xml.etree, so all text in it is escaped.
import * as store from "./store.js";
import { bootPython } from "./python.js";

const config = JSON.parse(document.getElementById("zt-config").textContent);
const $ = (name) => document.querySelector(`[data-zt-${name}]`);
const on = (name, event, handler) => $(name)?.addEventListener(event, handler);
const SHARE = "#delen=";
const today = () => new Date().toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });
const STORAGE_FAILED =
  "Je antwoorden kunnen in deze browser niet worden bewaard (de opslag is vol, uitgeschakeld of privé). " +
  "Ze tellen mee zolang deze pagina open is. Bewaar ze met 'Exporteer antwoorden' of 'Deel resultaat'.";

function say(name, text) {
  const node = $(name);
  if (!node) return;
  node.textContent = text || "";
  node.hidden = !text;
}

function exportAll() {
  store.download(store.all(config.ids), `grip-zelftest-${new Date().toISOString().slice(0, 10)}.json`);
}

// --- A questionnaire page --------------------------------------------------------------------
function questionnairePage(form) {
  const id = config.questionnaire;
  const statements = [...form.querySelectorAll("[data-zt-statement]")];
  let call = null;
  let queue = Promise.resolve();
  let shared = location.hash.startsWith(SHARE) ? location.hash : null;
  let entry = store.read(id);
  let pending = null; // answers saved for an older version, waiting for Python to map them

  if (entry && entry.version !== config.version) {
    store.backup(id, entry);
    pending = entry;
    entry = { version: config.version, answers: {}, history: entry.history || [], migrateFrom: entry };
  } else if (entry?.migrateFrom) {
    pending = entry.migrateFrom;
  }

  const answers = () =>
    Object.fromEntries([...form.querySelectorAll("input:checked")].map((input) => [input.name, input.value]));

  function fill(given) {
    for (const input of form.querySelectorAll("input:checked")) input.checked = false;
    for (const [name, value] of Object.entries(given || {})) {
      const input = form.querySelector(`input[name="${CSS.escape(name)}"][value="${CSS.escape(String(value))}"]`);
      if (input) input.checked = true;
    }
    showProgress();
  }

  function showProgress() {
    const given = answers();
    const done = statements.filter((fs) => fs.dataset.ztStatement in given).length;
    $("progress").value = done;
    $("count").textContent = `${done} van ${statements.length} beantwoord`;
    const open = statements.find((fs) => !(fs.dataset.ztStatement in given));
    $("jump").hidden = !open;
    if (open) $("jump").href = `#${open.id}`;
  }

  function save() {
    if (shared) return;
    entry = { ...entry, version: config.version, answers: answers(), saved: new Date().toISOString() };
    entry.history ||= [];
    say("storage", store.write(id, entry) ? "" : STORAGE_FAILED);
  }

  function rescore() {
    if (!call) return queue;
    const given = answers();
    queue = queue.then(async () => {
      const reply = await call({ op: "score", questionnaire: id, answers: given, base: config.base, date: today() });
      if (!reply.ok) {
        $("status").textContent = reply.error;
        return;
      }
      $("result").innerHTML = reply.html;
      $("status").textContent = (shared ? "Gedeeld resultaat: " : "") + reply.status;
      $("actions").hidden = false;
      $("to-result").hidden = false;
      if (!shared) await showHistory(given);
    });
    return queue;
  }

  async function showHistory(given) {
    const reply = await call({ op: "history", questionnaire: id, entries: entry?.history || [], answers: given });
    if (reply.ok) $("history").innerHTML = reply.html;
  }

  async function migrate() {
    const reply = await call({ op: "migrate", questionnaire: id, version: pending.version, answers: pending.answers });
    if (!reply.ok) {
      say("notice", `${reply.error} Je eerdere antwoorden blijven bewaard als kopie.`);
      return;
    }
    fill({ ...reply.answers, ...answers() }); // answers given since then win
    pending = null;
    delete entry.migrateFrom;
    save();
    say("notice", reply.notice);
  }

  async function openShared() {
    form.inert = true;
    $("shared").hidden = false;
    $("shared-text").textContent = "De gedeelde link wordt gelezen…";
    const reply = await call({ op: "decode", link: shared });
    const mine = reply.ok ? reply.questionnaires[id] : null;
    if (!mine) {
      $("shared-text").textContent = reply.ok
        ? "Deze link hoort bij een andere vragenlijst. Open hem op de pagina van die vragenlijst."
        : reply.error;
      $("adopt").hidden = true;
      return;
    }
    $("shared-text").textContent =
      "Je bekijkt een gedeeld resultaat: dit zijn niet jouw antwoorden. Je eigen antwoorden blijven " +
      "bewaard en veranderen niet, tenzij je deze overneemt." + (mine.notice ? ` ${mine.notice}` : "");
    $("adopt").hidden = false;
    fill(mine.answers);
    await rescore();
  }

  function leaveShared() {
    shared = null;
    history.replaceState(null, "", location.pathname + location.search);
    form.inert = false;
    $("shared").hidden = true;
    fill(entry?.answers);
    rescore();
  }

  function archive(date = new Date().toISOString()) {
    if (entry && Object.keys(entry.answers || {}).length) {
      entry.history = [...(entry.history || []), { date, version: config.version, answers: entry.answers }];
    }
  }

  // Restore, then listen. This module runs async: answers clicked before it ran are kept and win.
  const early = answers();
  if (!shared) fill({ ...entry?.answers, ...early });
  if (!shared && Object.keys(early).length) save();
  if (pending) say("notice", "Je eerdere antwoorden horen bij een oudere versie van deze vragenlijst. Ze worden omgezet zodra de rekenmodule klaar is.");
  if (!store.available()) say("storage", STORAGE_FAILED);
  store.persist();

  form.addEventListener("change", () => {
    save();
    showProgress();
    rescore();
  });
  on("jump", "click", (event) => {
    const target = document.getElementById(event.currentTarget.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.querySelector("input")?.focus();
  });
  on("print", "click", () => window.print());
  on("export", "click", exportAll);
  on("share", "click", async () => {
    const reply = await call({ op: "encode", answers: { [id]: answers() } });
    if (!reply.ok) return say("share-message", reply.error);
    const url = new URL(location.href);
    url.hash = `delen=${reply.link}`;
    $("share-panel").hidden = false;
    $("share-link").value = url.href;
    $("share-link").select();
    try {
      await navigator.clipboard.writeText(url.href);
      say("share-message", "De link staat op je klembord. Wie hem opent, ziet jouw antwoorden en resultaat.");
    } catch {
      say("share-message", "Kopieer de link hierboven. Wie hem opent, ziet jouw antwoorden en resultaat.");
    }
  });
  on("snapshot", "click", async () => {
    archive();
    save();
    say("notice", `Je resultaat van ${today()} is bewaard als meting.`);
    await showHistory(answers());
  });
  on("reset", "click", () => $("reset-dialog").showModal());
  on("reset-export", "click", exportAll);
  on("reset-confirm", "click", () => {
    archive();
    entry = { ...entry, answers: {} };
    fill({});
    save();
    $("reset-dialog").close();
    $("result").replaceChildren();
    say("notice", "Je antwoorden zijn gewist. Wat je had ingevuld, staat bij de eerdere metingen.");
    rescore();
  });
  on("import", "change", async (event) => {
    const file = event.target.files[0];
    event.target.value = "";
    if (!file) return;
    const reply = await call({ op: "import", text: await file.text() });
    if (!reply.ok) return say("notice", reply.error);
    const notices = [];
    for (const [qid, imported] of Object.entries(reply.questionnaires)) {
      const own = qid === id ? entry : store.read(qid);
      const kept = [...(own?.history || []), ...imported.history];
      if (own && Object.keys(own.answers || {}).length) {
        kept.push({ date: new Date().toISOString(), version: own.version, answers: own.answers });
      }
      const next = { version: imported.version, answers: imported.answers, saved: new Date().toISOString(), history: kept };
      if (qid === id) {
        entry = next;
        fill(next.answers);
      }
      if (!store.write(qid, next)) say("storage", STORAGE_FAILED);
      if (imported.notice) notices.push(imported.notice);
    }
    const count = Object.keys(reply.questionnaires).length;
    say("notice", `${count} vragenlijst${count === 1 ? "" : "en"} geïmporteerd. Je vorige antwoorden staan bij de eerdere metingen. ${notices.join(" ")}`);
    rescore();
  });
  on("adopt", "click", () => {
    if (Object.keys(entry?.answers || {}).length &&
        !confirm("Je eigen antwoorden worden vervangen door de gedeelde. Je huidige antwoorden blijven bewaard bij de eerdere metingen. Doorgaan?")) return;
    const taken = answers();
    archive();
    shared = null;
    history.replaceState(null, "", location.pathname + location.search);
    form.inert = false;
    $("shared").hidden = true;
    fill(taken);
    save();
    say("notice", "De gedeelde antwoorden zijn nu jouw antwoorden.");
    rescore();
  });
  on("own", "click", leaveShared);
  window.addEventListener("hashchange", () => {
    if (location.hash.startsWith(SHARE)) location.reload();
  });

  bootPython(config, async (caller) => {
    call = caller;
    $("status").textContent = "De rekenmodule is klaar.";
    if (shared) return openShared();
    if (pending) await migrate();
    return rescore();
  });
}

// --- The overview page: status per questionnaire and the three roles together -----------------
function overviewPage(cards) {
  const saved = store.all(config.ids);
  for (const card of cards) {
    const entry = saved[card.dataset.ztCard];
    const given = entry ? Object.keys(entry.answers).length : 0;
    if (given) card.querySelector("[data-zt-card-status]").textContent = `${given} antwoorden bewaard`;
  }
  on("export", "click", exportAll);
  if (!Object.keys(saved).length) return;
  $("roles").hidden = false;
  bootPython(config, async (call) => {
    const reply = await call({ op: "overview", saved, base: config.base });
    if (!reply.ok) return;
    for (const card of cards) {
      const text = reply.statuses[card.dataset.ztCard];
      if (text) card.querySelector("[data-zt-card-status]").textContent = text;
    }
    $("roles-result").innerHTML = reply.html;
    $("status").textContent = "Je niveaus per rol zijn bijgewerkt.";
  });
}

const form = document.querySelector("[data-zt-form]");
if (form) questionnairePage(form);
const cards = document.querySelectorAll("[data-zt-card]");
if (cards.length) overviewPage(cards);
if ($("team") || $("viewer") || $("ask")) import("./tools.js").then((tools) => tools.start(config));
