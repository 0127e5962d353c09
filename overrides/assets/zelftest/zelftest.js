// The self-assessment page: saves answers, shows progress, and asks the Python worker for the
// result. Every rule (scores, levels, advice, links) lives in the Python package `scoring`.
const config = JSON.parse(document.getElementById("zt-config").textContent);
const absolute = (url) => new URL(url, document.baseURI).href;

// --- Saved answers: one entry per questionnaire, naming the version they were given for --------
const storageKey = (id) => `grip-zelftest:${id}`;
const storage = {
  read(id) {
    try {
      return JSON.parse(localStorage.getItem(storageKey(id)) || "null");
    } catch {
      return null;
    }
  },
  write(id, entry) {
    try {
      localStorage.setItem(storageKey(id), JSON.stringify(entry));
      return true;
    } catch {
      return false;
    }
  },
};

// --- The worker: started at once, with a time limit and a retry -----------------------------
function startWorker({ onReady, onFailed }) {
  const worker = new Worker(absolute(config.worker), { type: "module" });
  const waiting = new Map();
  let next = 0;
  let settled = false;
  const fail = (message) => {
    if (settled) return;
    settled = true;
    clearTimeout(timer);
    worker.terminate();
    onFailed(message);
  };
  const timer = setTimeout(
    () => fail(`De rekenmodule reageerde niet binnen ${config.timeout} seconden.`),
    config.timeout * 1000,
  );
  worker.onerror = (event) => {
    event.preventDefault();
    fail("De rekenmodule kon niet worden gestart.");
  };
  worker.onmessage = ({ data }) => {
    if (data.type === "ready" && !settled) {
      settled = true;
      clearTimeout(timer);
      onReady(call);
    } else if (data.type === "failed") {
      fail(`De rekenmodule kon niet worden gestart (${data.message}).`);
    } else if (data.type === "reply") {
      waiting.get(data.id)?.(JSON.parse(data.response));
      waiting.delete(data.id);
    }
  };
  function call(request) {
    const id = ++next;
    return new Promise((resolve) => {
      waiting.set(id, resolve);
      worker.postMessage({ type: "call", id, request: JSON.stringify(request) });
    });
  }
  worker.postMessage({
    type: "init",
    indexURL: absolute(config.indexURL),
    lockURL: absolute(config.lockURL),
    bundleURL: absolute(config.bundleURL),
  });
}

// --- A questionnaire page --------------------------------------------------------------------
function questionnairePage(form) {
  const id = config.questionnaire;
  const statements = [...form.querySelectorAll("[data-zt-statement]")];
  const $ = (name) => document.querySelector(`[data-zt-${name}]`);
  const status = $("status");
  const resultBox = $("result");
  const errorBox = $("error");
  let call = null;
  let scoring = Promise.resolve();

  const answers = () =>
    Object.fromEntries([...form.querySelectorAll("input:checked")].map((input) => [input.name, input.value]));

  function restore(saved) {
    for (const [name, value] of Object.entries(saved || {})) {
      const input = form.querySelector(`input[name="${CSS.escape(name)}"][value="${CSS.escape(String(value))}"]`);
      if (input) input.checked = true;
    }
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

  function rescore() {
    if (!call) return scoring;
    scoring = scoring.then(async () => {
      const reply = await call({ op: "score", questionnaire: id, answers: answers(), base: config.base });
      if (!reply.ok) {
        status.textContent = reply.error;
        return;
      }
      resultBox.innerHTML = reply.html; // built by scoring with xml.etree: every text is escaped
      status.textContent = reply.status;
    });
    return scoring;
  }

  const saved = storage.read(id);
  if (saved && saved.version === config.version) restore(saved.answers);
  else if (saved) restore(saved.answers);
  showProgress();

  form.addEventListener("change", () => {
    const ok = storage.write(id, { version: config.version, answers: answers(), saved: new Date().toISOString() });
    $("storage").hidden = ok;
    if (!ok) {
      $("storage").textContent =
        "Je antwoorden kunnen in deze browser niet worden bewaard (opslag vol of uitgeschakeld). " +
        "Ze tellen wel mee zolang deze pagina open is.";
    }
    showProgress();
    rescore();
  });
  $("jump").addEventListener("click", (event) => {
    const target = document.getElementById(event.currentTarget.hash.slice(1));
    if (!target) return;
    event.preventDefault();
    target.scrollIntoView({ block: "center" });
    target.querySelector("input")?.focus();
  });

  function boot() {
    errorBox.hidden = true;
    status.textContent = "Bezig met laden van de rekenmodule… Je kunt alvast antwoorden; alles wordt bewaard.";
    startWorker({
      onReady(caller) {
        call = caller;
        status.textContent = "De rekenmodule is klaar.";
        rescore();
      },
      onFailed(message) {
        status.textContent = "De rekenmodule start niet. Je antwoorden zijn bewaard.";
        $("error-text").textContent = `${message} Je antwoorden zijn bewaard in deze browser; probeer het opnieuw of later.`;
        errorBox.hidden = false;
      },
    });
  }
  $("retry").addEventListener("click", boot);
  boot();
}

// --- The overview page: progress per questionnaire from saved answers -------------------------
function overviewPage(cards) {
  for (const card of cards) {
    const saved = storage.read(card.dataset.ztCard);
    const given = saved ? Object.keys(saved.answers || {}).length : 0;
    if (given) {
      card.querySelector("[data-zt-card-status]").textContent =
        `${Math.min(given, Number(card.dataset.ztCount))} van ${card.dataset.ztCount} beantwoord`;
    }
  }
}

const form = document.querySelector("[data-zt-form]");
if (form) questionnairePage(form);
const cards = document.querySelectorAll("[data-zt-card]");
if (cards.length) overviewPage(cards);
