// Opens a page in headless Chromium and waits until <body data-state> leaves
// "loading"; exits 0 when it is "ready" (printing #app's text), 1 otherwise.
//   node tests/page-check.mjs http://127.0.0.1:5173/
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const url = process.argv[2];
const profile = mkdtempSync(join(tmpdir(), 'zhibiao-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
let ok = false;
try {
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  await page.goto(url);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 60_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  const text = await page.textContent('#app');
  ok = state === 'ready' && problems.length === 0;
  console.log(`${ok ? 'ok' : 'FAILED'} ${url}: ${state}: ${text}${problems.length ? ` (${problems.join('; ')})` : ''}`);
} catch (e) {
  console.log(`FAILED ${url}: ${e}`);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
