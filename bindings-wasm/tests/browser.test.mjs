// The dashboard (examples/web, a Vite project built into examples/web/dist by
// scripts/test-wasm.sh) in headless Chromium: Debian's /usr/bin/chromium through
// playwright-core, served from localhost. What each view shows — names, numbers,
// statuses, the map's regions, the trend's points — must be what the same package and
// the page's own model compute in Node; drill-down goes nation → province → county by
// clicking; a province with no map shows bars; a .wasm that does not load is reported.
// Screenshots of each view go to $ZHIBIAO_SCREENSHOT_DIR (default: the temp dir), drawn
// with a CJK font (fonts-noto-cjk), which must be installed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Catalog, Dataset, evaluate, reasons, regions, trajectories } from 'zhibiao';
import { dashboardModel, formatProgress, formatValue, view } from '../../examples/web/src/model.js';
import { serve } from './static-server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const dist = fileURLToPath(new URL('../../examples/web/dist/', import.meta.url));
const screenshots = process.env.ZHIBIAO_SCREENSHOT_DIR ?? tmpdir();

// What the page must show, computed here by the same package and model.
const catalog = Catalog.builtin();
const evaluation = evaluate(catalog, Dataset.sample(catalog), { asOf: '2024-12-31' });
const m = dashboardModel(catalog, evaluation, regions(), trajectories(catalog, evaluation));
const words = Object.fromEntries(reasons().map((r) => [r.code, r.zh]));

let profile;
let context;

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
  assert.ok(existsSync(join(dist, 'index.html')), 'examples/web/dist is missing: cd examples/web && npm ci && npx vite build');
  const cjk = execFileSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  assert.match(cjk, /\S/, 'no font with Chinese glyphs: apt-get install -y fonts-noto-cjk');
  mkdirSync(screenshots, { recursive: true });
  profile = mkdtempSync(join(tmpdir(), 'zhibiao-chromium-'));
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1280, height: 900 },
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

/** Opens the dashboard (with `block`ed paths) at `hash`; returns the page, its errors and the server. */
async function open(hash = '', block = []) {
  const server = await serve({ dir: dist, block });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url + hash);
  await settled(page);
  return { page, errors, server };
}

/** Waits until the page has drawn the view of the current hash. */
async function settled(page) {
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state)
    && (document.body.dataset.state === 'error' || new URLSearchParams(location.hash.slice(1)).get('region') === null
      || new URLSearchParams(location.hash.slice(1)).get('region') === document.body.dataset.region), null, { timeout: 60_000 });
}

/** Everything the page shows of the view, read from the DOM and the charts' SVG. */
function shown(page) {
  return page.evaluate(() => ({
    region: document.body.dataset.region,
    target: document.body.dataset.target,
    crumbs: document.querySelector('#crumbs').textContent,
    selected: document.querySelector('#target').value,
    kpis: Object.fromEntries([...document.querySelectorAll('.kpi')].map((k) => [k.dataset.status, Number(k.dataset.count)])),
    rows: [...document.querySelectorAll('#table tbody tr')].map((tr) => ({
      ...tr.dataset,
      cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
    })),
    mapKind: document.querySelector('#map').dataset.kind,
    mapText: [...document.querySelectorAll('#map svg text')].map((t) => t.textContent),
    mapPaths: document.querySelectorAll('#map svg path').length,
    trendText: [...document.querySelectorAll('#trend svg text')].map((t) => t.textContent),
    trendTitle: document.querySelector('#trend-title').textContent,
    trend: window.dashboard.charts.trend.getOption().series?.map((s) => ({ name: s.name, data: s.data })) ?? [],
    // ECharts lists every region of the map; those with a result carry its status.
    map: window.dashboard.charts.map.getOption().series?.[0]?.data?.filter((d) => d.status).map((d) => ({ code: d.name, value: d.value, status: d.status })) ?? [],
  }));
}

/** Asserts that the page shows the view the model computes for `code` and `target`. */
function assertView(s, code, target) {
  const v = view(m, code, target);
  assert.equal(s.region, code);
  assert.equal(s.target, v.target.id);
  assert.equal(s.selected, v.target.id);
  assert.equal(s.crumbs.replace(/\s/g, ''), v.path.map((r) => r.name).join('›'));
  assert.deepEqual(s.kpis, v.counts);
  const expectedRows = v.children.length ? v.children : v.results;
  assert.deepEqual(s.rows.map((r) => [r.region, r.target, r.status, r.value]),
    expectedRows.map((r) => [r.region, r.target, r.status, r.value === null ? '' : String(r.value)]));
  for (const [i, r] of expectedRows.entries()) {
    const cells = s.rows[i].cells;
    assert.equal(cells[0], v.children.length ? r.regionName : catalog.target(r.target).label);
    assert.equal(cells[2], formatValue(r.value, r.unit));
    assert.equal(cells[5], formatProgress(r.progress));
    if (r.reason) assert.ok(cells[7].includes(words[r.reason.code]), `${cells[7]}: the reason in words`);
  }
  if (v.trend?.observed.length) {
    const observed = s.trend.find((x) => x.name.endsWith('观测值'));
    assert.deepEqual(observed.data, v.trend.observed);
    if (v.trend.plan.length) assert.deepEqual(s.trend.find((x) => x.name.startsWith('规划路径')).data, v.trend.plan);
  } else {
    assert.deepEqual(s.trend, []);
  }
  return v;
}

