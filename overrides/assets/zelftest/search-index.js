// Material's search asks for the whole site's search index (search/search_index.json, ~225 kB) on every page as
// soon as the page loads, and its worker indexes it there and then. This classic script, run just before Material's
// bundle, holds back the sending of that one request (Material fetches with XMLHttpRequest) until the reader opens
// the search: the search field gets focus, the search toggle changes (a click or Material's keys), or the page was
// opened from a search result (?h=, whose hits Material highlights). Then the request goes out as Material made it,
// and search works as before, a moment later. Nothing else is held back.
(() => {
  let release;
  const opened = new Promise((resolve) => (release = resolve));
  const isIndex = (url) => {
    try { return new URL(String(url), document.baseURI).pathname.endsWith("/search/search_index.json"); } catch { return false; }
  };
  const { open, send } = XMLHttpRequest.prototype;
  const held = new WeakSet();
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    held[isIndex(url) ? "add" : "delete"](this);
    return open.call(this, method, url, ...rest);
  };
  XMLHttpRequest.prototype.send = function (...body) {
    if (!held.has(this)) return send.apply(this, body);
    opened.then(() => send.apply(this, body));
  };
  if (new URLSearchParams(location.search).has("h")) release();
  document.addEventListener("focusin", ({ target }) => target.matches?.("[data-md-component=search-query]") && release());
  document.addEventListener("change", ({ target }) => target.id === "__search" && release());
  document.addEventListener("pointerdown", ({ target }) => target.closest?.("label[for=__search]") && release()); // a head start
})();
