// The self-assessment pages. This module only moves data: between the form, this browser's storage
// and the Python worker. Every rule (scores, levels, advice, links, what a share link holds) lives
// in the Python package `scoring`; its HTML is built with xml.etree, so all text in it is escaped.
import * as store from "./store.js";
import { bootPython, moment } from "./python.js";

const config = JSON.parse(document.getElementById("zt-config").textContent);
const $ = (name) => document.querySelector(`[data-zt-${name}]`);
const on = (name, event, handler) => document.querySelectorAll(`[data-zt-${name}]`).forEach((node) => node.addEventListener(event, handler));
const say = (name, text) => $(name) && Object.assign($(name), { textContent: text || "", hidden: !text });

// --- A questionnaire page: one state, and every way it can change -----------------------------
// state.mode: "own" (the reader's answers) | "shared" (a share link, read only). state.python: "starting" |
// "ready" | "lost" (stopped after it was ready; it restarts once by itself). state.entry: the stored entry as
// this tab last read or wrote it. A change of the reader is noted in storage at once and merged by Python
// (op "save") under a lock per questionnaire, so tabs take turns; the actions in `act` are the only things
// that change the state, render() shows it.
function questionnairePage(form) {
  const id = config.questionnaire;
  const statements = [...form.querySelectorAll("[data-zt-statement]")];
  const state = { mode: location.hash.startsWith(config.share) ? "shared" : "own", python: "starting", call: null,
    entry: store.read(id), shared: null, unfolded: false, resultInView: false };
  state.known = JSON.stringify(state.entry); // the stored entry this tab's form was filled from, or it wrote last
  const about = $("about").elements; // organisation, by, share: kept with the answers, printed with the result
  const answers = () => Object.fromEntries([...form.querySelectorAll("input:checked")].map((i) => [i.name, i.value]));
  // an entry of another version waits for Python to carry it over; until then the form shows only new answers
  const current = () => !state.entry || (state.entry.version === config.version && !state.entry.migrateFrom);
  const wanted = () => store.pending(id)?.mine ?? (current() ? state.entry : null); // what this tab shows as its own

  const fill = (entry) => {
    form.querySelectorAll("input").forEach((input) => { input.checked = String(entry?.answers?.[input.name]) === input.value; });
    for (const name of ["organisation", "by"]) { // a field the reader is typing in keeps what they typed
      if (document.activeElement !== about[name]) about[name].value = entry?.about?.[name] || "";
    }
    about.share.checked = Boolean(entry?.about?.share);
  };

  function render() {
    const open = statements.filter((fs) => !(fs.dataset.ztStatement in answers()));
    $("progress").value = statements.length - open.length;
    $("count").textContent = config.counted[$("progress").value]; // Python's words (grip_build/views.py)
    Object.assign($("jump"), { hidden: !open.length, href: `#${open[0]?.id}` });
    if (!open.length) $("to-result").hidden = false; // at the last answer
    const shared = state.mode === "shared";
    // every statement answered (or "weet ik niet" / "n.v.t."): completing makes it a dated measurement
    document.querySelectorAll("[data-zt-complete]").forEach((button) => { button.hidden = Boolean(open.length) || shared; });
    $("complete-end").hidden = Boolean(open.length) || shared;
    document.body.dataset.ztMode = state.mode;
    form.inert = shared;
    form.hidden = $("bar").hidden = shared && !state.unfolded; // a shared link opens on its result
    $("bar").classList.toggle("zt-bar--away", state.resultInView); // the result on screen: the bar steps aside
    $("fold").setAttribute("aria-expanded", String(state.unfolded));
    $("fold").textContent = state.unfolded ? "Verberg de antwoorden" : "Toon de antwoorden";
    $("shared").hidden = $("shared-actions").hidden = !shared;
    $("about").disabled = shared;
    for (const name of ["snapshot", "reset", "import", "export"]) $(name).disabled = (shared && name !== "export") || (name !== "reset" && state.python !== "ready");
    $("result").classList.toggle("zt-stale", state.python === "lost");
  }

  // One request to Python at a time; a failed one never blocks the next.
  let queue = Promise.resolve();
  const ask = (request) => (queue = queue.then(() => state.call(request)).catch((error) => ({ ok: false, error: error.message })));

  // The reader changed something: noted at once (kept even if this tab closes before Python runs), then merged.
  function change(next) {
    state.touched = true;
    const before = store.pending(id);
    const noted = store.note(id, { base: before ? before.base : (current() ? state.entry : null), mine: { ...next, version: config.version } });
    $("storage").hidden = noted;
    return act.merge();
  }
  // Python merges the waiting changes (this tab's, and those of closed tabs) into what is stored now.
  let merging = Promise.resolve();
  // open: also when nothing waits (the page opened, or came back): the shared answers may be newer elsewhere.
  const merge = (open) => store.locked(id, async () => {
    const changes = await store.waiting(id);
    const stored = store.read(id);
    if (!open && !changes.length && (!stored || (stored.version === config.version && !stored.migrateFrom))) return false;
    const others = store.all(config.ids.filter((qid) => qid !== id)); // their answers to the statements shared with this one
    const reply = await ask({ op: "save", questionnaire: id, stored, changes: changes.map((c) => c.change), others, ...moment() });
    if (reply.ok && !reply.write) return store.done(changes), false; // nothing to store: the same entry, or none
    const foreign = JSON.stringify(stored) !== state.known; // another tab wrote since this one read
    if (!reply.ok || !store.write(id, reply.entry)) { // the changes keep waiting in storage
      if (reply.ok) $("storage").hidden = false;
      else say("notice", reply.error);
      return false;
    }
    reply.aside.forEach((entry) => store.aside(id, entry));
    store.done(changes);
    state.entry = reply.entry;
    state.known = JSON.stringify(reply.entry);
    if (reply.notice) say("notice", reply.notice);
    return { notice: reply.notice, foreign };
  });
  // An action on the stored entry itself (measure, reset, adopt, import, the plan): on what is stored now, in turn.
  async function transact(qid, request) {
    if (qid === id) await act.merge();
    return store.locked(qid, async () => {
      const reply = await ask({ ...request, questionnaire: qid, entry: store.read(qid), ...moment() });
      if (reply.ok && reply.entry) {
        if (!store.write(qid, reply.entry)) $("storage").hidden = false;
        if (qid === id) Object.assign(state, { entry: reply.entry, known: JSON.stringify(reply.entry) });
      }
      return reply;
    });
  }
  const showStored = () => { // the form follows storage, unless this tab has a change of its own waiting
    if (state.mode !== "own" || store.pending(id) || !current()) return false;
    const before = JSON.stringify([answers(), about.organisation.value, about.by.value, about.share.checked]);
    fill(state.entry);
    return before !== JSON.stringify([answers(), about.organisation.value, about.by.value, about.share.checked]);
  };

  const act = {
    answered(changed = true) {
      render();
      act.score();
      if (changed && state.mode === "own") change({ ...wanted(), answers: answers() });
    },
    merge(open = false) {
      if (!state.call) return merging;
      merging = merging.then(() => merge(open)).then((merged) => {
        if (!merged || !showStored()) return;
        if (merged.foreign && !merged.notice) say("notice", "Bijgewerkt in een ander venster.");
        act.answered(false);
      }, () => {});
      return merging;
    },
    storedElsewhere(entry) { // another tab saved, or the page came back from the back/forward cache
      const before = JSON.stringify(state.entry);
      state.entry = entry;
      if (store.pending(id)) return act.merge();
      state.known = JSON.stringify(entry);
      if (showStored()) say("notice", "Bijgewerkt in een ander venster.");
      else if (before === JSON.stringify(entry)) return;
      act.answered(false); // the plan, targets or measurements may have changed too
    },
    forgotten() { // "Verwijder alles" in another tab removed everything this site stored
      Object.assign(state, { entry: null });
      fill(null);
      say("notice", "Alles wat deze site in je browser bewaarde, is verwijderd in een ander venster.");
      act.answered(false);
    },
    async ready(call) {
      if (state.python === "lost") say("notice", "De rekenmodule stopte onverwacht en is opnieuw gestart. Je resultaat is bijgewerkt.");
      Object.assign(state, { call, python: "ready" });
      render();
      if (state.mode === "shared") {
        act.merge(true); // changes of closed tabs wait no longer
        return act.openShared();
      }
      await act.merge(true);
      return act.score(!state.touched); // nothing changed by the reader yet: the status says where they stand
    },
    lost(message) {
      state.python = "lost";
      say("notice", `${message} Het resultaat is niet bijgewerkt tot de rekenmodule opnieuw is gestart.`);
      render();
    },
    async score(arrival = false) { // arrival: the page's first score, nothing changed yet
      if (!state.call) return;
      const given = answers();
      const shared = state.mode === "shared" ? state.shared : null;
      const own = wanted();
      const reply = await ask({ op: "score", questionnaire: id, answers: given, base: config.base, ...moment(),
        site: { name: config.siteName, url: new URL(config.base, location.href).href }, shared: Boolean(shared),
        about: shared ? shared.about : own?.about, changed: shared ? shared.changed : Object.values(own?.changed || {}).sort().pop(),
        targets: shared ? null : own?.targets, plan: shared ? null : own?.plan,
        history: shared ? null : state.entry?.history || [], arrival }); // the measurements: the result says what moved
      if (!reply.ok) {
        $("status").textContent = `${reply.error} Het resultaat hieronder is niet bijgewerkt.`;
        return $("result").classList.add("zt-stale");
      }
      const focused = document.activeElement?.id; // a plan field being edited keeps the focus, where it is
      $("result").innerHTML = reply.html;
      if (focused) document.getElementById(focused)?.focus({ preventScroll: true });
      $("status").textContent = reply.status;
      if (shared && reply.shared_line) $("shared-line").textContent = reply.shared_line;
      $("actions").hidden = $("to-result").hidden = false;
      render();
      if (state.mode !== "own") return;
      const past = await ask({ op: "history", questionnaire: id, entries: state.entry?.history || [], answers: given, ...moment() });
      if (past.ok) $("history").innerHTML = past.html;
      if (past.ok && past.notice && past.notice !== state.told) say("notice", (state.told = past.notice)); // once
    },
    async openShared() { // the line at the top is Python's (shared_line); a damaged link or a migration adds a note
      const reply = await ask({ op: "decode", link: location.hash });
      state.shared = reply.ok ? reply.questionnaires[id] : null;
      $("adopt").hidden = !state.shared;
      if (!state.shared) {
        $("status").textContent = "";
        say("shared-text", reply.ok ? "Deze link hoort bij een andere vragenlijst. Open hem op de pagina van die vragenlijst." : reply.error);
        return;
      }
      say("shared-text", state.shared.notice);
      fill({ answers: state.shared.answers });
      await act.score();
    },
    leaveShared() {
      history.replaceState(null, "", location.pathname + location.search);
      Object.assign(state, { mode: "own", entry: store.read(id) }); // what is stored now, not what was read at load
      fill(wanted());
      act.answered(false);
    },
    // measure, reset, adopt: Python decides the next entry (what is archived, what is kept) and says so
    async change(action, extra = {}) {
        const reply = await transact(id, { op: "entry", action, ...extra });
      say(action === "measure" ? "measured" : "notice", reply.ok ? reply.notice : reply.error);
      if (!reply.ok) return reply;
      fill(state.entry);
      await act.score();
      return reply;
    },
    async complete() { // "Rond af en bewaar deze meting": the dated measurement, then the result, saying so there
      const reply = await act.change("measure");
      const heading = document.getElementById("resultaat");
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
      heading.scrollIntoView();
      $("status").textContent = reply.ok ? reply.notice : reply.error;
    },
    async plan(request, value) { // a target, a plan item added, changed, removed or exported: Python decides
      if (state.mode !== "own") return;
      const reply = await transact(id, { op: "plan", ...request, value });
      const where = request.action === "target" ? "goal-notice" : "plan-notice"; // a target's, right under its select
      say(where, reply.ok ? reply.notice : reply.error);
      if (reply.ok && reply.download) return store.saveFile(reply.download);
      await act.score();
      say(where, reply.ok ? reply.notice : reply.error); // the new HTML has its own (empty) notice: said again
    },
    async adopt() {
      if (Object.keys(store.read(id)?.answers || {}).length && !confirm("Je eigen antwoorden worden vervangen door de gedeelde. "
        + "Je huidige antwoorden blijven bewaard bij de eerdere metingen. Doorgaan?")) return;
      const taken = state.shared.answers;
      act.leaveShared();
      await act.change("adopt", { answers: taken });
    },
    async import(file) {
        const reply = await ask({ op: "import", text: await file.text() });
      if (!reply.ok) return say("notice", reply.error);
      const notices = reply.notice ? [reply.notice] : [];
      for (const [qid, imported] of Object.entries(reply.questionnaires)) {
        const next = await transact(qid, { op: "entry", action: "import", imported });
        notices.push(next.ok ? next.notice : next.error);
      }
      fill(wanted());
      say("notice", notices.filter(Boolean).join(" "));
      await act.score();
    },
    async export() { // Python writes the file, with what this tab has not merged yet merged first
      await act.merge();
      const reply = await ask({ op: "export", entries: { ...store.all(config.ids), ...(wanted() ? { [id]: wanted() } : {}) }, ...moment() });
      return reply.ok ? store.saveFile(reply.download) : say("notice", reply.error);
    },
    async share() {
      const own = wanted();
      const meta = { changed: Object.values(own?.changed || {}).sort().pop(), about: about.share.checked ? own?.about : undefined };
      const reply = await ask({ op: "encode", answers: { [id]: answers() }, meta: { [id]: meta } });
      if (!reply.ok) return say("share-message", reply.error);
      const url = new URL(location.href);
      url.hash = config.share.slice(1) + reply.link;
      if (navigator.share) return navigator.share({ title: document.title, url: url.href }).catch(() => {}); // the phone's share menu
      $("share-panel").hidden = false;
      Object.assign($("share-link"), { value: url.href }).select();
      const copied = await navigator.clipboard.writeText(url.href).then(() => true, () => false);
      say("share-message", `${copied ? "De link staat op je klembord." : "Kopieer de link hierboven."} Wie hem opent, ziet jouw antwoorden en resultaat.`);
    },
  };

  // Restore, then listen. This module runs async: answers clicked before it ran are kept and win.
  const early = answers();
  const last = store.latest(id); // a tab reloaded before its Python ran: what it showed, until Python merged it
  const shown = store.pending(id)?.mine ?? (last?.version === config.version ? last : wanted());
  if (state.mode === "own") fill({ ...shown, answers: { ...shown?.answers, ...early } });
  if (state.mode === "own" && Object.keys(early).length) act.answered();
  if (!current()) say("notice", "Je eerdere antwoorden horen bij een oudere versie van deze vragenlijst. Ze worden omgezet zodra de rekenmodule klaar is.");
  if (!store.available()) $("storage").hidden = false;
  if (state.mode === "shared") { // while Python starts, the status line speaks to a viewer, who cannot answer
    const status = $("status");
    status.textContent = status.dataset.ztLoading = status.dataset.ztLoadingShared;
    $("viewer-link").href += location.hash;
  }
  new IntersectionObserver(([seen]) => render((state.resultInView = seen.isIntersecting))).observe(document.querySelector(".zt-result-area"));
  render();
  form.addEventListener("change", () => act.answered());
  const planned = (target, name) => target.closest(`[data-zt-${name}]`)?.dataset; // the plan's controls are Python's HTML
  $("result").addEventListener("change", ({ target }) => planned(target, "plan") && act.plan(JSON.parse(planned(target, "plan").ztPlan), target.value));
  $("result").addEventListener("click", ({ target }) => planned(target, "plan-click") && act.plan(JSON.parse(planned(target, "plan-click").ztPlanClick)));
  $("about").addEventListener("change", () => { // in own mode only: the fields are disabled otherwise
    change({ ...wanted(), answers: answers(), about: { organisation: about.organisation.value, by: about.by.value, share: about.share.checked } });
    act.score();
  });
  store.watch(id, act.storedElsewhere);
  store.forgotten(act.forgotten);
  window.addEventListener("pageshow", (event) => { // back from the back/forward cache: read again, merge what waits
    if (!event.persisted) return;
    act.storedElsewhere(store.read(id));
    act.merge(true);
  });
  window.addEventListener("hashchange", () => location.hash.startsWith(config.share) && location.reload());
  on("jump", "click", (event) => { // to the first open statement, with its first answer focused
    const target = document.getElementById(event.currentTarget.hash.slice(1));
    event.preventDefault();
    target?.scrollIntoView({ block: "center" });
    target?.querySelector("input")?.focus();
  });
  const clicks = {
    print: () => window.print(), export: act.export, complete: act.complete,
    fold: () => render((state.unfolded = !state.unfolded)) ?? (state.unfolded && form.scrollIntoView()),
    "reset-export": act.export, share: act.share, adopt: act.adopt, own: act.leaveShared,
    snapshot: () => act.change("measure"), reset: () => $("reset-dialog").showModal(), "reset-confirm": () => act.change("reset", $("reset-dialog").close()),
  };
  for (const [name, handler] of Object.entries(clicks)) on(name, "click", handler);
  on("import", "change", ({ target }) => target.files[0] && act.import(target.files[0]).finally(() => (target.value = "")));
  bootPython(config, act.ready, act.lost);
}

