/**
 * Opens the HTML report in a real headless Chromium (Debian `chromium`, driven by playwright-core):
 * it must render with no console error, attempt no network request, run no script (the hostile
 * values include several ways to try), and carry its finding anchors and SVG timelines. Screenshots
 * land in test/.tmp/ (git-ignored) for a person to look at. Skips when Chromium is not installed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildReportModel } from '../../src/report/model.js';
import { toHtml, CSP } from '../../src/report/html.js';
import { buildReportFixture } from '../helpers/report-fixture.js';
import { tempDir } from '../helpers/tmp.js';
import { captureIO } from '../helpers/io.js';
import { main } from '../../src/cli.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/types.js';

const CHROMIUM = '/usr/bin/chromium';
const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), '..', '.tmp');
const skip = existsSync(CHROMIUM) ? false : `${CHROMIUM} is not installed`;

async function launch() {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

type Source = 'scenario' | 'hostile' | 'samples';

async function caseStore(source: Source, dir: string): Promise<Store> {
  if (source !== 'samples') return (await buildReportFixture(dir, { hostile: source === 'hostile' })).store;
  const path = join(dir, 'samples.db');
  const io = captureIO(join(process.cwd(), 'samples'));
  assert.equal(await main(['analyze', '.', '--db', path, '--json'], io) < 2, true, io.err());
  return openStore(path, { readonly: true });
}

const SAMPLES_PRESENT = existsSync(join(process.cwd(), 'samples'));

for (const source of ['scenario', 'hostile', 'samples'] as const) {
  const hostile = source === 'hostile';
  const why = skip || (source === 'samples' && !SAMPLES_PRESENT ? 'samples/ not present' : false);
  test(`HTML report (${source}) renders in Chromium without scripts or requests`, { skip: why, timeout: 120_000 }, async (t) => {
    const dir = tempDir(t);
    const store = await caseStore(source, dir);
    const model = await buildReportModel(store);
    await store.close();
    const file = join(dir, 'report.html');
    writeFileSync(file, toHtml(model));
    const url = pathToFileURL(file).href;

    const browser = await launch();
    t.after(() => browser.close());
    for (const colorScheme of ['light', 'dark'] as const) {
      const page = await browser.newPage({ viewport: { width: 1200, height: 900 }, colorScheme });
      const problems: string[] = [];
      const requests: string[] = [];
      page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`); });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); void d.dismiss(); });
      page.on('request', (r) => { if (r.url() !== url) requests.push(r.url()); });
      page.on('requestfailed', (r) => { if (r.url() !== url) requests.push(`failed: ${r.url()}`); });
      await page.route('**/*', (route) => (route.request().url() === url ? route.continue() : route.abort()));
      await page.goto(url, { waitUntil: 'load' });

      assert.deepEqual(problems, []);
      assert.deepEqual(requests, [], 'no network request');
      const state = await page.evaluate(() => ({
        title: document.title,
        scripts: document.scripts.length,
        handlers: document.querySelectorAll('[onload],[onerror],[onclick]').length,
        images: document.images.length,
        csp: document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content') ?? null,
        findings: Array.from(document.querySelectorAll('section.finding'), (s) => s.id),
        svgs: document.querySelectorAll('svg.timeline').length,
        marks: document.querySelectorAll('svg.timeline .mark').length,
        evidenceMarks: document.querySelectorAll('svg.timeline .mark.evidence').length,
        bodyText: document.body.innerText,
        bg: getComputedStyle(document.body).backgroundColor,
        overflow: document.documentElement.scrollWidth - window.innerWidth,
      }));
      assert.ok(state.overflow <= 0, `page wider than the window by ${state.overflow}px (a long value does not wrap)`);
      assert.equal(state.scripts, 0, 'no script element');
      assert.equal(state.handlers, 0, 'no event-handler attribute');
      assert.equal(state.images, 0, 'no image element');
      assert.equal(state.csp, CSP);
      assert.doesNotMatch(state.title, /^pwned$/);
      assert.deepEqual(state.findings, Object.values(model.anchors));
      for (const anchor of state.findings) assert.match(anchor, /^finding-[a-z0-9-]+$/);
      assert.equal(state.svgs, model.timelines.length);
      assert.equal(state.marks, model.timelines.reduce((n, x) => n + x.events.length, 0));
      if (source !== 'samples') assert.equal(state.evidenceMarks, 2);
      else assert.ok(state.evidenceMarks > 10 && state.svgs > 10);
      assert.equal(state.bg, colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
      if (source === 'samples') {
        assert.ok(state.bodyText.includes('Expired Remote Desktop certificate was not renewed'));
      } else if (hostile) {
        // the hostile strings are on the page as text
        assert.ok(state.bodyText.includes('<script>document.title="pwned"</script>'));
        assert.ok(state.bodyText.includes('[click me](javascript:alert(3))'));
        assert.ok(state.title.includes('<script>'));
      } else {
        assert.ok(state.bodyText.includes('2 of 4 connection attempts to RDSH01.corp.example failed before logon'));
      }
      // the linkable anchor of the first finding scrolls to it
      await page.goto(`${url}#${state.findings[0]}`);
      assert.equal(await page.evaluate(() => document.querySelector(':target')?.id), state.findings[0]);

      mkdirSync(ARTIFACTS, { recursive: true });
      await page.screenshot({ path: join(ARTIFACTS, `report-${source}-${colorScheme}.png`), fullPage: source === 'scenario' });
      if (colorScheme === 'light') {
        await page.emulateMedia({ media: 'print' });
        const printBg = await page.evaluate(() => getComputedStyle(document.querySelector('a.anchor')!).display);
        assert.equal(printBg, 'none', 'print style hides the anchor links');
        await page.pdf({ path: join(ARTIFACTS, `report-${source}.pdf`) }).catch(() => undefined);
      }
      await page.close();
    }
  });
}
