// The package as a dashboard developer uses it: catalog, data from JS arrays and CSV
// (UTF-8 and GBK), evaluation, views, explanations, and errors as real JS Errors whose
// name is the core's stable code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import init, {
  Catalog, Dataset, DatasetBuilder, evaluate, bySection, byUnit, trajectories, explain, report,
  loadSummary, reasons, regions, resolveRegion, statuses, sampleRecords, parseQuantities, readFigure, resultsCsv, version,
} from 'zhibiao';
import { allKeys } from './helpers.mjs';

const fixture = (name) => readFileSync(new URL(`../../tests/fixtures/${name}`, import.meta.url));
/** Records in a CSV fixture: its non-empty lines after the header. */
const rows = (name) => fixture(name).toString('latin1').split('\n').slice(1).filter((l) => l.trim()).length;
const catalog = Catalog.builtin();
const GIGABIT = 'bj-plan-2021/t1/gigabit-to-school';

/** Calls `f`, which must throw a JS Error named `name`; returns the error. */
function throwsNamed(f, name) {
  let error;
  try {
    f();
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof Error, `expected an Error named ${name}, got ${error}`);
  assert.equal(error.name, name, error.message);
  assert.equal(error.code, name);
  return error;
}

test('init() is harmless in Node, where the module is ready on import', async () => {
  await init();
  assert.match(version(), /^\d+\.\d+\.\d+/);
});

test('catalog: documents, sections, tasks, targets, indicators and units, in zh and en', () => {
  const docs = catalog.documents();
  assert.deepEqual(docs.map((d) => d.id).sort(), ['bj-2023', 'bj-plan-2021', 'cd-2021', 'moe-2019', 'sn-2023']);
  for (const d of docs) {
    assert.ok(d.title && d.titleEn, d.id);
    assert.ok(d.sections.length > 0 && d.tasks.length > 0 && d.targets.length > 0, d.id);
    for (const t of d.targets) assert.ok(t.label && t.labelEn, t.id);
  }
  const plan = catalog.document('bj-plan-2021');
  assert.equal(plan.period.start, '2021-01-01');
  assert.equal(catalog.document('nope'), undefined);

  const t = catalog.target(GIGABIT);
  assert.equal(t.label, '学校千兆接入率100%');
  assert.equal(t.kind, 'share');
  assert.equal(catalog.target('nope'), undefined);

  const rows = catalog.targets('bj-2023');
  assert.ok(rows.length > 0 && rows.every((r) => r.document === 'bj-2023'));
  assert.equal(catalog.targets().length, docs.reduce((n, d) => n + d.targets.length, 0));
  const row = catalog.targets().find((r) => r.id === GIGABIT);
  assert.ok(Array.isArray(row.quoteSpan) && row.quoteSpan.length === 2 && row.quoteLine > 0);
  assert.ok(['lead_and_partners', 'listed', 'not_stated'].includes(row.responsible.style));
  // The fields the README lists for `targets --format json`, in camelCase, figureQuote among them.
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const para = readme.slice(readme.indexOf('`targets --format json` prints an array of objects with'));
  const listed = para.slice(0, para.indexOf(' (a test keeps')).split('`').filter((_, i) => i % 2 === 1).slice(1);
  const camel = (f) => f.replace(/_([a-z])/g, (_, c) => c.toUpperCase());
  assert.deepEqual(Object.keys(row).sort(), listed.map(camel).sort());
  assert.equal(catalog.targets().find((r) => r.id === 'moe-2019/g7/bandwidth-100mbps').figureQuote, '中小学宽带接入率达到97%以上');

  const indicators = catalog.indicators();
  assert.ok(indicators.every((i) => i.id && i.name && i.nameEn));
  assert.equal(catalog.indicator('school.bandwidth_mbps').unit, 'Mbps');

  const units = catalog.units();
  assert.ok(units.length > 0);
  assert.ok(units.every((u) => u.unit && u.tasks.length > 0 && u.tasks.every((x) => ['lead', 'partner', 'listed'].includes(x.role))));

  // Field names are camelCase everywhere (values such as status codes stay as they are).
  const keys = [...allKeys([docs, rows, indicators, units])];
  assert.deepEqual(keys.filter((k) => k.includes('_')), []);
});

