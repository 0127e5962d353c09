// Consultant tools: the team comparison, progress between two exports, and the full view of one
// shared result. Python reads the links and files and builds all the HTML; this only moves data.
import { bootPython } from "./python.js";
import * as store from "./store.js";

const $ = (name) => document.querySelector(`[data-zt-${name}]`);
const TEAM_KEY = "grip-zelftest-team";
const today = () => new Date().toLocaleDateString("nl-NL", { day: "numeric", month: "long", year: "numeric" });

function list(node, lines) {
  node.replaceChildren(...lines.map((line) => Object.assign(document.createElement("li"), { textContent: line })));
}

const readFiles = (input) =>
  Promise.all([...input.files].map(async (file) => ({ label: file.name.replace(/\.json$/i, ""), text: await file.text() })));

function teamPage(config, call) {
  const lines = $("team-lines");
  let files = [];
  $("team-files").addEventListener("change", async (event) => {
    files = await readFiles(event.target);
  });
  $("team-compare").addEventListener("click", async () => {
    try {
      localStorage.setItem(TEAM_KEY, lines.value);
    } catch {
      // not kept in this browser; the comparison still works
    }
    const reply = await call({ op: "team", lines: lines.value, entries: files, base: config.base });
    if (!reply.ok) return list($("team-reports"), [reply.error]);
    list($("team-reports"), reply.reports);
    $("team-result").innerHTML = reply.html; // built by scoring with xml.etree: all text escaped
    $("status").textContent = reply.count
      ? `${reply.count} deelnemer${reply.count === 1 ? "" : "s"} vergeleken.`
      : "Geen enkele link of bestand kon worden gelezen.";
  });
  $("progress-compare").addEventListener("click", async () => {
    const [before] = await readFiles($("before"));
    const [after] = await readFiles($("after"));
    if (!before || !after) return list($("progress-reports"), ["Kies een eerdere en een nieuwe export."]);
    const reply = await call({
      op: "team", progress: true, base: config.base,
      entries: [{ label: `Eerder (${before.label})`, text: before.text }, { label: `Nu (${after.label})`, text: after.text }],
    });
    if (!reply.ok) return list($("progress-reports"), [reply.error]);
    list($("progress-reports"), reply.reports);
    $("progress-result").innerHTML = reply.html;
  });
}

function viewerPage(config, call) {
  const input = $("view-link");
  const show = async () => {
    const reply = await call({ op: "detail", link: input.value, base: config.base, date: today() });
    $("view-error").hidden = reply.ok;
    if (!reply.ok) {
      $("view-error").textContent = reply.error;
      $("view-result").replaceChildren();
      return;
    }
    $("view-result").innerHTML = reply.html;
    $("status").textContent = "Het gedeelde resultaat staat hieronder.";
  };
  $("view").addEventListener("click", show);
  if (location.hash.startsWith("#delen=")) {
    input.value = location.href;
    show();
  }
}

// "Stel je vraag": Python writes the e-mail and the share links; the reader's mail program sends it.
// The saved questionnaires are offered at once; the button works once Python is ready.
function askPage(config, python) {
  const form = $("ask");
  const saved = store.all(config.ids);
  for (const option of form.querySelectorAll("[data-zt-ask-option]")) {
    const entry = saved[option.querySelector("input").value];
    const given = entry ? Object.keys(entry.answers).length : 0;
    option.hidden = !given;
    option.querySelector("[data-zt-ask-count]").textContent = `(${given} antwoorden bewaard)`;
  }
  $("ask-saved").hidden = !Object.keys(saved).length;
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const call = await python;
    const reply = await call({
      op: "mail", to: config.contact.email, situation: data.get("situatie"), question: data.get("vraag"),
      sector: data.get("sector"), saved: Object.fromEntries(data.getAll("zelftest").map((id) => [id, saved[id]])),
      site: new URL(config.base, location.href).href,
    });
    if (!reply.ok) return ($("status").textContent = reply.error);
    $("ask-mailto").href = reply.href;
    $("ask-text").value = reply.text;
    $("ask-result").hidden = false;
    $("status").textContent = "Je e-mail staat klaar. Controleer hem in je mailprogramma en verstuur hem daar.";
    $("ask-mailto").focus();
  });
}

export function start(config) {
  let ready;
  const python = new Promise((resolve) => { ready = resolve; });
  if ($("ask")) askPage(config, python);
  try {
    if ($("team-lines")) $("team-lines").value = localStorage.getItem(TEAM_KEY) || "";
  } catch {
    // storage disabled: start empty
  }
  for (const button of document.querySelectorAll("[data-zt-print]")) button.addEventListener("click", () => window.print());
  bootPython(config, (call) => {
    $("status").textContent = "De rekenmodule is klaar.";
    if ($("team")) teamPage(config, call);
    if ($("viewer")) viewerPage(config, call);
    ready(call);
  });
}
