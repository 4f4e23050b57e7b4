// The dashboard: the built-in synthetic sample evaluated in the browser by zhibiao
// (WebAssembly), shown as a region map, trends against the plan and tables, with
// drill-down from the nation to a province and to a county (click a region or a row).
// The URL's hash holds the view (#region=110108&target=…), so views can be linked to.
import init, { Catalog, Dataset, evaluate, reasons, regions, statuses, trajectories } from 'zhibiao';
import { barsOption, chart, loadMap, mapOption, trendOption } from './charts.js';
import { STATUS_COLORS, dashboardModel, formatGoal, formatProgress, formatValue, view } from './model.js';

const AS_OF = '2024-12-31';
const NATION = '000000';

const $ = (id) => document.getElementById(id);
const el = (tag, props = {}, ...children) => {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children.filter((c) => c !== null && c !== undefined));
  return e;
};
const badge = (status, label) => el('span', { className: 'badge', style: `background:${STATUS_COLORS[status]}` }, label[status]);

function readHash() {
  const h = new URLSearchParams(location.hash.slice(1));
  return { region: h.get('region') ?? NATION, target: h.get('target') };
}

/** Down to `region`: the same target if it is measured below that region too (or the
 *  region has none below it), else the region's own default. */
function drill(region, target) {
  const v = view(m, region, target);
  const keep = v?.target?.id === target && (v.children.length > 0 || !(m.children.get(region) ?? []).length);
  go(region, keep ? target : null);
}

function go(region, target) {
  const h = new URLSearchParams({ region });
  if (target) h.set('target', target);
  location.hash = h.toString();
}

let m;
let label;
let reasonWords;
/** Why a result has no verdict, in words (the core's table: reasons()). */
const reasonText = (r) => (r.reason ? reasonWords[r.reason.code] ?? r.reason.code : '');
let mapChart;
let trendChart;

async function render() {
  const state = readHash();
  const v = view(m, state.region, state.target) ?? view(m, NATION, null);
  document.body.dataset.state = 'rendering';
  window.dashboard.view = v;

  $('crumbs').replaceChildren(...v.path.flatMap((r, i) => [
    i ? el('span', { className: 'sep' }, '›') : null,
    i === v.path.length - 1 ? el('strong', {}, r.name) : el('a', { href: `#region=${r.code}` }, r.name),
  ]).filter(Boolean));

  // Statuses of every target evaluated at this region.
  $('kpis').replaceChildren(...statuses().filter((s) => v.counts[s.code]).map((s) => {
    const kpi = el('div', { className: 'kpi', title: s.legendZh, style: `border-color:${STATUS_COLORS[s.code]}` },
      el('b', {}, String(v.counts[s.code])), el('span', {}, s.zh));
    Object.assign(kpi.dataset, { status: s.code, count: String(v.counts[s.code]) });
    return kpi;
  }));

  // Targets grouped by document, each with how many regions below have a verdict.
  const select = $('target');
  const groups = new Map();
  for (const t of v.targets) groups.set(t.target.document, [...(groups.get(t.target.document) ?? []), t]);
  select.replaceChildren(...[...groups].map(([doc, ts]) => el('optgroup', { label: m.catalog.document(doc).title },
    ...ts.map((t) => el('option', { value: t.id, selected: t.id === v.target?.id },
      `${t.target.label}${t.subRegions ? `（${t.subRegions} 个下级地区，${t.judged} 个有结论）` : ''}`)))));
  select.onchange = () => go(v.region.code, select.value);

  const t = v.target;
  $('goal').textContent = t ? `${t.labelEn} · 目标 ${formatGoal(t)} · 期限 ${t.deadline} · ${t.id}` : '此地区没有评估结果';

  // Map of the sub-regions (or, at a county, the parent's map with the county marked);
  // bars where no map of the region is shipped.
  const mapRegion = v.children.length ? v.region.code : v.region.parent;
  const mapView = v.children.length ? v : view(m, v.region.parent, t?.id);
  const mapName = mapRegion ? await loadMap(mapRegion) : null;
  $('map-title').textContent = `${mapView?.region.name ?? ''} · ${t?.label ?? ''}：各${v.children.length ? '下级地区' : '地区'}状态`;
  mapChart.clear();
  if (mapName && mapView) mapChart.setOption(mapOption(mapView, mapName, label, v.region.code));
  else if (mapView?.children.length) mapChart.setOption(barsOption(mapView, label));
  $('map').dataset.kind = mapName ? 'map' : 'bars';

  trendChart.clear();
  const observed = v.trend?.observed.length ?? 0;
  $('trend-title').textContent = `${v.region.name} · ${t?.label ?? ''}：${observed ? '历年数值与规划路径'
    : v.here ? `无历年数值（${reasonText(v.here)}）` : '此目标不在本级评估'}`;
  if (observed) trendChart.setOption(trendOption(v.trend, v.region.name));
  $('trend').dataset.points = String(observed);

  table(v);
  document.body.dataset.state = 'ready';
  document.body.dataset.region = v.region.code;
  document.body.dataset.target = t?.id ?? '';
}