test('regions and statuses carry zh and en labels', () => {
  const all = regions();
  const haidian = all.find((r) => r.code === '110108');
  assert.deepEqual({ name: haidian.name, parent: haidian.parent, level: haidian.level }, { name: '海淀区', parent: '110000', level: 'county' });
  assert.ok(haidian.nameEn);
  assert.equal(all.find((r) => r.code === '000000').parent, null);
  const s = statuses();
  assert.equal(s[0].code, 'achieved');
  assert.equal(s[0].zh, '已达成');
  assert.equal(s.length, 7);
});

test('regions by code, name or path; an ambiguous name lists its candidates', () => {
  const all = regions();
  assert.equal(all.length, 1 + 34 + 333 + 2845);
  for (const [text, code] of [
    ['110108', '110108'], ['海淀区', '110108'], ['北京市海淀区', '110108'], ['Haidian District', '110108'],
    ['全国', '000000'], ['北京', '110000'], ['四川省成都市武侯区', '510107'], ['Wuhou District, Chengdu', '510107'],
    ['仙桃', '429004'],
  ]) {
    assert.equal(resolveRegion(text).code, code, text);
  }
  assert.deepEqual(resolveRegion('武侯区'), { code: '510107', name: '武侯区', nameEn: 'Wuhou District', level: 'county', parent: '510100', path: '四川省成都市武侯区' });
  const e = throwsNamed(() => resolveRegion('朝阳区'), 'region.ambiguous');
  assert.equal(e.text, '朝阳区');
  assert.deepEqual(e.candidates.map((c) => c.code), ['110105', '220104']);
  assert.equal(e.candidates[1].path, '吉林省长春市朝阳区');
  assert.equal(throwsNamed(() => resolveRegion('火星'), 'region.unknown').text, '火星');

  const data = Dataset.sample(catalog);
  assert.equal(data.resolveRegion('Haidian').code, '110108');
  const byName = evaluate(catalog, data, { asOf: '2024-12-31', region: '北京市海淀区', document: 'bj-plan-2021' });
  const byCode = evaluate(catalog, data, { asOf: '2024-12-31', region: '110108', document: 'bj-plan-2021' });
  assert.deepEqual(byName, byCode);
  const a = throwsNamed(() => evaluate(catalog, data, { asOf: '2024-12-31', region: '鼓楼区' }), 'eval.ambiguous_region');
  assert.ok(a.candidates.length >= 4 && a.region === '鼓楼区');
});

test('indicator rows: what to report, how it aggregates, which targets use it', () => {
  const rows = catalog.indicatorRows();
  const bw = rows.find((r) => r.id === 'school.bandwidth_mbps');
  assert.deepEqual(bw.aggregation, ['share_of_units']);
  assert.ok(bw.conditionOf.includes(GIGABIT));
  assert.equal(bw.entity, 'school');
  // National and local broadband access is one indicator, a share of schools.
  const access = rows.find((r) => r.id === 'school.internet_access');
  assert.deepEqual(access.aggregation, ['share_of_units']);
  assert.deepEqual(access.baselines, ['bj-plan-2021/baseline/internet-access']);
  const only = catalog.indicatorRows('sn-2023');
  assert.ok(only.length > 0 && only.every((r) => r.documents.length === 1 && r.documents[0] === 'sn-2023'));
  assert.deepEqual([...allKeys([rows])].filter((k) => k.includes('_')), []);
});

