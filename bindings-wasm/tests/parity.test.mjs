// Rust parity on the whole built-in sample: the evaluation and the three views the
// `zhibiao demo --format json` command prints, against the same through the npm
// package. scripts/test-wasm.sh runs the command and passes the directory of its
// outputs in ZHIBIAO_RUST_DEMO_DIR (demo.json, sections.json, units.json,
// trajectory.json); without it these tests are skipped, visibly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Catalog, Dataset, evaluate, bySection, byUnit, trajectories } from 'zhibiao';
import { camelKeys, matches } from './helpers.mjs';

const dir = process.env.ZHIBIAO_RUST_DEMO_DIR;
const skip = dir ? false : 'ZHIBIAO_RUST_DEMO_DIR not set (scripts/test-wasm.sh sets it)';
const rust = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));

/** camelCase keys, except the keys of status-count maps, which are status codes. */
function camelExceptCounts(v) {
  if (Array.isArray(v)) return v.map(camelExceptCounts);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v).map(([k, x]) => {
        const c = k.replace(/_([a-z0-9])/g, (_, ch) => ch.toUpperCase());
        return [c, c === 'status' || c === 'statusAsLead' ? x : camelExceptCounts(x)];
      }),
    );
  }
  return v;
}

function same(expected, actual, what) {
  const errors = [];
  matches(expected, actual, what, errors);
  // And nothing more on the JS side than on the Rust side.
  matches(actual, expected, `${what} (reverse)`, errors);
  assert.deepEqual(errors.slice(0, 20), [], `${errors.length} difference(s)`);
}

test('the sample evaluates as in Rust: every result, every number', { skip }, () => {
  const catalog = Catalog.builtin();
  const data = Dataset.sample(catalog);
  const r = rust('demo.json');
  same(camelKeys(r.load), data.load, 'load');
  const ev = evaluate(catalog, data, { asOf: r.evaluation.as_of });
  assert.equal(ev.results.length, r.evaluation.results.length);
  same(camelKeys(r.evaluation), ev, 'evaluation');

  same(camelExceptCounts(rust('sections.json')), bySection(catalog, ev), 'bySection');
  same(camelExceptCounts(rust('units.json')), byUnit(catalog, ev), 'byUnit');
  same(camelKeys(rust('trajectory.json')), trajectories(catalog, ev), 'trajectories');
});
