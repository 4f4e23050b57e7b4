// The package README keeps working: every ```js example runs in Node against the
// installed package (in a scratch directory holding entities.csv and observations.csv,
// GBK-encoded, for the CSV example) and prints exactly what the ```text block after it
// shows (an example with no such block must print nothing); the install commands name
// the file the build makes; the .wasm size it states is the size built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { fences } from './helpers.mjs';

const pkgDir = dirname(createRequire(import.meta.url).resolve('zhibiao/package.json'));
const readme = readFileSync(join(pkgDir, 'README.md'), 'utf8');
const fixtures = fileURLToPath(new URL('../../tests/fixtures/', import.meta.url));

/**
 * The examples: `js` blocks that are not files to write (`// vite.config.js`), each with
 * the output shown right after it (a `text` block, introduced by nothing or by "prints:").
 */
export function examples(md) {
  const fs = fences(md);
  return fs
    .map((f, i) => ({ ...f, next: fs[i + 1] }))
    .filter((f) => f.lang === 'js' && !/^\/\/ [\w.-]+\.(js|mjs|ts)\n/.test(f.code))
    .map((f) => ({
      code: f.code,
      output: f.next?.lang === 'text' && /^\s*(?:[^\n]*prints:)?\s*$/i.test(f.next.before) ? f.next.code : null,
    }));
}

const blocks = examples(readme);

function run(code) {
  const dir = mkdtempSync(join(tmpdir(), 'zhibiao-readme-'));
  try {
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(pkgDir, join(dir, 'node_modules', 'zhibiao'), 'dir');
    copyFileSync(join(fixtures, 'entities-gbk.csv'), join(dir, 'entities.csv'));
    copyFileSync(join(fixtures, 'observations-gbk.csv'), join(dir, 'observations.csv'));
    copyFileSync(join(fixtures, 'excel', 'office.xlsx'), join(dir, '填报.xlsx'));
    writeFileSync(join(dir, 'example.mjs'), code);
    return execFileSync(process.execPath, ['example.mjs'], { cwd: dir, encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('the README has runnable examples, most with their output', () => {
  assert.ok(blocks.length >= 5, `${blocks.length} js examples`);
  assert.ok(blocks.filter((b) => b.output !== null).length >= 5, 'examples with a printed result');
});

blocks.forEach(({ code, output }, i) => {
  const first = code.split('\n').find((l) => l.trim() && !l.startsWith('import')) ?? '';
  test(`README example ${i + 1} prints what the README shows: ${first.slice(0, 50)}`, () => {
    const out = run(code);
    if (output === null) {
      assert.equal(out, '', 'the example prints, but the README shows no output: add a ```text block after it');
    } else {
      assert.equal(out.trimEnd(), output.trimEnd());
    }
  });
});

test('the install commands name the file the build makes', () => {
  const { version } = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
  const named = [...readme.matchAll(/zhibiao-(\d+\.\d+\.\d+[^\s/]*)\.tgz/g)].map((m) => m[1]);
  assert.ok(named.length >= 2, 'the README says which .tgz to install');
  for (const v of named) assert.equal(v, version, `the README names zhibiao-${v}.tgz; the build makes zhibiao-${version}.tgz`);
  assert.doesNotMatch(readme, /^npm install zhibiao\s*$/m, 'the package is not published: npm install zhibiao does not work');
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