// --- The overview page: status per questionnaire and the three roles together -----------------
function overviewPage(cards) {
  const saved = store.all(config.ids);
  const show = (texts, html = {}) => cards.forEach((card) => { // html (progress bar, "Verder invullen") from Python, escaped
    const [id, status] = [card.dataset.ztCard, card.querySelector("[data-zt-card-status]")];
    if (html[id]) status.innerHTML = html[id];
    else if (texts[id]) status.textContent = texts[id];
  });
  show(Object.fromEntries(Object.entries(saved).map(([qid, entry]) => [qid, `${Object.keys(entry.answers).length} antwoorden bewaard`])));
  const exports = document.querySelectorAll("[data-zt-export]"); // here and in the storage panel's dialog
  exports.forEach((button) => { button.disabled = true; });
  if (!Object.keys(saved).length) return;
  $("roles").hidden = false;
  bootPython(config, async (call) => {
    exports.forEach((button) => {
      button.disabled = false;
      button.onclick = async () => { // Python writes the file
        const reply = await call({ op: "export", entries: store.all(config.ids), ...moment() });
        if (reply.ok) store.saveFile(reply.download);
      };
    });
    const reply = await call({ op: "overview", saved, base: config.base, ...moment() });
    if (!reply.ok) return;
    show(reply.statuses, reply.cards);
    $("roles-result").innerHTML = reply.html;
    $("status").textContent = ""; // nothing to announce on arrival: the levels are simply there
  });
}

const form = document.querySelector("[data-zt-form]");
if (form) questionnairePage(form);
const cards = document.querySelectorAll("[data-zt-card]");
if (cards.length) overviewPage(cards);
if ($("team") || $("viewer") || $("ask")) import("./tools.js").then((tools) => tools.start(config));
if ($("dossier")) import("./dossier.js").then((dossier) => dossier.start(config));
