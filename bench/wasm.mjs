// The WASM front door in Node (bench/run.sh; docs/benchmarks.md): the npm package
// built from bindings-wasm, loading the generated CSV files from memory (bytes, as a
// browser gets them from fetch) and evaluating every target of the built-in catalog.
//
//   node bench/wasm.mjs PKG_DIR DATA_DIR [REPEAT]
//
// Prints one JSON object: load and evaluate times (seconds) of every run and their
// medians, and the number of results.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

const [pkg, data, repeatArg] = process.argv.slice(2);
const repeat = Number(repeatArg ?? 5);
const z = await import(resolve(pkg, 'node.js'));
const entities = readFileSync(join(data, 'entities.csv'));
const observations = readFileSync(join(data, 'observations.csv'));
const catalog = z.Catalog.builtin();

const median = (v) => {
  const s = [...v].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const load = [], evaluate = [], total = [];
let results = 0;
for (let i = 0; i <= repeat; i++) {
  const t0 = performance.now();
  const ds = z.Dataset.fromCsv(catalog, entities, observations);
  const t1 = performance.now();
  const ev = z.evaluate(catalog, ds, { asOf: '2024-12-31' });
  const t2 = performance.now();
  results = ev.results.length;
  ds.free();
  if (i === 0) continue; // warm-up: compiles the hot paths
  load.push((t1 - t0) / 1000);
  evaluate.push((t2 - t1) / 1000);
  total.push((t2 - t0) / 1000);
}
console.log(JSON.stringify({
  node: process.version,
  results,
  load_s: load, eval_s: evaluate, total_s: total,
  load_median_s: median(load), eval_median_s: median(evaluate), total_median_s: median(total),
  rss_kib: Math.round(process.memoryUsage().rss / 1024),
}));
