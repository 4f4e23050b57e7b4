// The dashboard example (examples/web/) in a real browser: served on localhost, driven
// in headless Chromium (Debian's /usr/bin/chromium through playwright-core), with the
// installed npm package. It must show, for each target with district results, a bar
// per district whose status and progress are those the same package computes in Node;
// and when the .wasm does not load, the page must say so (and the first test fails).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';
import { Catalog, Dataset, evaluate } from 'zhibiao';
import { serve } from '../../examples/web/serve.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const pkgDir = join(createRequire(import.meta.url).resolve('zhibiao/package.json'), '..');
const webDir = fileURLToPath(new URL('../../examples/web/', import.meta.url));
const screenshots = process.env.ZHIBIAO_SCREENSHOT_DIR ?? tmpdir();

let profile;
let context;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
  profile = mkdtempSync(join(tmpdir(), 'zhibiao-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync',
    ],
  });
});

after(async () => {
  await context?.close();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

/** Opens the dashboard served with `block`ed paths; returns the page, its errors and the server. */
async function open(block = []) {
  const server = await serve({ webDir, pkgDir, block });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', null, { timeout: 60_000 });
  return { page, errors, server };
}

test('the dashboard shows each target\'s progress per district, as computed in Node', async () => {
  const { page, errors, server } = await open();
  try {
    const state = await page.evaluate(() => document.body.dataset.state);
    const status = await page.textContent('#status');
    assert.equal(state, 'ready', `the page did not load: ${status} ${errors.join('; ')}`);
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(screenshots, 'zhibiao-dashboard.png'), fullPage: true });

    // What the page should show, computed by the same package in Node.
    const catalog = Catalog.builtin();
    const ev = evaluate(catalog, Dataset.sample(catalog), { asOf: '2024-12-31', document: 'bj-plan-2021', region: '110000' });
    const expected = ev.results.filter((r) => r.parent === '110000');
    const targets = [...new Set(expected.map((r) => r.target))];
    assert.ok(targets.length >= 5, `only ${targets.length} targets with district results`);

    const cards = await page.$$eval('section.card', (cs) => cs.map((c) => ({
      target: c.dataset.target,
      title: c.querySelector('h2').textContent,
      rows: [...c.querySelectorAll('.row')].map((r) => ({
        ...r.dataset,
        name: r.querySelector('.region').textContent,
        fill: r.querySelector('.fill').style.width,
        badge: r.querySelector('.badge').textContent,
      })),
    })));
    assert.deepEqual(cards.map((c) => c.target), targets);
    for (const card of cards) {
      assert.equal(card.rows.length, 16, `${card.target}: ${card.rows.length} districts`);
      assert.ok(card.title.startsWith(catalog.target(card.target).label));
      for (const row of card.rows) {
        const r = expected.find((x) => x.target === card.target && x.region === row.region);
        assert.ok(r, `${card.target}: unexpected region ${row.region}`);
        assert.equal(row.name, r.regionName);
        assert.equal(row.status, r.status);
        assert.equal(row.progress, r.progress === null ? '' : String(r.progress));
        assert.equal(row.value, r.value === null ? '' : String(r.value));
        assert.equal(row.fill, `${Math.round(Number(row.width) * 100)}%`);
      }
    }
    // The bars are not all empty: most districts have made some progress.
    const filled = cards.flatMap((c) => c.rows).filter((r) => Number(r.width) > 0).length;
    assert.ok(filled > 40, `only ${filled} bars are filled`);
    // Known rows of the synthetic sample: 东城 has gigabit in every school.
    const dongcheng = cards.find((c) => c.target === 'bj-plan-2021/t1/gigabit-to-school').rows.find((r) => r.region === '110101');
    assert.deepEqual([dongcheng.name, dongcheng.status, dongcheng.badge, dongcheng.fill], ['东城区', 'achieved', '已达成', '100%']);
    assert.match(status, /评估日期 2024-12-31/);
  } finally {
    await page.close();
    await server.close();
  }
});

test('when the .wasm cannot be loaded, the page says so instead of showing bars', async () => {
  const { page, server } = await open(['/zhibiao/zhibiao_bg.wasm']);
  try {
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'error');
    assert.match(await page.textContent('#status'), /加载失败/);
    assert.equal(await page.$$eval('.row', (rs) => rs.length), 0);
  } finally {
    await page.close();
    await server.close();
  }
});