test('the built-in sample is seeded, and evaluating it gives results with their working', () => {
  const data = Dataset.sample(catalog);
  assert.equal(data.load.entities.rejected.length + data.load.observations.rejected.length, 0);
  assert.ok(data.observationCount > 0 && data.entityCount > 0);
  const ev = evaluate(catalog, data, { asOf: '2024-12-31', region: '110000', document: 'bj-plan-2021' });
  assert.equal(ev.asOf, '2024-12-31');
  assert.ok(ev.results.length > 0);
  const beijing = ev.results.find((r) => r.target === GIGABIT && r.region === '110000');
  assert.equal(beijing.regionName, '北京市');
  assert.notEqual(beijing.status, 'not_assessable');
  assert.ok(beijing.working.length > 0 && beijing.working.every((s) => typeof s.name === 'string'));
  const districts = ev.results.filter((r) => r.target === GIGABIT && r.parent === '110000');
  assert.equal(districts.length, 16);
  // Plain objects all the way down, with null (not undefined) for absent values.
  assert.equal(Object.getPrototypeOf(beijing), Object.prototype);
  assert.ok(Object.values(beijing).every((v) => v !== undefined));
  assert.deepEqual([...allKeys(ev)].filter((k) => k.includes('_')), []);

  const text = explain(beijing);
  assert.match(text, new RegExp(`^${GIGABIT} @ 110000`));

  // The flat results table as CSV: a header of column names, one line per result.
  const csv = resultsCsv(catalog, data, ev);
  assert.ok(csv.startsWith('target,label,label_en,'), csv.slice(0, 80));
  assert.ok(csv.includes(`${GIGABIT},`) && csv.includes('北京市'));
  assert.equal(csv.split('\n').filter((l) => l.startsWith('bj-plan-2021/')).length, ev.results.length);
  assert.ok(resultsCsv(catalog, data, ev, { bom: true }).startsWith('\uFEFFtarget,'));

  // Same seed, same data; another seed, other data.
  const again = evaluate(catalog, Dataset.sample(catalog, 2021), { asOf: '2024-12-31', region: '110000', document: 'bj-plan-2021' });
  assert.deepEqual(again, ev);
  const records = sampleRecords(catalog);
  assert.ok(records.entities.length > 0 && records.observations.length > 0);
  assert.ok('entityId' in records.entities[0] && 'regionCode' in records.entities[0]);
  const other = sampleRecords(catalog, 7);
  assert.notDeepEqual(other.observations, records.observations);
  assert.throws(() => Dataset.sample(catalog, -1), (e) => e.name === 'input.argument');
});

test('views: by section, by unit, trajectories', () => {
  const data = Dataset.sample(catalog);
  const ev = evaluate(catalog, data, { asOf: '2024-12-31' });
  const sections = bySection(catalog, ev);
  assert.ok(sections.length > 0);
  const plan = sections.find((d) => d.document === 'bj-plan-2021');
  assert.equal(plan.region, '110000');
  // Status counts are plain objects keyed by status code.
  assert.equal(Object.getPrototypeOf(plan.status), Object.prototype);
  const n = Object.values(plan.status).reduce((a, b) => a + b, 0);
  assert.ok(n > 0 && Object.keys(plan.status).every((k) => statuses().some((s) => s.code === k)));
  assert.equal(bySection(catalog, ev, '110108').find((d) => d.document === 'bj-plan-2021').region, '110108');

  const units = byUnit(catalog, ev, '教育信息化处');
  assert.ok(units.length > 0 && units.every((u) => u.unit.includes('教育信息化处')));
  assert.ok(units.every((u) => Array.isArray(u.tasks)));

  const paths = trajectories(catalog, ev);
  assert.ok(paths.length > 0);
  assert.ok(paths.every((p) => p.target && p.planTarget && typeof p.planValue === 'number'));

  const zh = report(catalog, ev);
  assert.match(zh, /评估日期 2024-12-31/);
  assert.match(report(catalog, ev, { lang: 'en', style: 'markdown' }), /^as of 2024-12-31/);
  assert.throws(() => report(catalog, ev, { lang: 'fr' }), (e) => e.name === 'input.argument');
});