test('the nation: provinces on the map, the national trend, every number as computed in Node', async () => {
  const { page, errors, server } = await open();
  try {
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'ready', errors.join('; '));
    assert.deepEqual(errors, []);
    const s = await shown(page);
    const v = assertView(s, '000000', null);
    assert.equal(v.target.id, 'moe-2019/g7/school-broadband-97');
    assert.equal(s.mapKind, 'map');
    assert.ok(s.mapPaths >= 34, `${s.mapPaths} shapes on the national map`);
    // The provinces with a result are on the map with their value, by name.
    for (const r of v.children) assert.ok(s.mapText.some((t) => t.includes(r.regionName.replace(/省|市$/, ''))), `${r.regionName} on the map`);
    assert.ok(s.mapText.includes('97.3%'), `四川 97.3% on the map: ${s.mapText.join(' ')}`);
    assert.deepEqual(s.map.map((d) => d.code).sort(), v.children.map((r) => r.region).sort());
    assert.ok(s.trendText.some((t) => t === '2019年末'), s.trendText.join(' '));
    await page.screenshot({ path: join(screenshots, 'zhibiao-dashboard-nation.png'), fullPage: true });
  } finally {
    await page.close();
    await server.close();
  }
});

test('drill-down: nation → Beijing (district map) → Haidian (every target there), by clicking', async () => {
  const { page, errors, server } = await open();
  try {
    await page.click('#table tbody tr[data-region="110000"]');
    await settled(page);
    let s = await shown(page);
    // moe-2019's broadband target counts schools, so Beijing's districts have results and the
    // drill-down keeps it; Beijing's own plan is one choice away.
    let v = assertView(s, '110000', 'moe-2019/g7/school-broadband-97');
    assert.equal(s.rows.length, 16);
    await page.selectOption('#target', 'bj-plan-2021/t1/gigabit-to-school');
    await page.waitForFunction(() => document.body.dataset.target === 'bj-plan-2021/t1/gigabit-to-school');
    s = await shown(page);
    v = assertView(s, '110000', 'bj-plan-2021/t1/gigabit-to-school');
    assert.equal(s.mapKind, 'map');
    assert.equal(s.rows.length, 16);
    assert.deepEqual(s.map.map((d) => d.code).sort(), v.children.map((r) => r.region).sort());
    const dongcheng = s.rows.find((r) => r.region === '110101');
    assert.deepEqual([dongcheng.cells[0], dongcheng.cells[2], dongcheng.cells[7]], ['东城区', '100%', '已达成']);
    for (const name of ['海淀', '延庆', '东城']) assert.ok(s.mapText.some((t) => t.includes(name)), `${name} on the map`);
    // The plan's trajectory: Beijing's values 2020–2024 against the straight path to 100% at the end of 2025.
    assert.deepEqual(s.trend.find((x) => x.name.startsWith('规划路径')).data.map((p) => p[0]), [2020, 2025]);
    assert.ok(s.trendText.includes('2025年末') && s.trendText.some((t) => t.startsWith('目标 100')), s.trendText.join(' '));
    await page.screenshot({ path: join(screenshots, 'zhibiao-dashboard-beijing.png'), fullPage: true });

    // Another target of the plan: the annual targets of bj-2023 drawn as steps toward it.
    await page.selectOption('#target', 'bj-plan-2021/t5/smart-campus-demo-100');
    await page.waitForFunction(() => document.body.dataset.target === 'bj-plan-2021/t5/smart-campus-demo-100');
    s = await shown(page);
    v = assertView(s, '110000', 'bj-plan-2021/t5/smart-campus-demo-100');
    assert.ok(v.trend.annual.length >= 1, 'bj-2023 sets a step toward the plan');
    assert.deepEqual(s.trend.find((x) => x.name === '年度目标').data, v.trend.annual.map((a) => [a.at, a.value]));

    await page.click('#table tbody tr[data-region="110108"]');
    await settled(page);
    s = await shown(page);
    v = assertView(s, '110108', 'bj-plan-2021/t5/smart-campus-demo-100');
    assert.equal(v.region.name, '海淀区');
    assert.ok(s.rows.length >= 10, `${s.rows.length} targets at Haidian`);
    assert.equal(s.mapKind, 'map', 'a county is shown on its parent\'s map');
    assert.deepEqual(errors, []);
    await page.screenshot({ path: join(screenshots, 'zhibiao-dashboard-haidian.png'), fullPage: true });

    // Back up by the breadcrumb.
    await page.click('#crumbs a[href="#region=000000"]');
    await settled(page);
    assert.equal((await shown(page)).region, '000000');
  } finally {
    await page.close();
    await server.close();
  }
});

test('a province with no map shipped shows its sub-regions as bars', async () => {
  const { page, errors, server } = await open('#region=610000');
  try {
    const s = await shown(page);
    const v = assertView(s, '610000', null);
    assert.equal(s.mapKind, 'bars');
    assert.ok(v.children.length >= 5);
    for (const r of v.children) assert.ok(s.mapText.includes(r.regionName), `${r.regionName} on the bars`);
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
    await server.close();
  }
});

test('when the .wasm cannot be loaded, the page says so instead of showing numbers', async () => {
  const { page, server } = await open('', [/\.wasm$/]);
  try {
    assert.equal(await page.evaluate(() => document.body.dataset.state), 'error');
    assert.match(await page.textContent('#status'), /加载失败/);
    assert.equal(await page.$$eval('#table tbody tr', (rs) => rs.length), 0);
  } finally {
    await page.close();
    await server.close();
  }
});
