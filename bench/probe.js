// Injected into every page before its own scripts (Playwright add_init_script), after
// `window.__BENCH_CONFIG = {...}`. All times are performance.now(): milliseconds since navigation start.
//   marks.dcl, marks.fcp        DOMContentLoaded, first contentful paint
//   marks.radio                 first radio input present and enabled
//   marks.radioShown            the frame that shows it (next animation frame, not before first paint):
//                               a reader can click it; the probe clicks it then ("answered")
//   marks.answered              the probe clicked that radio
//   marks.score / scorePainted  the score element's text matched, and the frame that shows it
//   longtasks                   main-thread tasks over 50 ms
(() => {
  const config = window.__BENCH_CONFIG || {};
  const bench = (window.__bench = { marks: {}, longtasks: [] });
  const mark = (name) => { if (!(name in bench.marks)) bench.marks[name] = performance.now(); };
  try { localStorage.clear(); } catch { /* storage unavailable: nothing saved to clear */ }

  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) bench.longtasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: "longtask", buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.name === "first-contentful-paint") mark("fcp");
  }).observe({ type: "paint", buffered: true });
  document.addEventListener("DOMContentLoaded", () => { mark("dcl"); check(); });

  const radio = () => document.querySelector('input[type="radio"]:not([disabled])');
  let watching = null;

  // A click on a radio that is shown counts: the site's page module runs async and keeps answers given
  // before it ran (tests/browser/test_experience.py). If a page lost that click, no score would follow
  // and the run fails, so this cannot flatter a page that drops early answers.
  function check() {
    const input = radio();
    if (!input || "radio" in bench.marks) return;
    mark("radio");
    requestAnimationFrame(() => {
      mark("radioShown");
      if (!config.answer || bench.clicked) return;
      bench.clicked = true;
      watchScore();
      mark("answered");
      radio().click(); // checks it and fires input + change, as a user's click does
    });
  }

  function scoreShown() {
    const node = config.score && document.querySelector(config.score);
    return !!node && new RegExp(config.scoreText).test(node.textContent);
  }

  function watchScore() {
    const seen = () => {
      if (!scoreShown() || "score" in bench.marks) return false;
      mark("score");
      requestAnimationFrame(() => mark("scorePainted"));
      return true;
    };
    watching = new MutationObserver(() => { if (seen()) watching.disconnect(); });
    watching.observe(document, { childList: true, subtree: true, characterData: true });
  }

  // Pages that show a score without an answer (the bare Pyodide page).
  if (config.score && !config.answer) watchScore();

  const structure = new MutationObserver(() => {
    check();
    if ("radio" in bench.marks) structure.disconnect();
  });
  structure.observe(document, { childList: true, subtree: true });

  // Re-score latency: toggle answers one by one; from the change to the status or result changing.
  window.__benchRescore = async (count, pause, formSelector, status, result) => {
    const form = document.querySelector(formSelector);
    const names = [...new Set([...form.querySelectorAll('input[type="radio"]')].map((i) => i.name))];
    const targets = [document.querySelector(status), document.querySelector(result)].filter(Boolean);
    const times = [];
    for (let n = 0; n < count; n++) {
      const name = names[n % names.length];
      const value = ["2", "4", "3", "5"][Math.floor(n / names.length) % 4];
      const input = form.querySelector(`input[name="${name}"][value="${value}"]`);
      const changed = new Promise((resolve) => {
        const observer = new MutationObserver(() => { observer.disconnect(); resolve(performance.now()); });
        for (const t of targets) observer.observe(t, { childList: true, subtree: true, characterData: true });
      });
      let start = 0;
      input.addEventListener("change", () => { start = performance.now(); }, { once: true });
      input.click();
      const end = await Promise.race([changed, new Promise((r) => setTimeout(() => r(null), 5000))]);
      const painted = end === null ? null : await new Promise((r) => requestAnimationFrame(() => r(performance.now())));
      times.push(end === null ? null : { changed: end - start, painted: painted - start });
      // The pause varies by 0–16 ms so the changes land at every point of a 60 Hz frame, as a reader's
      // clicks do; a fixed 50 ms (three frames) would put every change just after a frame.
      await new Promise((r) => setTimeout(r, pause + ((n * 7) % 17)));
    }
    return times;
  };
})();