test('records from JS arrays: camelCase or snake_case keys, numbers as text, bad items counted', () => {
  const entities = [
    { entityId: 'A', kind: 'school', name: '东城A', regionCode: 110101, stage: '小学' },
    { entity_id: 'B', kind: 'school', name: '东城B', region_code: '110101', stage: 'primary' },
    'not an object',
  ];
  const observations = [
    { entityId: 'A', indicator: 'school.bandwidth_mbps', period: 2022, value: 1000 },
    { entity_id: 'B', indicator: 'school.bandwidth_mbps', period: '2022', value: '100', source: 'x' },
    { entityId: 'A', indicator: 'school.bandwidth_mbps', period: 2021, value: -5 },
  ];
  const e = throwsNamed(() => Dataset.fromRecords(catalog, entities, observations), 'data.bad_row');
  assert.equal(e.line, 3);
  assert.equal(e.rejections.length, 2);
  assert.equal(e.load.observations.rejected[0].code, 'data.out_of_range');

  const data = Dataset.fromRecords(catalog, entities, observations, { allowRejected: true });
  assert.deepEqual(
    { read: data.load.entities.read, accepted: data.load.entities.accepted },
    { read: 3, accepted: 2 },
  );
  const r = data.load.observations.rejected[0];
  assert.deepEqual({ line: r.line, file: r.file, column: r.column, value: r.value, code: r.code }, {
    line: 3, file: null, column: 'value', value: '-5', code: 'data.out_of_range',
  });
  const ev = evaluate(catalog, data, { asOf: '2022-12-31', targets: [GIGABIT], region: '110101' });
  const dongcheng = ev.results.find((x) => x.region === '110101');
  assert.equal(dongcheng.value, 50);
  assert.deepEqual([dongcheng.numerator, dongcheng.denominator], [1, 2]);

  throwsNamed(() => Dataset.fromRecords(catalog, 'nope', []), 'input.argument');
});

test('no report is not missed: an unreported milestone is not assessable, apart from not done and done late', () => {
  const empty = evaluate(catalog, Dataset.fromRecords(catalog, [], []), { asOf: '2030-12-31' });
  assert.ok(empty.results.length > 200);
  assert.deepEqual(empty.results.filter((r) => r.status === 'missed').map((r) => r.target), []);
  const ms = empty.results.filter((r) => r.kind === 'milestone');
  assert.ok(ms.length > 0 && ms.every((r) => r.status === 'not_assessable' && r.reason.code === 'unreported'));
  const reported = [
    { entityId: '110000', indicator: 'bj-2023/t1.1/action-plan-issued', period: '2024-02-01', value: '1', source: '京教信〔2024〕1号' },
    { entityId: '110000', indicator: 'bj-2023/t1.3/horizontal-evaluation', period: '2023-06-30', value: '否' },
  ];
  const ev = evaluate(catalog, Dataset.fromRecords(catalog, [], reported), {
    asOf: '2024-03-31',
    targets: ['bj-2023/t1.1/action-plan-issued', 'bj-2023/t1.3/horizontal-evaluation', 'bj-2023/t1.2/smart-campus-spec-issued'],
  });
  const by = Object.fromEntries(ev.results.map((r) => [r.target.split('/')[1], [r.status, r.reason?.code ?? null, r.value]]));
  assert.deepEqual(by, {
    't1.1': ['missed', null, 1],
    't1.3': ['missed', null, 0],
    't1.2': ['not_assessable', 'unreported', null],
  });
  const words = Object.fromEntries(reasons().map((x) => [x.code, x.en]));
  assert.equal(words.unreported, 'not reported by the deadline');
  const text = report(catalog, ev, { lang: 'en' });
  assert.match(text, /missed 2: milestones reported not done 1 · milestones done late 1/);
  assert.match(text, /not assessable 1: not reported by the deadline 1/);
});

test('a template to fill in is read back as it is; entities optional; unused observations listed', () => {
  const rows = catalog.templateRows('bj-2023', '北京');
  assert.ok(rows.length > 50 && rows.every((r) => r.entityId === '110000' && r.value === '' && r.indicator.startsWith('bj-2023/')));
  const csv = catalog.templateCsv('bj-2023', '北京');
  assert.equal(csv.split('\n')[0], 'entity_id,indicator,period,value,source,region_name,label,unit');
  const filled = csv
    .replace('110000,bj-2023/t1.1/action-plan-issued,2023,,', '110000,bj-2023/t1.1/action-plan-issued,2023,1,京教信〔2023〕3号')
    .concat('000000,region.lessons_shared,2019,1291,,,,\n');
  const data = Dataset.fromCsv(catalog, null, filled);
  assert.equal(data.load.observations.blank, rows.length - 1);
  assert.equal(data.load.observations.accepted, rows.length + 1);
  const ev = evaluate(catalog, data, { asOf: '2024-06-30', document: 'bj-2023' });
  assert.equal(ev.results.find((r) => r.target === 'bj-2023/t1.1/action-plan-issued').status, 'achieved');
  assert.deepEqual(ev.unused, [{ indicator: 'region.lessons_shared', observations: 1 }]);
  throwsNamed(() => catalog.templateRows('nope'), 'eval.unknown_document');
  throwsNamed(() => catalog.templateRows('bj-2023', '朝阳区'), 'eval.ambiguous_region');
});

