// The site's service worker, below Workbox's runtime in the built sw.js (grip_build/sw.mjs writes it;
// grip_build/offline.py decides what goes where). `SITE` is filled in at build time:
//   shell    [{url, revision}] pages in the navigation, CSS, JavaScript, search index, images, templates:
//            Workbox's precache, fetched when this worker installs (after a page has loaded). Each entry is
//            keyed by its revision, so a page of build A only ever reads A's files, also while B waits.
//   runtime  {hash, urls} Pyodide, the scoring wheel and lock, the questionnaires: a cache of their own,
//            named by their hash, filled only when Python runs on a page or the reader asks for it.
//   build    this build's id (names the cache of visited pages that are not in the shell)
//   offline  the offline page, shown for a page that is neither in the shell nor visited before
//   pythonFirst  the questionnaire pages: there the search index waits until Python has started
// It never calls skipWaiting on its own: a new build waits until the reader clicks the page's prompt.
const SITE = self.__GRIP_SITE;
const { core, precaching, routing, strategies, cacheableResponse } = workbox;
const scope = self.registration.scope;
const RUNTIME_CACHE = `grip-runtime-${SITE.runtime.hash}-${scope}`;
const PAGES_CACHE = `grip-pages-${SITE.build}-${scope}`;
const runtimeURLs = SITE.runtime.urls.map((url) => new URL(url, scope).href);
const isRuntime = new Set(runtimeURLs);
const onlyOk = () => [new cacheableResponse.CacheableResponsePlugin({ statuses: [200] })]; // no 404, no opaque
const saveData = () => self.navigator.connection?.saveData === true;

// Python first. On a questionnaire page the reader waits for a score, and indexing the search (Material's
// search worker, ~0.4 s of processor time on a laptop with two cores) would slow Python's start by about as
// much. There the search index is handed out once that page's Python is ready (worker.js says so on the
// channel "grip-python"), or after 3 s; search works as before, a moment later.
const pythonFirst = new Set(SITE.pythonFirst.map((page) => new URL(page, scope).href));
const waiting = new Map(); // page address -> [hand out the search index held back there]
const address = (url) => Object.assign(new URL(url), { hash: "", search: "" }).href;
if (self.BroadcastChannel) {
  new BroadcastChannel("grip-python").onmessage = ({ data }) => {
    if (typeof data?.page !== "string") return;
    for (const done of waiting.get(address(data.page)) ?? []) done();
    waiting.delete(address(data.page));
  };
}
routing.registerRoute(({ url, sameOrigin }) => sameOrigin && url.pathname.endsWith("/search/search_index.json"), async ({ request, event }) => {
  const client = event.clientId && (await self.clients.get(event.clientId));
  const page = client && address(client.url);
  if (pythonFirst.has(page)) await new Promise((done) => (waiting.set(page, [...(waiting.get(page) ?? []), done]), setTimeout(done, 3000)));
  return (await precaching.matchPrecache(request.url)) || fetch(request);
});

core.setCacheNameDetails({ prefix: "grip" });
precaching.precacheAndRoute(SITE.shell, { ignoreURLParametersMatching: [/./] }); // search links add ?h=
precaching.cleanupOutdatedCaches();
routing.registerRoute(({ url }) => isRuntime.has(url.href), new strategies.CacheFirst({ cacheName: RUNTIME_CACHE, plugins: onlyOk() }));
routing.registerRoute(({ request }) => request.mode === "navigate",
  new strategies.NetworkFirst({ cacheName: PAGES_CACHE, networkTimeoutSeconds: 5, plugins: onlyOk() }));
routing.setCatchHandler(async ({ request }) =>
  (request.mode === "navigate" && SITE.offline && (await precaching.matchPrecache(SITE.offline))) || Response.error());

// Copies what is missing of the runtime into its cache: from an older runtime cache (same URL, same
// content: the URLs carry their hash), else, by `from`: "cached" the browser's HTTP cache only (a page whose
// Python just started: never a second download, also where the browser keeps no HTTP cache; what is missing
// is kept when a later visit's worker fetches it through this service worker), "network" the HTTP cache,
// then the network (the reader asked, or an update).
const cached = { cache: "only-if-cached", mode: "same-origin" };
// WebKit (WebKitGTK 2.50, measured) fetches from the network whatever `cache` says: there "cached" copies
// nothing. Asked once, with a HEAD of an address no cache holds (it fails where the mode is kept).
let cachedOnly = null;
const keepsCachedOnly = () => (cachedOnly ??= fetch(`${scope}sw.js?only-if-cached=${Math.random()}`, { method: "HEAD", ...cached })
  .then(() => false, () => true));
async function keepRuntime(from) {
  const cache = await caches.open(RUNTIME_CACHE);
  const fetching = from === "network" ? {} : from === "cached" && (await keepsCachedOnly()) ? cached : null;
  const kept = await Promise.all(runtimeURLs.map(async (url) => {
    if (await cache.match(url)) return true;
    const response = (await caches.match(url)) || (fetching && (await fetch(url, fetching).catch(() => null)));
    if (!response?.ok || response.type !== "basic") return false;
    await cache.put(url, response);
    return true;
  }));
  return { have: kept.filter(Boolean).length, total: runtimeURLs.length };
}
const ours = (name) => name.startsWith("grip-") && name.endsWith(scope);
const olderRuntime = async () => (await caches.keys()).some((n) => ours(n) && n.startsWith("grip-runtime-") && n !== RUNTIME_CACHE);

// A reader who kept the runtime keeps it across an update: the new one is ready before the switch.
self.addEventListener("install", (event) => event.waitUntil(olderRuntime().then((had) => had && keepRuntime(saveData() ? "" : "network"))));
self.addEventListener("activate", (event) => event.waitUntil(caches.keys().then((names) => Promise.all(names
  .filter((n) => ours(n) && /^grip-(runtime|pages)-/.test(n) && n !== RUNTIME_CACHE && n !== PAGES_CACHE)
  .map((n) => caches.delete(n))))));

self.addEventListener("message", (event) => {
  const { type, fill } = event.data || {};
  if (type === "SKIP_WAITING") self.skipWaiting(); // only when the reader clicked "Nu bijwerken"
  else if (type === "RUNTIME") { // {have, total}: how much of the runtime is kept; with `fill` ("cached", else from the network), keep it
    event.waitUntil(keepRuntime(fill === "cached" ? fill : fill ? "network" : "").then((state) => event.ports[0]?.postMessage({ ...state, build: SITE.build })));
  }
});
