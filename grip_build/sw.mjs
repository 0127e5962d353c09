// Writes the site's service worker: node grip_build/sw.mjs < plan.json (grip_build/offline.py makes the plan).
// Workbox's getManifest lists the shell and the runtime with their revisions; the service worker is
// Workbox's runtime (its production builds, in the order they depend on each other) followed by
// grip_build/service-worker.js with this build's lists filled in. One file, no importScripts, nothing
// fetched from elsewhere. Prints what it wrote as JSON.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
// getManifest alone: the package's index also loads its bundler (rollup, babel), 1.5 s more per build
import { getManifest } from "workbox-build/build/get-manifest.js";

const require = createRequire(import.meta.url);
const WORKBOX = ["core", "routing", "strategies", "precaching", "cacheable-response"];
const plan = JSON.parse(readFileSync(0, "utf8"));
const hashed = new RegExp(plan.hashed);

async function list(part, maximumFileSizeToCacheInBytes) {
  const found = await getManifest({
    globDirectory: plan.site, globPatterns: part.patterns, globIgnores: part.ignore, globFollow: false,
    dontCacheBustURLsMatching: hashed, maximumFileSizeToCacheInBytes,
  });
  const entries = found.manifestEntries.map(({ url, revision }) => ({ url, revision })).sort((a, b) => (a.url < b.url ? -1 : 1));
  return { entries, size: found.size, warnings: found.warnings };
}

const digest = (value) => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 12);
const shell = await list(plan.shell, plan.shell.max_bytes);
const runtime = await list(plan.runtime, plan.runtime.max_bytes);
const site = {
  build: digest([shell.entries, runtime.entries]),
  shell: shell.entries,
  runtime: { hash: digest(runtime.entries), urls: runtime.entries.map((e) => e.url) },
  offline: plan.offline,
  pythonFirst: plan.python_first ?? [],
};
const libraries = WORKBOX.map((name) => {
  const file = join(dirname(require.resolve(`workbox-${name}/package.json`)), "build", `workbox-${name}.prod.js`);
  return readFileSync(file, "utf8").replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n");
});
const source = readFileSync(join(dirname(fileURLToPath(import.meta.url)), "service-worker.js"), "utf8");
const placeholder = "self.__GRIP_SITE";
if (source.split(placeholder).length !== 2) throw new Error(`${placeholder} must appear once in service-worker.js`);
const version = require("workbox-build/package.json").version;
const text = [`// Workbox ${version} (MIT), production builds of workbox-${WORKBOX.join(", workbox-")}`, ...libraries,
  source.replace(placeholder, JSON.stringify(site))].join("\n");
writeFileSync(join(plan.site, plan.out), text);
process.stdout.write(JSON.stringify({
  build: site.build, bytes: Buffer.byteLength(text), workbox: version,
  shell: { files: shell.entries.length, bytes: shell.size }, runtime: { files: runtime.entries.length, bytes: runtime.size },
  warnings: [...shell.warnings, ...runtime.warnings],
}));
