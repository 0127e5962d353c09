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

const say = (name, text) => $(name) && Object.assign($(name), { textContent: text || "", hidden: !text });
const exportAll = () => store.download(store.all(config.ids), `grip-zelftest-${new Date().toISOString().slice(0, 10)}.json`);

// --- A questionnaire page: one state, and every way it can change -----------------------------
// state.mode: "own" (the reader's answers) | "shared" (a share link, read only) | "migrating" (answers
// saved for an older version wait for Python to map them). state.python: "starting" | "ready" | "lost"
// (stopped after it was ready; it restarts once by itself). state.entry: the stored entry as this tab last
// read or wrote it. The actions in `act` are the only things that change the state; render() shows it.
function questionnairePage(form) {
  const id = config.questionnaire;
  const statements = [...form.querySelectorAll("[data-zt-statement]")];
  const state = { mode: "own", python: "starting", call: null, entry: store.read(id), shared: null, unfolded: false };
  const about = $("about").elements; // organisation, by, share: kept with the answers, printed with the result
  if (location.hash.startsWith(SHARE)) state.mode = "shared";
  else if (state.entry && (state.entry.version !== config.version || state.entry.migrateFrom)) state.mode = "migrating";
  if (state.entry && state.entry.version !== config.version) store.backup(id, state.entry); // kept until migrated, and after
  const answers = () => Object.fromEntries([...form.querySelectorAll("input:checked")].map((i) => [i.name, i.value]));

  const fill = (given) => {
    form.querySelectorAll("input").forEach((input) => { input.checked = String(given?.[input.name]) === input.value; });
    for (const name of ["organisation", "by"]) about[name].value = state.entry?.about?.[name] || "";
    about.share.checked = Boolean(state.entry?.about?.share);
  };

  function render() {
    const open = statements.filter((fs) => !(fs.dataset.ztStatement in answers()));
    $("progress").value = statements.length - open.length;
    $("count").textContent = open.length ? `${$("progress").value} van ${statements.length} beantwoord` : `Alle ${statements.length} beantwoord`;
    Object.assign($("jump"), { hidden: !open.length, href: `#${open[0]?.id}` });
    if (!open.length) $("to-result").classList.add("zt-jump--done"), ($("to-result").hidden = false); // at the last answer
    const shared = state.mode === "shared";
    document.body.dataset.ztMode = state.mode;
    form.inert = shared;
    form.hidden = $("bar").hidden = shared && !state.unfolded; // a shared link opens on its result
    $("fold").setAttribute("aria-expanded", String(state.unfolded));
    $("fold").textContent = state.unfolded ? "Verberg de antwoorden" : "Toon de antwoorden";
    $("shared").hidden = !shared;
    $("about").disabled = state.mode !== "own";
    for (const name of ["snapshot", "reset", "import"]) $(name).disabled = shared || (name !== "reset" && state.python !== "ready");
    $("result").classList.toggle("zt-stale", state.python === "lost");
  }

  // One request to Python at a time; a failed one never blocks the next.
  let queue = Promise.resolve();
  const ask = (request) => (queue = queue.then(() => state.call(request)).catch((error) => ({ ok: false, error: error.message })));

  // Store `next` (made from state.entry): read, merge, write, so what other tabs saved is kept.
  function save(next) {
    const stored = store.update(id, state.entry, next);
    $("storage").hidden = Boolean(stored); // the warning (in the page) says how to keep them anyway
    state.entry = stored || next;
  }

  const act = {
    answered(changed = true) {
      if (changed && state.mode === "own") save({ ...state.entry, version: config.version, answers: answers() });
      if (changed && state.mode === "migrating") save({ version: config.version, answers: answers(), history: [], migrateFrom: state.entry.migrateFrom || state.entry });
      render();
      act.score();
    },
    storedElsewhere(entry) { // another tab saved, or the page came back from the back/forward cache
      if (state.mode !== "own" || entry?.version !== config.version) return;
      fill((state.entry = entry).answers);
      say("notice", "Bijgewerkt in een ander venster.");
      act.answered(false);
    },
    async ready(call) {
      if (state.python === "lost") say("notice", "De rekenmodule stopte onverwacht en is opnieuw gestart. Je resultaat is bijgewerkt.");
      Object.assign(state, { call, python: "ready" });
      render();
      if (state.mode === "shared") return act.openShared();
      if (state.mode === "migrating") await act.migrate();
      return act.score();
    },
    lost(message) {
      state.python = "lost";
      say("notice", `${message} Het resultaat is niet bijgewerkt tot de rekenmodule opnieuw is gestart.`);
      render();
    },
    async score() {
      if (!state.call) return;
      const given = answers();
      const shared = state.mode === "shared" ? state.shared : null;
      const reply = await ask({ op: "score", questionnaire: id, answers: given, base: config.base, date: today(), offset: -new Date().getTimezoneOffset(),
        site: { name: config.siteName, url: new URL(config.base, location.href).href }, shared: Boolean(shared),
        about: shared ? shared.about : state.entry?.about, changed: shared ? shared.changed : Object.values(state.entry?.changed || {}).sort().pop(),
        targets: shared ? null : state.entry?.targets, plan: shared ? null : state.entry?.plan });
      if (!reply.ok) {
        $("status").textContent = `${reply.error} Het resultaat hieronder is niet bijgewerkt.`;
        return $("result").classList.add("zt-stale");
      }
      const focused = document.activeElement?.id; // a plan field being edited keeps the focus
      $("result").innerHTML = reply.html;
      if (focused) document.getElementById(focused)?.focus();
      $("status").textContent = reply.status;
      $("actions").hidden = $("to-result").hidden = false;
      render();
      if (state.mode !== "own") return;
      const past = await ask({ op: "history", questionnaire: id, entries: state.entry?.history || [], answers: given, offset: -new Date().getTimezoneOffset() });
      if (past.ok) $("history").innerHTML = past.html;
    },
    async migrate() {
      const old = state.entry.migrateFrom || state.entry;
      const reply = await ask({ op: "migrate", questionnaire: id, version: old.version, answers: old.answers });
      if (!reply.ok) return say("notice", `${reply.error} Je eerdere antwoorden blijven bewaard als kopie.`);
      state.mode = "own";
      save({ ...state.entry, version: config.version, answers: { ...reply.answers, ...answers() }, history: old.history || [], migrateFrom: null });
      fill(state.entry.answers);
      say("notice", reply.notice);
    },
    async openShared() { // the banner's text is in the page; a damaged link or a migration adds to it
      const reply = await ask({ op: "decode", link: location.hash });
      state.shared = reply.ok ? reply.questionnaires[id] : null;
      $("adopt").hidden = !state.shared;
      if (!state.shared) {
        $("shared-text").textContent = reply.ok ? "Deze link hoort bij een andere vragenlijst. Open hem op de pagina van die vragenlijst." : reply.error;
        return;
      }
      if (state.shared.notice) $("shared-text").append(` ${state.shared.notice}`);
      fill(state.shared.answers);
      await act.score();
    },
    leaveShared() {
      history.replaceState(null, "", location.pathname + location.search);
      state.mode = "own";
      fill(state.entry?.answers);
      act.answered(false);
    },
    // measure, reset, adopt: Python decides the next entry (what is archived, what is kept) and says so
    async change(action, extra = {}) {
      const reply = await ask({ op: "entry", action, questionnaire: id, entry: state.entry, date: new Date().toISOString(), ...extra });
      if (!reply.ok) return say(action === "measure" ? "measured" : "notice", reply.error);
      save(reply.entry);
      fill(state.entry.answers);
      say(action === "measure" ? "measured" : "notice", reply.notice);
      await act.score();
    },
    async plan(request, value) { // a target, a plan item added, changed, removed or exported: Python decides
      if (state.mode !== "own") return;
      const reply = await ask({ op: "plan", questionnaire: id, entry: state.entry, ...request, value, date: new Date().toISOString() });
      if (reply.ok && reply.download) return store.saveFile(reply.download);
      if (reply.ok) save(reply.entry);
      await act.score();
      say("plan-notice", reply.ok ? reply.notice : reply.error);
    },
    async adopt() {
      if (Object.keys(state.entry?.answers || {}).length && !confirm("Je eigen antwoorden worden vervangen door de gedeelde. "
        + "Je huidige antwoorden blijven bewaard bij de eerdere metingen. Doorgaan?")) return;
      const taken = state.shared.answers;
      act.leaveShared();
      await act.change("adopt", { answers: taken });
    },
    async import(file) {
      const reply = await ask({ op: "import", text: await file.text() });
      if (!reply.ok) return say("notice", reply.error);
      const notices = [];
      for (const [qid, imported] of Object.entries(reply.questionnaires)) {
        const base = qid === id ? state.entry : store.read(qid);
        const next = await ask({ op: "entry", action: "import", questionnaire: qid, entry: base, imported, date: new Date().toISOString() });
        if (!next.ok) notices.push(next.error);
        else if (qid === id) save(next.entry);
        else if (!store.update(qid, base, next.entry)) $("storage").hidden = false;
        if (next.ok && next.notice) notices.push(next.notice);
      }
      fill(state.entry?.answers);
      const count = Object.keys(reply.questionnaires).length;
      say("notice", `${count} vragenlijst${count === 1 ? "" : "en"} geïmporteerd. ${notices.join(" ")}`);
      await act.score();
    },
    async share() {
      const meta = { changed: Object.values(state.entry?.changed || {}).sort().pop(), about: about.share.checked ? state.entry?.about : undefined };
      const reply = await ask({ op: "encode", answers: { [id]: answers() }, meta: { [id]: meta } });
      if (!reply.ok) return say("share-message", reply.error);
      const url = new URL(location.href);
      url.hash = `delen=${reply.link}`;
      if (navigator.share) return navigator.share({ title: document.title, url: url.href }).catch(() => {}); // the phone's share menu
      $("share-panel").hidden = false;
      Object.assign($("share-link"), { value: url.href }).select();
      const copied = await navigator.clipboard.writeText(url.href).then(() => true, () => false);
      say("share-message", `${copied ? "De link staat op je klembord." : "Kopieer de link hierboven."} Wie hem opent, ziet jouw antwoorden en resultaat.`);
    },
  };

  // Restore, then listen. This module runs async: answers clicked before it ran are kept and win.
  const early = answers();
  if (state.mode !== "shared") fill({ ...(state.mode === "own" ? state.entry?.answers : {}), ...early });
  if (state.mode !== "shared" && Object.keys(early).length) act.answered();
  if (state.mode === "migrating") say("notice", "Je eerdere antwoorden horen bij een oudere versie van deze vragenlijst. Ze worden omgezet zodra de rekenmodule klaar is.");
  if (!store.available()) $("storage").hidden = false;
  store.persist();
  render();
  form.addEventListener("change", () => act.answered());
  const planned = (target, name) => target.closest(`[data-zt-${name}]`)?.dataset; // the plan's controls are Python's HTML
  $("result").addEventListener("change", ({ target }) => planned(target, "plan") && act.plan(JSON.parse(planned(target, "plan").ztPlan), target.value));
  $("result").addEventListener("click", ({ target }) => planned(target, "plan-click") && act.plan(JSON.parse(planned(target, "plan-click").ztPlanClick)));
  $("about").addEventListener("change", () => { // in own mode only: the fields are hidden otherwise
    save({ ...state.entry, version: config.version, answers: answers(), about: { organisation: about.organisation.value.trim(), by: about.by.value.trim(), share: about.share.checked } });
    act.score();
  });
  store.watch(id, act.storedElsewhere);
  window.addEventListener("pageshow", (event) => event.persisted && act.storedElsewhere(store.read(id)));
  window.addEventListener("hashchange", () => location.hash.startsWith(SHARE) && location.reload());
  on("jump", "click", (event) => { // to the first open statement, with its first answer focused
    const target = document.getElementById(event.currentTarget.hash.slice(1));
    event.preventDefault();
    target?.scrollIntoView({ block: "center" });
    target?.querySelector("input")?.focus();
  });
  const clicks = {
    print: () => window.print(), export: exportAll, fold: () => render((state.unfolded = !state.unfolded)),
    "show-result": () => document.getElementById("resultaat").scrollIntoView(), "reset-export": exportAll, share: act.share, adopt: act.adopt, own: act.leaveShared,
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
  on("export", "click", exportAll);
  if (!Object.keys(saved).length) return;
  $("roles").hidden = false;
  bootPython(config, async (call) => {
    const reply = await call({ op: "overview", saved, base: config.base });
    if (!reply.ok) return;
    show(reply.statuses, reply.cards);
    $("roles-result").innerHTML = reply.html;
    $("status").textContent = "Je niveaus per rol zijn bijgewerkt.";
  });
}

const form = document.querySelector("[data-zt-form]");
if (form) questionnairePage(form);
const cards = document.querySelectorAll("[data-zt-card]");
if (cards.length) overviewPage(cards);
if ($("team") || $("viewer") || $("ask")) import("./tools.js").then((tools) => tools.start(config));
