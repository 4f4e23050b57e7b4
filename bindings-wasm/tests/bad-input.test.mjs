// Bad input through the npm package: the catalogue of tests/fixtures/bad/cases.json gives
// the counts and codes the CLI gives (core/tests/bad_input.rs) and Python gives
// (bindings-py/tests/test_bad_input.py), and no exported function traps or leaks a
// foreign exception whatever it is given: every failure is an Error whose name is a
// zhibiao code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as zb from 'zhibiao';

const { Catalog, Dataset, DatasetBuilder, evaluate } = zb;
const bad = (name) => new URL(`../../tests/fixtures/bad/${name}`, import.meta.url);
const cases = JSON.parse(readFileSync(bad('cases.json'), 'utf8')).cases;
const catalog = Catalog.builtin();

test('the bad-input catalogue gives the counts and codes the CLI gives', () => {
  const failures = [];
  for (const c of cases) {
    if (c.fronts && !c.fronts.includes('node')) continue;
    let load;
    try {
      load = Dataset.fromCsv(catalog, readFileSync(bad(c.entities)), readFileSync(bad(c.observations)), {
        allowRejected: true,
        entitiesFile: c.entities,
        observationsFile: c.observations,
      }).load;
    } catch (e) {
      if (c.error !== e.name) failures.push(`${c.name}: threw ${e.name}: ${e.message}`);
      continue;
    }
    if (c.error) {
      failures.push(`${c.name}: expected ${c.error}, loaded`);
      continue;
    }
    for (const what of ['entities', 'observations']) {
      const counts = load[what];
      const got = counts.rejected.map((r) => [r.line, r.code]);
      if (counts.accepted + got.length !== counts.read) failures.push(`${c.name}: ${what}: accepted + rejected != read`);
      const read = c[`${what}_read`];
      if (read !== undefined && counts.read !== read) failures.push(`${c.name}: ${what} read ${counts.read}, expected ${read}`);
      const want = c[`${what}_rejected`] ?? [];
      if (JSON.stringify(got) !== JSON.stringify(want)) failures.push(`${c.name}: ${what} rejected ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
    if (c.encoding && load.observations.encodings?.[0]?.encoding !== c.encoding) {
      failures.push(`${c.name}: encoding ${JSON.stringify(load.observations.encodings)}, expected ${c.encoding}`);
    }
  }
  assert.deepEqual(failures, []);
});

/** Calls `f`; it may return, or throw an Error named by a zhibiao code; never anything else. */
function codedOrFine(f, label) {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof Error, `${label}: threw a non-Error ${String(e)}`);
    assert.ok(!(e instanceof WebAssembly.RuntimeError), `${label}: trapped: ${e.message}`);
    assert.match(e.name, /^(input|data|eval|catalog)\.[a-z_]+$/, `${label}: ${e.name}: ${e.message}`);
    assert.equal(e.code, e.name, label);
    return e;
  }
  return undefined;
}

const odd = [42, {}, [], null, undefined, '', 'x', true, -1, 1e300, NaN, Symbol('s'), 10n, () => 1, new Uint8Array([0xff])];

test('every exported function takes any argument without trapping', () => {
  const data = Dataset.sample(catalog);
  const ev = evaluate(catalog, data, { asOf: '2024-12-31', region: '110000', document: 'bj-plan-2021' });
  const good = { catalog, data, ev, result: ev.results[0], load: data.load };
  // Free functions: each argument position in turn gets each odd value, the others good ones.
  const calls = {
    parseQuantities: ['text'],
    regions: [],
    statuses: [],
    version: [],
    sampleRecords: ['catalog', 'seed'],
    evaluate: ['catalog', 'data', 'options'],
    bySection: ['catalog', 'ev', 'region'],
    byUnit: ['catalog', 'ev', 'name'],
    trajectories: ['catalog', 'ev'],
    explain: ['result'],
    report: ['catalog', 'ev', 'options'],
    loadSummary: ['load', 'options'],
  };
  const fill = (name) => ({ text: '90%以上', seed: 1, options: { asOf: '2024-12-31' }, region: '110000', name: '处' })[name] ?? good[name];
  for (const [fn, params] of Object.entries(calls)) {
    assert.equal(typeof zb[fn], 'function', fn);
    for (let i = 0; i < Math.max(params.length, 1); i++) {
      for (const v of odd) {
        const args = params.map((p, j) => (j === i ? v : fill(p)));
        codedOrFine(() => zb[fn](...args), `${fn} argument ${i} = ${String(v)}`);
      }
    }
  }
  // Methods of the classes.
  for (const v of odd) {
    for (const m of ['document', 'indicator', 'target', 'targets']) codedOrFine(() => catalog[m](v), `catalog.${m}(${String(v)})`);
    codedOrFine(() => Catalog.fromSources(v), `Catalog.fromSources(${String(v)})`);
    codedOrFine(() => Dataset.sample(v), `Dataset.sample(${String(v)})`);
    codedOrFine(() => Dataset.fromRecords(catalog, v, v), `Dataset.fromRecords(${String(v)})`);
    codedOrFine(() => Dataset.fromRecords(v, [], []), `Dataset.fromRecords(catalog = ${String(v)})`);
    codedOrFine(() => Dataset.fromCsv(catalog, v, v, v), `Dataset.fromCsv(${String(v)})`);
    codedOrFine(() => new DatasetBuilder(v), `new DatasetBuilder(${String(v)})`);
    const b = new DatasetBuilder(catalog);
    for (const m of ['addEntities', 'addObservations', 'readEntitiesCsv', 'readObservationsCsv']) codedOrFine(() => b[m](v, v), `builder.${m}(${String(v)})`);
    codedOrFine(() => b.build(v), `builder.build(${String(v)})`);
  }
});

test('the issue\'s cases throw input.argument, named', () => {
  for (const f of [() => zb.parseQuantities(42), () => zb.parseQuantities({}), () => catalog.target(42), () => catalog.document({}), () => evaluate({}, Dataset.sample(catalog), { asOf: '2024-12-31' })]) {
    const e = codedOrFine(f, String(f));
    assert.equal(e?.name, 'input.argument', String(f));
  }
  // A builder used up by build(), or a freed object.
  const b = new DatasetBuilder(catalog);
  b.build({ allowRejected: true });
  assert.equal(codedOrFine(() => b.build(), 'build twice')?.name, 'input.argument');
  const c = Catalog.builtin();
  c.free();
  assert.equal(codedOrFine(() => c.documents(), 'a freed catalog')?.name, 'input.argument');
  // Far as-of dates are refused at once, not evaluated for minutes.
  const data = Dataset.sample(catalog);
  assert.equal(codedOrFine(() => evaluate(catalog, data, { asOf: '9999-12-31' }), 'as of 9999')?.name, 'eval.as_of_out_of_range');
  assert.equal(codedOrFine(() => evaluate(catalog, data, { asOf: '+99999-12-31' }), 'as of +99999')?.name, 'eval.as_of_out_of_range');
  assert.equal(codedOrFine(() => evaluate(catalog, data, { asOf: 'tomorrow' }), 'as of tomorrow')?.name, 'input.argument');
});
