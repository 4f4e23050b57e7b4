// A dashboard with no framework: evaluate the built-in sample against Beijing's
// 14th five-year plan and show each target's progress in each of the 16 districts.
// Everything is computed in the browser by the zhibiao WebAssembly module.
import init, { Catalog, Dataset, evaluate, statuses } from 'zhibiao';

const DOCUMENT = 'bj-plan-2021';
const CITY = '110000';
const AS_OF = '2024-12-31';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
};
const pct = (x) => `${Math.round(x * 100)}%`;
const fmt = (v, unit) => (v === null ? '—' : `${Math.round(v * 10) / 10}${unit ?? ''}`);

function bar(r, label) {
  // A district's share of a city-wide count is not judged on its own.
  const contribution = r.reason?.code === 'contribution';
  // Progress from baseline to target, as a share; an achieved target is a full bar
  // even when its baseline already met the figure (no progress is then defined).
  // A district's contribution to a city-wide count is drawn as its share of the figure.
  const shown = contribution && r.value !== null && r.targetValue
    ? r.value / r.targetValue
    : r.progress ?? (r.status === 'achieved' ? 1 : null);
  const width = shown === null ? 0 : Math.max(0, Math.min(1, shown));
  const track = el('div', { className: 'track' }, el('div', { className: `fill ${contribution ? 'contribution' : r.status}` }));
  track.firstChild.style.width = pct(width);
  if (r.expectedProgress !== null) {
    const mark = el('div', { className: 'expected', title: `应有进度 ${pct(r.expectedProgress)}` });
    mark.style.left = pct(Math.max(0, Math.min(1, r.expectedProgress)));
    track.append(mark);
  }
  const row = el(
    'div',
    { className: 'row' },
    el('span', { className: 'region' }, r.regionName),
    track,
    el('span', { className: 'value' }, `${fmt(r.value, r.unit)}${r.progress === null ? '' : ` · ${pct(r.progress)}`}`),
    contribution
      ? el('span', { className: 'badge contribution', title: r.reason.message }, '计入全市')
      : el('span', { className: `badge ${r.status}` }, label[r.status]),
  );
  Object.assign(row.dataset, {
    target: r.target,
    region: r.region,
    status: r.status,
    progress: r.progress === null ? '' : String(r.progress),
    value: r.value === null ? '' : String(r.value),
    width: String(width),
  });
  return row;
}

try {
  await init();
  const catalog = Catalog.builtin();
  const data = Dataset.sample(catalog);
  const evaluation = evaluate(catalog, data, { asOf: AS_OF, document: DOCUMENT, region: CITY });
  const label = Object.fromEntries(statuses().map((s) => [s.code, s.zh]));
  $('legend').append(...statuses().map((s) => el('li', { className: `badge ${s.code}` }, s.zh)));

  const byTarget = new Map();
  for (const r of evaluation.results) {
    if (!byTarget.has(r.target)) byTarget.set(r.target, []);
    byTarget.get(r.target).push(r);
  }
  let cards = 0;
  for (const [id, results] of byTarget) {
    const districts = results.filter((r) => r.parent === CITY);
    if (districts.length === 0) continue; // milestones and city-only targets
    const target = catalog.target(id);
    const city = results.find((r) => r.region === CITY);
    const goal = `${{ at_least: '≥', more_than: '>', about: '≈', at_most: '≤', less_than: '<' }[target.comparator] ?? ''}${target.value}${target.unit}`;
    const card = el(
      'section',
      { className: 'card' },
      el('h2', {}, target.label, el('small', {}, ` ${target.labelEn}`)),
      el('p', { className: 'summary' },
        `目标 ${goal}，期限 ${target.deadline} · 全市 ${fmt(city.value, city.unit)} `,
        el('span', { className: `badge ${city.status}` }, label[city.status])),
      ...districts.map((r) => bar(r, label)),
    );
    card.dataset.target = id;
    $('targets').append(card);
    cards += 1;
  }
  const districts = new Set(evaluation.results.filter((r) => r.parent === CITY).map((r) => r.region)).size;
  $('status').textContent = `评估日期 ${evaluation.asOf} · ${cards} 项指标 × ${districts} 个区 · 样本观测 ${data.observationCount} 条`;
  document.body.dataset.state = 'ready';
} catch (e) {
  console.error(e);
  $('status').textContent = `加载失败：${e?.name ?? 'Error'}: ${e?.message ?? e}`;
  document.body.dataset.state = 'error';
}
