// A typed use of the package, checked by `tsc --noEmit` (scripts/test-wasm.sh) against
// the .d.ts the package ships: a dashboard's data layer, and errors by their code.
import init, {
  Catalog,
  Dataset,
  DatasetBuilder,
  bySection,
  byUnit,
  evaluate,
  explain,
  resolveRegion,
  statuses,
  trajectories,
  type DocumentView,
  type EntityInput,
  type EvalOptions,
  type Evaluation,
  type IndicatorRow,
  type LoadReport,
  type ObservationInput,
  type Region,
  type Rejection,
  type Status,
  type StatusCounts,
  type TargetResult,
  type TargetRow,
  type Trajectory,
} from 'zhibiao';

await init();

const catalog: Catalog = Catalog.builtin();
const rows: TargetRow[] = catalog.targets('bj-plan-2021');
const labels: Record<string, { zh: string; en: string }> = Object.fromEntries(rows.map((r) => [r.id, { zh: r.label, en: r.labelEn }]));
const statusLabel = new Map<Status, string>(statuses().map((s) => [s.code, s.zh]));

// Records as a back end would send them: numbers where numbers are natural.
const entities: EntityInput[] = [
  { entityId: 'A', kind: 'school', name: '东城A', regionCode: 110101, stage: '小学' },
  { entityId: 'B', kind: 'school', name: '东城B', regionCode: '110101', stage: '初中' },
];
const observations: ObservationInput[] = [
  { entityId: 'A', indicator: 'school.bandwidth_mbps', period: 2024, value: 1000 },
  { entityId: 'B', indicator: 'school.bandwidth_mbps', period: '2024-06-30', value: '100', source: '2024年统计' },
];

function load(): Dataset {
  try {
    return Dataset.fromRecords(catalog, entities, observations);
  } catch (e) {
    if (e instanceof Error && e.name.startsWith('data.')) {
      const { load } = e as Error & { load: LoadReport };
      const first: Rejection | undefined = load.observations.rejected[0];
      console.warn(`${e.name} at line ${first?.line ?? '?'}: ${first?.reason ?? e.message}`);
      return Dataset.fromRecords(catalog, entities, observations, { allowRejected: true });
    }
    throw e;
  }
}

// What a reporting office fills in, and regions as it writes them.
const toReport: IndicatorRow[] = catalog.indicatorRows('bj-plan-2021');
const aggregations: string[] = toReport.flatMap((r) => r.aggregation);
function regionOf(text: string): Region | null {
  try {
    return resolveRegion(text);
  } catch (e) {
    if (e instanceof Error && e.name === 'region.ambiguous') {
      const { candidates } = e as Error & { candidates: Region[] };
      console.warn(`${text}: one of ${candidates.map((c) => `${c.code} ${c.path}`).join(', ')}`);
    }
    return null;
  }
}
const haidian: string | undefined = regionOf('北京市海淀区')?.code;

const options: EvalOptions = { asOf: '2024-12-31', region: haidian ?? '110000', document: 'bj-plan-2021' };
const evaluation: Evaluation = evaluate(catalog, load(), options);
const sample: Evaluation = evaluate(catalog, Dataset.sample(catalog, 2021), { asOf: '2024-12-31' });

interface Bar {
  region: string;
  progress: number | null;
  status: string;
}
const bars = new Map<string, Bar[]>();
for (const r of evaluation.results as TargetResult[]) {
  const list = bars.get(r.target) ?? [];
  list.push({ region: r.regionName, progress: r.progress ?? null, status: statusLabel.get(r.status) ?? r.status });
  bars.set(r.target, list);
  const lower: number | undefined = r.bounds?.lower;
  const year: number | undefined = r.series.at(-1)?.year;
  void lower;
  void year;
}

const documents: DocumentView[] = bySection(catalog, sample);
const counts: StatusCounts = documents[0]?.status ?? {};
const achieved: number = counts.achieved ?? 0;
const paths: Trajectory[] = trajectories(catalog, sample);
const units = byUnit(catalog, sample, '教育信息化处');
const working: string = sample.results[0] ? explain(sample.results[0]) : '';

const builder = new DatasetBuilder(catalog);
builder.readEntitiesCsv(new Uint8Array([0xef, 0xbb, 0xbf]), { file: 'schools.csv', encoding: 'auto' });
builder.addObservations(observations);
const built: Dataset = builder.build({ allowRejected: true });
const count: number = built.observationCount;

// The declarations are strict enough to catch mistakes:
// @ts-expect-error asOf is required
evaluate(catalog, built, { region: '110000' });
// @ts-expect-error not a status
const wrong: Status = 'done';
// @ts-expect-error encodings are named
Dataset.fromCsv(catalog, '', '', { encoding: 'latin1' });
// @ts-expect-error results are read-only data, not strings
const bad: string = evaluation.results[0];

console.log(labels, bars.size, achieved, paths.length, units.length, working.length, count, wrong, bad, aggregations.length);
