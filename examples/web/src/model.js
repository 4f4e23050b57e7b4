// What the dashboard shows, computed from one evaluation: no DOM and no charts, so the
// same functions tell the browser test, in Node, what the page must show.
//
//   const m = dashboardModel(catalog, evaluation, regions(), trajectories(catalog, evaluation));
//   const v = view(m, '110000', 'bj-plan-2021/t1/gigabit-to-school');

/** The order of statuses, best first, and their colours (shared by map, badges, legend). */
export const STATUS_COLORS = {
  achieved: '#1a7f37',
  on_track: '#2f81f7',
  needs_acceleration: '#d29922',
  limited: '#e16f24',
  regressing: '#cf222e',
  missed: '#8250df',
  not_assessable: '#8a94a6',
};

/** Indexes an evaluation by target and region, with the region tree. */
export function dashboardModel(catalog, evaluation, regions, trajectories) {
  const byTarget = new Map();
  for (const r of evaluation.results) {
    if (!byTarget.has(r.target)) byTarget.set(r.target, new Map());
    byTarget.get(r.target).set(r.region, r);
  }
  const info = new Map(regions.map((r) => [r.code, r]));
  // Regions the data added (not built in) come with their results.
  for (const r of evaluation.results) {
    if (!info.has(r.region)) info.set(r.region, { code: r.region, name: r.regionName, nameEn: r.regionName, level: r.regionLevel, parent: r.parent });
  }
  const children = new Map();
  for (const r of info.values()) {
    if (!r.parent) continue;
    if (!children.has(r.parent)) children.set(r.parent, []);
    children.get(r.parent).push(r.code);
  }
  // One flat row per target (label, goal, deadline, document …), in catalog order.
  const rows = new Map(catalog.targets().map((t) => [t.id, t]));
  const order = new Map([...rows.keys()].map((id, i) => [id, i]));
  return { catalog, evaluation, byTarget, info, children, rows, order, trajectories };
}

/** The region's ancestors and itself, from the nation down. */
export function path(m, code) {
  const out = [];
  for (let c = code; c; c = m.info.get(c)?.parent) out.unshift(m.info.get(c));
  return out;
}

/**
 * What the page shows at `code` for `targetId`: the region and its path, the targets
 * measured there or in its sub-regions (the chosen one, or the one with the most
 * sub-regions), the result there, each sub-region's result, the trend, and the counts of
 * statuses of every target evaluated at the region.
 */
export function view(m, code, targetId) {
  const region = m.info.get(code);
  if (!region) return null;
  const kids = m.children.get(code) ?? [];
  const targets = [...m.byTarget.entries()]
    .map(([id, rs]) => ({ id, here: rs.get(code), children: kids.map((k) => rs.get(k)).filter(Boolean) }))
    .filter((t) => (t.here || t.children.length) && t.here?.kind !== 'milestone')
    .sort((a, b) => m.order.get(a.id) - m.order.get(b.id));
  // Without a choice: the target judged in the most sub-regions (or here), preferring the
  // documents of this region, then of the nearest region above it.
  const judged = (t) => [t.here, ...t.children].filter((r) => r && r.status !== 'not_assessable').length;
  const depth = new Map(path(m, code).map((r, i) => [r.code, -i]));
  const own = (t) => depth.get(m.catalog.document(m.rows.get(t.id).document).jurisdiction) ?? 1;
  const chosen = targets.find((t) => t.id === targetId)
    ?? [...targets].sort((a, b) => judged(b) - judged(a) || own(a) - own(b) || m.order.get(a.id) - m.order.get(b.id))[0];
  const atRegion = m.evaluation.results.filter((r) => r.region === code);
  const counts = {};
  for (const r of atRegion) counts[r.status] = (counts[r.status] ?? 0) + 1;
  return {
    region,
    path: path(m, code),
    targets: targets.map((t) => ({ id: t.id, target: m.rows.get(t.id), subRegions: t.children.length, judged: judged({ children: t.children }) })),
    target: chosen ? m.rows.get(chosen.id) : null,
    here: chosen?.here ?? null,
    children: chosen?.children ?? [],
    trend: chosen?.here ? trend(m, chosen.here) : null,
    counts,
    results: atRegion.filter((r) => r.kind !== 'milestone').sort((a, b) => m.order.get(a.target) - m.order.get(b.target)),
  };
}

/** A result over time against its plan: observed values at year ends, the straight path
 *  from the baseline to the target figure, the projection, and annual targets set as
 *  steps toward it (views::trajectories). Dates are ISO strings. */
export function trend(m, r) {
  const observed = r.series.filter((s) => s.value !== null).map((s) => [yearEnd(`${s.year}-12-31`), s.value]);
  const plan = r.baseline && r.targetValue !== null
    ? [[yearEnd(r.baseline.date), r.baseline.value], [yearEnd(r.deadline), r.targetValue]]
    : [];
  const projection = r.projection !== null && r.year !== null && r.value !== null && r.status !== 'achieved'
    ? [[r.year, r.value], [yearEnd(r.deadline), r.projection]]
    : [];
  const annual = m.trajectories
    .filter((t) => t.planTarget === r.target && t.region === r.region && t.annualImplies !== null)
    .map((t) => ({ target: t.target, at: yearEnd(t.deadline), value: t.annualImplies, status: t.annualStatus, onPath: t.annualOnPath }));
  // A sub-region's share of a count set for the whole region has no figure of its own.
  const target = r.reason?.code === 'contribution' ? null : r.targetValue;
  return { observed, plan, projection, annual, target, deadline: r.deadline, end: yearEnd(r.deadline), unit: r.unit };
}

/** A date as the year whose end it is nearest: 2024-12-31 → 2024, 2024-06-30 → 2023.5
 *  (a value describes the end of its year, as the core reads them). */
export function yearEnd(date) {
  const d = new Date(`${date}T00:00:00Z`);
  const start = Date.UTC(d.getUTCFullYear(), 0, 1);
  const days = (Date.UTC(d.getUTCFullYear() + 1, 0, 1) - start) / 86_400_000;
  return Math.round((d.getUTCFullYear() - 1 + ((d - start) / 86_400_000 + 1) / days) * 1000) / 1000;
}

/** A value with its unit, as the page writes it. */
export function formatValue(v, unit) {
  if (v === null || v === undefined) return '—';
  const n = Math.round(v * 10) / 10;
  return unit === '%' ? `${n}%` : `${n.toLocaleString('en-US')}${unit ?? ''}`;
}

/** Progress as a share; past the target it reads 100%+, as in the report. */
export function formatProgress(p) {
  if (p === null || p === undefined) return '—';
  return p > 1 + 1e-9 ? '100%+' : `${Math.round(p * 100)}%`;
}

const SYMBOLS = { at_least: '≥', more_than: '>', about: '≈', at_most: '≤', less_than: '<', reach: '≥' };

/** The target figure: ≥100%, ≈1000个. */
export function formatGoal(t) {
  return t?.value === null || t?.value === undefined ? '—' : `${SYMBOLS[t.comparator] ?? ''}${formatValue(t.value, t.unit)}`;
}