test('a builder mixes sources: entities from CSV, observations from an array', () => {
  const b = new DatasetBuilder(catalog);
  b.readEntitiesCsv(fixture('entities.csv'));
  b.addObservations([{ entityId: 'S1', indicator: 'school.bandwidth_mbps', period: 2022, value: 1000 }]);
  const data = b.build();
  assert.equal(data.load.entities.read, rows('entities.csv'));
  assert.equal(data.load.entities.accepted, rows('entities.csv'));
  assert.equal(data.load.observations.accepted, 1);
  assert.throws(() => b.build(), 'a builder is used up by build()');
});

test('CSV: text, UTF-8 bytes with BOM and GBK bytes give the same dataset', () => {
  const options = { asOf: '2022-12-31', targets: [GIGABIT], region: '110000' };
  const fromText = Dataset.fromCsv(catalog, fixture('entities.csv').toString('utf8'), fixture('observations.csv').toString('utf8'));
  const fromBom = Dataset.fromCsv(catalog, new Uint8Array(fixture('entities-bom.csv')), fixture('observations.csv'));
  const fromGbk = Dataset.fromCsv(catalog, fixture('entities-gbk.csv'), fixture('observations-gbk.csv'));
  const fromGbkDeclared = Dataset.fromCsv(catalog, fixture('entities-gbk.csv'), fixture('observations-gbk.csv'), { encoding: 'gbk' });
  const buffer = fixture('entities.csv');
  const fromArrayBuffer = Dataset.fromCsv(catalog, buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length), fixture('observations.csv'));
  const results = [fromText, fromBom, fromGbk, fromGbkDeclared, fromArrayBuffer].map((d) => evaluate(catalog, d, options).results);
  for (const r of results.slice(1)) assert.deepEqual(r, results[0]);
  assert.ok(results[0].length > 0);
  assert.equal(fromGbk.load.entities.accepted, rows('entities-gbk.csv'));
  assert.deepEqual(fromGbk.regions().find((r) => r.code === '110101').name, '东城区');
});

test('CSV errors name the file, line, column and value', () => {
  const e = throwsNamed(
    () => Dataset.fromCsv(catalog, fixture('entities-gbk.csv'), fixture('observations.csv'), { encoding: 'utf-8' }),
    'input.encoding',
  );
  assert.equal(e.file, 'entities.csv');
  assert.equal(e.encoding, 'UTF-8');
  assert.equal(typeof e.offset, 'number');

  const m = throwsNamed(
    () => Dataset.fromCsv(catalog, 'entity_id,name\nA,x\n', fixture('observations.csv'), { entitiesFile: 'schools.csv' }),
    'input.missing_column',
  );
  assert.deepEqual([m.file, m.column], ['schools.csv', 'kind']);

  const o = throwsNamed(
    () => Dataset.fromCsv(catalog, fixture('entities.csv'), fixture('observations-out-of-range.csv'), { observationsFile: 'obs.csv' }),
    'data.out_of_range',
  );
  assert.deepEqual([o.file, o.line, o.column, o.value], ['obs.csv', 2, 'value', '-100']);
  assert.match(o.message, /obs\.csv:2/);
  assert.equal(o.rejections.length, 4);

  const data = Dataset.fromCsv(catalog, fixture('entities.csv'), fixture('observations-malformed.csv'), { allowRejected: true });
  const { read, accepted, rejected } = data.load.observations;
  assert.equal(read, rows('observations-malformed.csv'));
  assert.equal(accepted + rejected.length, read);
  assert.deepEqual(rejected.slice(0, 3).map((r) => [r.line, r.code]), [[3, 'data.bad_row'], [4, 'data.bad_period'], [5, 'data.bad_value']]);
  assert.ok(rejected.every((r) => r.file === 'observations.csv' && r.line > 1));
  assert.match(loadSummary(data.load, { lang: 'en' }), new RegExp(`observations read ${read}: accepted ${accepted}, rejected ${rejected.length}`));

  throwsNamed(() => Dataset.fromCsv(catalog, 42, ''), 'input.argument');
  throwsNamed(() => Dataset.fromCsv(catalog, '', '', { encoding: 'latin1' }), 'input.argument');
});

