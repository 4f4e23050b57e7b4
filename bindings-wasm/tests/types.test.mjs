// The generated TypeScript declarations are checked in (bindings-wasm/zhibiao.d.ts) so
// that changes to the JS API show up in review; this fails when the build's differ.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const built = readFileSync(join(dirname(createRequire(import.meta.url).resolve('zhibiao/package.json')), 'zhibiao.d.ts'), 'utf8');
const checkedIn = readFileSync(new URL('../zhibiao.d.ts', import.meta.url), 'utf8');

test('the checked-in zhibiao.d.ts is the one the build generates', () => {
  assert.ok(
    built === checkedIn,
    'bindings-wasm/zhibiao.d.ts differs from the built package\'s: review the API change, then ' +
      'cp bindings-wasm/pkg/zhibiao.d.ts bindings-wasm/zhibiao.d.ts',
  );
});
