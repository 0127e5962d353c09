// Firefox ESR through WebDriver BiDi (npm puppeteer-core, no geckodriver), for tests/engines/firefox.py.
// `node bridge.mjs FIREFOX DOWNLOADS SECONDS`: one JSON command a line on stdin, one JSON answer a line on stdout, in order.
// The first line out says the browser is ready ({"ok": true, "value": "<version>"}); every answer is
// {"ok": true, "value": ...} or {"ok": false, "error": "..."}. A page is a tab in a browser context of its own
// (a fresh profile), named by a number. Files the browser downloads land in DOWNLOADS.
import fs from "node:fs";
import path from "node:path";
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const [executablePath, downloads, seconds] = process.argv.slice(2);
const LIMIT = Number(seconds) * 1000; // the upper bound of every wait (for a page to load, a download to end)
const browser = await puppeteer.launch({
  browser: "firefox", executablePath, headless: true, timeout: LIMIT, protocolTimeout: LIMIT,
  extraPrefsFirefox: { // downloads go to DOWNLOADS without asking
    "browser.download.dir": downloads, "browser.download.folderList": 2, "browser.download.useDownloadDir": true,
    "browser.download.always_ask_before_handling_new_types": false, "browser.download.manager.showWhenStarting": false,
  },
});
const pages = new Map();
let next = 0;
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

// Find the element, scroll it to the middle, act; again if the page replaced the element meanwhile (search
// results are drawn anew as the query grows).
async function act(page, selector, action) {
  for (let attempt = 0; ; attempt++) {
    try {
      const found = await page.$(selector);
      if (!found) throw new Error(`no element matches ${selector}`);
      await found.evaluate((e) => e.scrollIntoView({ block: "center" }));
      return await action(found);
    } catch (error) {
      if (attempt === 4 || !/detached|stale|no such node|not connected/i.test(String(error?.message))) throw error;
      await sleep(500);
    }
  }
}

async function download(page, selector) {
  for (const name of fs.readdirSync(downloads)) fs.rmSync(path.join(downloads, name), { force: true });
  await act(page, selector, (e) => e.click());
  for (const end = Date.now() + LIMIT; Date.now() < end; await sleep(200)) {
    const done = fs.readdirSync(downloads).filter((name) => !name.endsWith(".part"));
    if (done.length && !fs.readdirSync(downloads).some((name) => name.endsWith(".part"))) {
      return fs.readFileSync(path.join(downloads, done[0])).toString("base64");
    }
  }
  throw new Error(`no download within ${LIMIT / 1000} s after a click on ${selector}`);
}

const ops = {
  async fresh({ width, height }) {
    const context = await browser.createBrowserContext();
    const page = await context.newPage();
    await page.setViewport({ width, height });
    pages.set(++next, { context, page });
    return next;
  },
  goto: ({ page, url }) => page.goto(url, { waitUntil: "load", timeout: LIMIT }).then(() => null),
  reload: ({ page }) => page.reload({ waitUntil: "load", timeout: LIMIT }).then(() => null),
  click: ({ page, selector }) => act(page, selector, (e) => e.click()).then(() => null),
  type: ({ page, selector, text }) => act(page, selector, (e) => e.type(text)).then(() => null),
  select: ({ page, selector, value }) => act(page, selector, (e) => e.select(value)).then(() => null),
  evaluate: ({ page, script }) => page.evaluate(`(async () => ${script})()`).then((value) => value ?? null),
  resize: ({ page, width, height }) => page.setViewport({ width, height }).then(() => null),
  screenshot: ({ page, file }) => page.screenshot({ path: file }).then(() => null),
  download: ({ page, selector }) => download(page, selector),
  close: async ({ id }) => { await pages.get(id)?.context.close(); pages.delete(id); return null; },
};

console.log(JSON.stringify({ ok: true, value: await browser.version() }));
for await (const line of readline.createInterface({ input: process.stdin })) {
  const command = JSON.parse(line);
  try {
    const value = await ops[command.op]({ ...command, page: pages.get(command.id)?.page });
    console.log(JSON.stringify({ ok: true, value }));
  } catch (error) {
    console.log(JSON.stringify({ ok: false, error: String(error?.message ?? error) }));
  }
}
await browser.close();