/** Sub-regions of the chosen target; at a region without any, every target there. */
function table(v) {
  const rows = v.children.length ? v.children : v.results;
  const byRegion = !!v.children.length;
  $('table-title').textContent = byRegion ? `${v.target.label} · 各下级地区` : `${v.region.name} · 各项目标`;
  const head = el('tr', {}, ...[byRegion ? '地区' : '目标', '年份', '当前值', '目标值', '覆盖率', '进度', '应有进度', '状态'].map((h) => el('th', {}, h)));
  const body = rows.map((r) => {
    const tr = el('tr', { tabIndex: 0 },
      el('td', {}, byRegion ? r.regionName : m.rows.get(r.target).label),
      el('td', {}, r.year === null ? '—' : String(r.year)),
      el('td', { className: 'num' }, formatValue(r.value, r.unit)),
      el('td', { className: 'num' }, formatGoal(m.rows.get(r.target))),
      el('td', { className: 'num' }, r.coverage === null ? '—' : `${Math.round(r.coverage)}%`),
      el('td', { className: 'num' }, formatProgress(r.progress)),
      el('td', { className: 'num' }, formatProgress(r.expectedProgress)),
      el('td', {}, badge(r.status, label), r.reason ? el('small', { title: r.reason.message }, ` ${reasonText(r)}`) : null));
    Object.assign(tr.dataset, { region: r.region, target: r.target, status: r.status, value: r.value === null ? '' : String(r.value) });
    tr.onclick = () => (byRegion ? drill(r.region, r.target) : go(v.region.code, r.target));
    return tr;
  });
  $('table').replaceChildren(el('thead', {}, head), el('tbody', {}, ...body));
}

try {
  await init();
  const catalog = Catalog.builtin();
  const data = Dataset.sample(catalog);
  const evaluation = evaluate(catalog, data, { asOf: AS_OF });
  m = dashboardModel(catalog, evaluation, regions(), trajectories(catalog, evaluation));
  label = Object.fromEntries(statuses().map((s) => [s.code, s.zh]));
  reasonWords = Object.fromEntries(reasons().map((x) => [x.code, x.zh]));
  window.dashboard = { model: m, view: null, charts: {} };
  mapChart = window.dashboard.charts.map = chart($('map'));
  trendChart = window.dashboard.charts.trend = chart($('trend'));
  mapChart.on('click', (p) => {
    const code = p.data?.name ?? p.name;
    if (m.info.has(code)) drill(code, readHash().target ?? document.body.dataset.target);
  });
  $('legend').replaceChildren(...statuses().map((s) => el('li', { title: s.legendZh }, badge(s.code, label), ` ${s.legendZh}`)));
  $('status').textContent = `评估日期 ${AS_OF} · ${evaluation.results.length} 项结果 · 样本观测 ${data.observationCount} 条（合成数据）`;
  window.addEventListener('hashchange', () => render().catch(fail));
  window.addEventListener('resize', () => [mapChart, trendChart].forEach((c) => c.resize()));
  await render();
} catch (e) {
  fail(e);
}

function fail(e) {
  console.error(e);
  $('status').textContent = `加载失败：${e?.name ?? 'Error'}: ${e?.message ?? e}`;
  document.body.dataset.state = 'error';
}
