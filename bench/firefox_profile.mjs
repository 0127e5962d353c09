// Firefox (Debian's firefox-esr) with a persistent profile, driven over WebDriver BiDi by puppeteer-core
// (`npm install --no-save puppeteer-core`): the same plan and results as bench/webkit_profile.py.
//
//   node bench/firefox_profile.mjs < plan.json > results.json
//
// plan: {profile: folder or null (a fresh one, removed after), init_script, console, visits: [{url, until,
// timeout, pause}]}. Each visit loads its URL in one tab of one browser (a returning reader), then runs
// `until` (the body of an async function) every 100 ms until it returns something truthy.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer from "puppeteer-core";

const plan = JSON.parse(readFileSync(0, "utf8"));
const folder = plan.profile ?? mkdtempSync(join(tmpdir(), "grip-firefox-"));
const browser = await puppeteer.launch({
  browser: "firefox", executablePath: process.env.FIREFOX ?? "/usr/bin/firefox-esr", headless: true, userDataDir: folder,
  // a reader's Firefox: no telemetry or update pings from the test machine
  extraPrefsFirefox: { "datareporting.policy.dataSubmissionEnabled": false, "app.update.enabled": false, "browser.shell.checkDefaultBrowser": false },
});
const results = [];
try {
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 800 });
  if (plan.console) page.on("console", (message) => process.stderr.write(`console: ${message.text()}\n`));
  if (plan.init_script) await page.evaluateOnNewDocument(plan.init_script);
  const until = (body) => page.evaluate(`(async () => { ${body} })()`);
  for (const visit of plan.visits) {
    await new Promise((resolve) => setTimeout(resolve, 1000 * (visit.pause ?? 0)));
    const started = performance.now();
    const deadline = started + 1000 * (visit.timeout ?? 120);
    try {
      if (visit.url) await page.goto(visit.url, { waitUntil: "commit" }); // none: stay on the page
      let value = null;
      while (!value) {
        if (performance.now() > deadline) throw new Error(`not within ${visit.timeout ?? 120} s: ${visit.until.slice(0, 200)}`);
        value = await until(visit.until).catch(() => null);
        if (!value) await new Promise((resolve) => setTimeout(resolve, 100));
      }
      results.push({ value, seconds: Math.round(performance.now() - started) / 1000 });
    } catch (error) {
      results.push({ error: String(error?.message ?? error) });
    }
  }
} finally {
  await browser.close();
  if (!plan.profile) rmSync(folder, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(results));
