// A browser user uploads a workbook: a page served from localhost, with the installed
// package (node_modules/zhibiao, what npm gives a user) loaded as an ES module, has an
// <input type=file>; Playwright drives Debian's headless Chromium to pick the fixtures of
// tests/fixtures/excel/ (office.xlsx as an office saves it; excel95-gbk.xls, an Excel 95
// workbook whose text is GBK). The page reads the File's bytes, lists the sheets
// (excelSheets), loads entities from the first sheet and observations from the sheet
// typed into the page, and evaluates. What it shows must be what Node computes from the
// same bytes; a sheet that is not in the workbook is the coded error, shown on the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { Catalog, DatasetBuilder, evaluate, excelSheets } from 'zhibiao';
import { serve } from './static-server.mjs';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const pkg = fileURLToPath(new URL('../node_modules/zhibiao/', import.meta.url));
const fixture = (name) => fileURLToPath(new URL(`../../tests/fixtures/excel/${name}`, import.meta.url));
const AS_OF = '2024-12-31';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<title>上传工作簿</title>
<link rel="icon" href="data:,">
<label>工作表 <input id="sheet" value=""></label>
<input id="book" type="file" accept=".xlsx,.xls,.ods">
<pre id="out"></pre>
<script type="module">
import init, { Catalog, DatasetBuilder, evaluate, excelSheets } from './zhibiao/zhibiao.js';
await init();
const catalog = Catalog.builtin();
const input = document.querySelector('#book');
input.addEventListener('change', async () => {
  document.body.dataset.state = 'reading';
  const file = input.files[0];
  try {
    const bytes = await file.arrayBuffer();
    const sheets = excelSheets(bytes, file.name);
    const b = new DatasetBuilder(catalog);
    b.readEntitiesExcel(bytes, { file: file.name });
    b.readObservationsExcel(bytes, { file: file.name, sheet: document.querySelector('#sheet').value });
    const dataset = b.build();
    const e = evaluate(catalog, dataset, { asOf: '${AS_OF}' });
    window.upload = { name: file.name, size: bytes.byteLength, sheets, load: dataset.load, results: JSON.stringify(e.results) };
    document.querySelector('#out').textContent = sheets.join(', ') + ': ' + e.results.length + ' 项结果';
    document.body.dataset.state = 'ready';
  } catch (err) {
    window.upload = { name: file.name, error: { name: err.name, message: err.message } };
    document.querySelector('#out').textContent = err.name + ': ' + err.message;
    document.body.dataset.state = 'error';
  }
  input.value = '';
});
document.body.dataset.state = 'idle';
</script>
`;

/** What Node computes from the same bytes, the way the page does. */
function inNode(name, sheet) {
  const bytes = new Uint8Array(readFileSync(fixture(name)));
  const catalog = Catalog.builtin();
  const b = new DatasetBuilder(catalog);
  b.readEntitiesExcel(bytes, { file: name });
  b.readObservationsExcel(bytes, { file: name, sheet });
  const dataset = b.build();
  return { sheets: excelSheets(bytes, name), load: dataset.load, results: evaluate(catalog, dataset, { asOf: AS_OF }).results };
}

let dir;
let server;
let browser;
let page;
const errors = [];

before(async () => {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing (apt-get install -y chromium)`);
  assert.ok(existsSync(join(pkg, 'zhibiao_bg.wasm')), 'node_modules/zhibiao is missing: install the packed .tgz (scripts/test-wasm.sh)');
  dir = mkdtempSync(join(tmpdir(), 'zhibiao-upload-'));
  writeFileSync(join(dir, 'index.html'), PAGE);
  mkdirSync(join(dir, 'zhibiao'));
  for (const f of ['zhibiao.js', 'zhibiao_bg.wasm']) copyFileSync(join(pkg, f), join(dir, 'zhibiao', f));
  server = await serve({ dir });
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  page = await browser.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (msg) => msg.type() === 'error' && errors.push(msg.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()} ${r.url()}`));
  await page.goto(server.url);
  await page.waitForFunction(() => document.body.dataset.state === 'idle', null, { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Types the sheet name, picks the file in the <input type=file>, waits for the page. */
async function upload(name, sheet) {
  await page.fill('#sheet', sheet);
  await page.evaluate(() => { document.body.dataset.state = 'picking'; });
  await page.setInputFiles('#book', fixture(name));
  await page.waitForFunction(() => ['ready', 'error'].includes(document.body.dataset.state), null, { timeout: 60_000 });
  return page.evaluate(() => window.upload);
}

test('an uploaded workbook evaluates in the browser as in Node', async () => {
  for (const name of ['office.xlsx', 'excel95-gbk.xls']) {
    const got = await upload(name, '填报数据');
    assert.equal(got.error, undefined, `${name}: ${JSON.stringify(got.error)}`);
    assert.equal(got.name, name);
    assert.equal(got.size, readFileSync(fixture(name)).length, name);
    const node = inNode(name, '填报数据');
    assert.deepEqual(got.sheets, ['学校', '填报数据'], name);
    assert.deepEqual(got.sheets, node.sheets, name);
    assert.deepEqual(got.load, node.load, name);
    assert.equal(got.load.observations.accepted, 9, name);
    assert.equal(got.load.entities.encodings[0].file, `${name}[学校]`);
    assert.equal(got.results, JSON.stringify(node.results), name);
    // A known result: Beijing's 97.6% broadband in 2019 meets the 97% target.
    const results = JSON.parse(got.results);
    const beijing = results.find((r) => r.target === 'moe-2019/g7/school-broadband-97' && r.region === '110000');
    assert.equal(beijing?.status, 'achieved', name);
    assert.equal(beijing.regionName, '北京市', name);
    assert.match(await page.textContent('#out'), /^学校, 填报数据: \d+ 项结果$/);
  }
  assert.deepEqual(errors, []);
});

test('an uploaded workbook without the sheet named shows the coded error', async () => {
  const got = await upload('office.xlsx', '观测');
  assert.equal(got.error?.name, 'input.no_such_sheet', JSON.stringify(got));
  assert.equal(got.error.message, 'office.xlsx: no sheet "观测"; the workbook has: "学校", "填报数据"');
  assert.equal(await page.textContent('#out'), `input.no_such_sheet: ${got.error.message}`);
});