test('evaluate: unknown filters and bad options throw named Errors', () => {
  const data = Dataset.sample(catalog);
  const r = throwsNamed(() => evaluate(catalog, data, { asOf: '2024-12-31', region: '999999' }), 'eval.unknown_region');
  assert.equal(r.region, '999999');
  assert.equal(throwsNamed(() => evaluate(catalog, data, { asOf: '2024-12-31', document: 'x' }), 'eval.unknown_document').document, 'x');
  assert.equal(throwsNamed(() => evaluate(catalog, data, { asOf: '2024-12-31', targets: ['y'] }), 'eval.unknown_target').target, 'y');
  const a = throwsNamed(() => evaluate(catalog, data, { asOf: 'yesterday' }), 'input.argument');
  assert.equal(a.argument, 'options');
  throwsNamed(() => evaluate(catalog, data, {}), 'input.argument');
});

test('a catalog from files: every problem listed, the first as the Error', () => {
  const e = throwsNamed(
    () => Catalog.fromSources({ documents: { 'broken.json': '{ "id": ' }, indicators: {}, sources: {} }),
    'catalog.parse',
  );
  assert.equal(e.file, 'broken.json');
  assert.equal(typeof e.line, 'number');
  assert.equal(typeof e.column, 'number');
  assert.equal(e.errors[0].code, 'catalog.parse');
  throwsNamed(() => Catalog.fromSources({ documents: 1 }), 'input.argument');
});

test('quantities are read from Chinese text', () => {
  const [q] = parseQuantities('中小学宽带接入率达到97%以上');
  assert.deepEqual({ comparator: q.comparator, value: q.value, unit: q.unit }, { comparator: 'at_least', value: 97, unit: '%' });
  assert.equal(q.relation, 'level');
  assert.equal(q.high, null);
  const [range, rise, level, money] = parseQuantities('遴选3至5个示范区，增长10%，提升至95%，投入1.5亿元');
  assert.deepEqual([range.comparator, range.value, range.high, range.unit], ['at_least', 3, 5, '个']);
  assert.deepEqual([rise.relation, rise.value], ['increase', 10]);
  assert.deepEqual([level.relation, level.value], ['level', 95]);
  assert.deepEqual([money.value, money.unit], [150000000, '元']);
  assert.equal(parseQuantities('两亿五千万个')[0].value, 250000000);
  assert.equal(parseQuantities('不足10%')[0].comparator, 'less_than');
  assert.deepEqual(parseQuantities('庆祝建党100周年'), []);
  const e = throwsNamed(() => parseQuantities(`${'9'.repeat(400)}个`), 'quantity.out_of_range');
  assert.ok(e.text.startsWith('999'));
});

test('a reported figure is read with its qualifier', () => {
  assert.deepEqual(readFigure('1,291'), { value: 1291, unit: null, qualifier: 'exact', numerator: null, denominator: null });
  assert.deepEqual(readFigure('超过70%'), { value: 70, unit: '%', qualifier: 'more_than', numerator: null, denominator: null });
  assert.deepEqual([readFigure('近12万间').value, readFigure('近12万间').qualifier], [120000, 'about']);
  assert.deepEqual([readFigure('９７．６ ％').value, readFigure('1000M').unit], [97.6, 'Mbps']);
  const f = readFigure('118/120');
  assert.deepEqual([f.numerator, f.denominator], [118, 120]);
  throwsNamed(() => readFigure('很多'), 'quantity.not_found');
  const bad = throwsNamed(() => readFigure('50%-70%'), 'quantity.bad_figure');
  assert.match(bad.reason, /range/);
});
