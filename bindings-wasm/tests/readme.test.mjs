// The package README keeps working: every ```js block runs in Node against the
// installed package (in a scratch directory holding entities.csv and observations.csv,
// GBK-encoded, for the CSV example), and the .wasm size it states is the size built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const pkgDir = dirname(createRequire(import.meta.url).resolve('zhibiao/package.json'));
const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```$/gm)].map((m) => m[1]);
const fixtures = fileURLToPath(new URL('../../tests/fixtures/', import.meta.url));

test('the README has runnable examples', () => {
  assert.ok(blocks.length >= 3, `${blocks.length} js blocks`);
});

blocks.forEach((code, i) => {
  const first = code.split('\n').find((l) => l.trim() && !l.startsWith('import')) ?? '';
  test(`README example ${i + 1}: ${first.slice(0, 60)}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'zhibiao-readme-'));
    try {
      mkdirSync(join(dir, 'node_modules'));
      symlinkSync(pkgDir, join(dir, 'node_modules', 'zhibiao'), 'dir');
      copyFileSync(join(fixtures, 'entities-gbk.csv'), join(dir, 'entities.csv'));
      copyFileSync(join(fixtures, 'observations-gbk.csv'), join(dir, 'observations.csv'));
      writeFileSync(join(dir, 'example.mjs'), code);
      const out = execFileSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
      assert.ok(out.trim().length > 0, 'the example prints something');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('the quick start shows Beijing and its districts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'zhibiao-readme-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(pkgDir, join(dir, 'node_modules', 'zhibiao'), 'dir');
    writeFileSync(join(dir, 'example.mjs'), blocks[0]);
    const out = execFileSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
    assert.match(out, /^北京市\t\d+\.\d%\t进度 \d+%\t\S+/m);
    assert.equal(out.trim().split('\n').length, 17);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the .wasm size the README states is the size built (within 10%)', () => {
  const stated = [...readme.matchAll(/\*\*([\d,]+) bytes\*\*/g)].map((m) => Number(m[1].replaceAll(',', '')));
  assert.equal(stated.length, 2, 'the README states the raw and the gzipped size as **N bytes**');
  const wasm = join(pkgDir, 'zhibiao_bg.wasm');
  const raw = statSync(wasm).size;
  const gz = gzipSync(readFileSync(wasm), { level: 9 }).length;
  for (const [what, s, actual] of [['raw', stated[0], raw], ['gzipped', stated[1], gz]]) {
    assert.ok(Math.abs(actual - s) <= 0.1 * s, `${what}: README says ${s} bytes, the build is ${actual}: update the README`);
  }
});
