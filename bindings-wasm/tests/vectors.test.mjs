// Conformance: every file in spec/vectors/ through the npm package, compared with
// its hand-computed expected output by the rules of spec/vectors/README.md. The JS
// API names fields in camelCase, so the vector's keys are converted (values are not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { Catalog, Dataset, evaluate } from 'zhibiao';
import { camelKeys, matches } from './helpers.mjs';

const dir = new URL('../../spec/vectors/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();
const catalog = Catalog.builtin();
const spec = new URL('../../spec/', import.meta.url);

// The built-in catalog's files plus spec/vectors/catalogs/NAME (a vector's `catalog`).
const scratch = new Map();
function scratchCatalog(name) {
  if (!scratch.has(name)) {
    const files = { documents: {}, indicators: {}, sources: {} };
    const read = (dir, into, prefix) => {
      let names = [];
      try {
        names = readdirSync(dir);
      } catch {
        return;
      }
      for (const f of names.filter((n) => n.endsWith('.json') || n.endsWith('.txt')).sort()) {
        into[prefix + f] = readFileSync(new URL(f, dir), 'utf8');
      }
    };
    for (const base of [spec, new URL(`vectors/catalogs/${name}/`, spec)]) {
      read(new URL('catalog/', base), files.documents, 'catalog/');
      read(new URL('indicators/', base), files.indicators, 'indicators/');
      read(new URL('sources/', base), files.sources, '');
    }
    scratch.set(name, Catalog.fromSources(files));
  }
  return scratch.get(name);
}

test('there are conformance vectors', () => {
  assert.ok(files.length > 0, 'no files in spec/vectors/');
});

for (const file of files) {
  test(`vector ${file}`, () => {
    const v = JSON.parse(readFileSync(new URL(file, dir), 'utf8'));
    const expected = camelKeys(v.expected);
    const errors = [];
    const cat = v.catalog ? scratchCatalog(v.catalog) : catalog;
    const data = Dataset.fromRecords(cat, camelKeys(v.entities), camelKeys(v.observations), {
      allowRejected: true,
    });
    if (expected.load) matches(expected.load, data.load, 'load', errors);
    const options = camelKeys(v.options);
    if (Array.isArray(options.targets) && options.targets.length === 0) delete options.targets;
    let evaluation;
    try {
      evaluation = evaluate(cat, data, options);
    } catch (e) {
      assert.ok(e instanceof Error, `evaluate threw a non-Error: ${e}`);
      if (expected.error !== e.name) errors.push(`evaluate failed: [${e.name}] ${e.message}`);
    }
    if (evaluation) {
      if (expected.error) errors.push(`evaluate succeeded, expected error ${expected.error}`);
      const actual = evaluation.results;
      if (expected.resultCount !== undefined && actual.length !== expected.resultCount) {
        errors.push(`${actual.length} results, expected ${expected.resultCount}`);
      }
      for (const er of expected.results ?? []) {
        const a = actual.find((r) => r.target === er.target && r.region === er.region);
        if (a) matches(er, a, `${er.target}@${er.region}`, errors);
        else errors.push(`no result for ${er.target} @ ${er.region}`);
      }
    }
    data.free();
    assert.deepEqual(errors, [], `${file}: ${errors.length} mismatch(es)`);
  });
}
