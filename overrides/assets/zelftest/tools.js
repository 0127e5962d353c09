// Consultant and reader tools: the team comparison, progress between two exports, the full view of one
// shared result, and "Stel je vraag". Python reads the links and files and writes all HTML and text.
import { bootPython, moment } from "./python.js";
import * as store from "./store.js";

const $ = (name) => document.querySelector(`[data-zt-${name}]`);
const TEAM_KEY = "team";
const list = (node, lines) => node.replaceChildren(...lines.map((line) => Object.assign(document.createElement("li"), { textContent: line })));
const readFiles = (input) => Promise.all([...input.files].map(async (file) => ({ label: file.name.replace(/\.json$/i, ""), text: await file.text() })));
let call = null; // set once Python is ready (again, after a restart); the buttons are disabled until then

// Ask Python, then show its reports and HTML (built with xml.etree: all text escaped) under `name`.
async function compare(name, request) {
  const reply = await call(request);
  list($(`${name}-reports`), reply.ok ? reply.reports : [reply.error]);
  if (reply.ok) $(`${name}-result`).innerHTML = reply.html;
  return reply;
}

function teamPage(config) {
  const lines = $("team-lines");
  lines.value = store.kept(TEAM_KEY);
  $("team-compare").addEventListener("click", async () => {
    store.kept(TEAM_KEY, lines.value);
    const reply = await compare("team", { op: "team", lines: lines.value, entries: await readFiles($("team-files")), base: config.base });
    if (reply.ok) $("status").textContent = reply.count ? `${reply.count} deelnemer${reply.count === 1 ? "" : "s"} vergeleken.` : "Geen enkele link of bestand kon worden gelezen.";
  });
  $("progress-compare").addEventListener("click", async () => {
    const [[before], [after]] = await Promise.all([readFiles($("before")), readFiles($("after"))]);
    if (!before || !after) return list($("progress-reports"), ["Kies een eerdere en een nieuwe export."]);
    const entries = [{ label: `Eerder (${before.label})`, text: before.text }, { label: `Nu (${after.label})`, text: after.text }];
    return compare("progress", { op: "team", progress: true, base: config.base, entries });
  });
}

function viewerPage(config) {
  const show = async () => {
    const reply = await call({ op: "detail", link: $("view-link").value, base: config.base, ...moment(),
      site: { name: config.siteName, url: new URL(config.base, location.href).href } });
    $("view-error").hidden = reply.ok;
    $("view-error").textContent = reply.ok ? "" : reply.error;
    $("view-result").innerHTML = reply.ok ? reply.html : "";
    if (reply.ok) $("status").textContent = "Het gedeelde resultaat staat hieronder.";
  };
  $("view").addEventListener("click", show);
  $("view-draft").addEventListener("click", async () => { // a Tuesday answer drafted from this result (Python writes it)
    const reply = await call({ op: "draft", link: $("view-link").value, ...moment() });
    $("view-error").hidden = reply.ok;
    $("view-error").textContent = reply.ok ? "" : reply.error;
    if (reply.ok) ($("status").textContent = reply.notice), store.saveFile(reply.download);
  });
  if (location.hash.startsWith(config.share)) $("view-link").value = location.href;
  return () => location.hash.startsWith(config.share) && show();
}

// "Stel je vraag" works at once: a question without a ticked result fills the slots of the mail Python wrote at
// build time (config.mail, from scoring's _mail); Python starts only when a result is ticked, to write its link.
// One click opens the mail program; the text stays on the page to copy when none opens.
function askPage(config) {
  const saved = store.all(config.ids);
  for (const option of document.querySelectorAll("[data-zt-ask-option]")) {
    const given = Object.keys(saved[option.querySelector("input").value]?.answers || {}).length;
    option.hidden = !given;
    option.querySelector("[data-zt-ask-count]").textContent = `(${given} antwoorden bewaard)`;
  }
  $("ask-saved").hidden = !Object.keys(saved).length;
  let python = null; // a promise, once a ticked result asked for Python
  const start = () => (python ??= new Promise((resolve) => bootPython(config, (ready) => resolve((call = ready)))));
  $("ask-saved").addEventListener("change", ({ target }) => target.checked && start());
  const fill = (mail, data) => { // the reader's words into the slots; an empty field reads as Python's `blank`
    const field = (name) => String(data.get(name) || "").trim();
    if (!field("vraag")) return { ok: false, error: mail.refusal };
    const text = mail.text.replace(/\{(situatie|vraag|sector)\}/g, (_, name) => field(name) || mail.blank);
    return { ok: true, text, href: mail.href + encodeURIComponent(text) };
  };
  $("ask").addEventListener("submit", async (event) => {
    event.preventDefault();
    const data = new FormData($("ask"));
    const ticked = data.getAll("zelftest");
    if (ticked.length || !config.mail?.text) await start();
    const reply = call && (ticked.length || !config.mail?.text) ? await call({
      op: "mail", to: config.contact.email, situation: data.get("situatie"), question: data.get("vraag"), sector: data.get("sector"),
      saved: Object.fromEntries(ticked.map((id) => [id, saved[id]])), site: new URL(config.base, location.href).href, ...moment(),
      consent: data.has("meetellen"), benchmark_sector: data.get("vergelijking-sector") || "", // Python decides what they mean
    }) : fill(config.mail, data);
    if (!reply.ok) return ($("status").textContent = reply.error);
    Object.assign($("ask-mailto"), { href: reply.href });
    $("ask-text").value = reply.text;
    $("ask-result").hidden = false;
    $("status").textContent = "Je e-mail staat klaar in je mailprogramma. Controleer hem en verstuur hem daar.";
    $("ask-mailto").click(); // opens the mail program; the link and the text stay for when none opens
    $("ask-mailto").focus();
  });
}

export function start(config) {
  for (const button of document.querySelectorAll("[data-zt-print]")) button.addEventListener("click", () => window.print());
  if ($("team")) teamPage(config);
  if ($("ask")) return askPage(config); // starts Python itself, only when it is needed
  const firstView = $("viewer") ? viewerPage(config) : () => {};
  bootPython(config, (ready) => {
    const first = !call;
    call = ready;
    $("status").textContent = "De rekenmodule is klaar.";
    if (first) firstView();
  });
}
