// ECharts options for the dashboard's two charts: the region map (or bars, where no
// map of the region is shipped) and the trend against the plan. Only ECharts' pieces in
// use are bundled (echarts/core), drawn as SVG so the text on the charts is text.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, MapChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { STATUS_COLORS, formatProgress, formatValue } from './model.js';

echarts.use([MapChart, BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

/** Maps shipped with the page (public/geo, see its README): region code → map name and file. */
export const MAPS = {
  '000000': { name: 'china', file: 'geo/china-provinces.json' },
  '110000': { name: 'beijing', file: 'geo/beijing-districts.json' },
};

const loaded = new Map();

/** Registers the map of `code` with ECharts (once); null when none is shipped. */
export async function loadMap(code) {
  const spec = MAPS[code];
  if (!spec) return null;
  if (!loaded.has(code)) {
    loaded.set(code, fetch(import.meta.env.BASE_URL + spec.file).then(async (res) => {
      if (!res.ok) throw new Error(`${spec.file}: ${res.status}`);
      // Named 'china', ECharts adds the South China Sea islands inset to the national map.
      echarts.registerMap(spec.name, await res.json());
      return spec.name;
    }));
  }
  return loaded.get(code);
}

export function chart(el) {
  return echarts.init(el, null, { renderer: 'svg' });
}

const short = (name) => name.replace(/(特别行政区|维吾尔自治区|壮族自治区|回族自治区|自治区|省|市)$/, '');

function tooltip(r, name, label) {
  if (!r) return `${name}<br>无结果`;
  return `${name}<br>当前值 ${formatValue(r.value, r.unit)} · 进度 ${formatProgress(r.progress)}<br>${label[r.status]}`;
}

/** The sub-regions of the view on the map of `mapName`, coloured by status. */
export function mapOption(v, mapName, label, selected) {
  const byCode = new Map(v.children.map((r) => [r.region, r]));
  return {
    tooltip: { trigger: 'item', formatter: (p) => tooltip(byCode.get(p.name), p.data?.regionName ?? p.name, label) },
    series: [{
      type: 'map',
      map: mapName,
      nameProperty: 'code',
      roam: false,
      selectedMode: false,
      layoutCenter: ['50%', '50%'],
      layoutSize: mapName === 'china' ? '125%' : '98%',
      itemStyle: { areaColor: '#e6e9f0', borderColor: '#fff', borderWidth: 0.8 },
      emphasis: { itemStyle: { areaColor: '#c9d3e6' }, label: { show: true } },
      label: {
        show: true,
        fontSize: mapName === 'china' ? 9 : 11,
        color: '#1d2433',
        formatter: (p) => (p.data?.regionName ? `${short(p.data.regionName)}${p.data.value === null ? '' : `\n${formatValue(p.data.value, p.data.unit)}`}` : ''),
      },
      data: [...byCode.values()].map((r) => ({
        name: r.region,
        value: r.value,
        unit: r.unit,
        regionName: r.regionName,
        status: r.status,
        itemStyle: { areaColor: STATUS_COLORS[r.status], borderColor: r.region === selected ? '#1d2433' : '#fff', borderWidth: r.region === selected ? 2.5 : 0.8 },
        label: { color: r.status === 'not_assessable' ? '#1d2433' : '#fff' },
      })),
    }],
  };
}

/** Bars of the sub-regions, where no map is shipped. */
export function barsOption(v, label) {
  const rows = [...v.children].sort((a, b) => (b.value ?? -Infinity) - (a.value ?? -Infinity));
  return {
    tooltip: { trigger: 'item', formatter: (p) => tooltip(rows[p.dataIndex], rows[p.dataIndex].regionName, label) },
    grid: { left: 90, right: 60, top: 10, bottom: 24 },
    xAxis: { type: 'value', max: v.here?.unit === '%' ? 100 : undefined },
    yAxis: { type: 'category', inverse: true, data: rows.map((r) => r.regionName) },
    series: [{
      type: 'bar',
      data: rows.map((r) => ({ value: r.value, itemStyle: { color: STATUS_COLORS[r.status] } })),
      label: { show: true, position: 'right', formatter: (p) => formatValue(rows[p.dataIndex].value, rows[p.dataIndex].unit) },
      markLine: v.target?.value === null ? undefined : { symbol: 'none', data: [{ xAxis: v.target.value }], lineStyle: { color: '#1d2433', type: 'dashed' }, label: { formatter: '目标' } },
    }],
  };
}

/** The result at the region over time: observed, the plan's straight path, projection, annual targets. */
export function trendOption(t, name) {
  const series = [
    { name: `${name} 观测值`, type: 'line', data: t.observed, symbolSize: 7, lineStyle: { width: 2.5, color: '#2166ac' }, itemStyle: { color: '#2166ac' },
      label: { show: true, position: 'top', fontSize: 10, formatter: (p) => formatValue(p.value[1], t.unit) } },
    { name: '规划路径（基线→目标）', type: 'line', data: t.plan, symbol: 'rect', symbolSize: 6, lineStyle: { type: 'dashed', color: '#555' }, itemStyle: { color: '#555' } },
    { name: '按趋势预测', type: 'line', data: t.projection, symbol: 'none', lineStyle: { type: 'dotted', width: 2, color: '#2166ac' } },
    { name: '年度目标', type: 'scatter', data: t.annual.map((a) => [a.at, a.value]), symbol: 'diamond', symbolSize: 12, itemStyle: { color: '#e66101' },
      label: { show: true, position: 'left', fontSize: 10, formatter: (p) => formatValue(p.value[1], t.unit) } },
  ].filter((s) => s.data.length);
  const values = [...t.observed, ...t.plan, ...t.projection].map((p) => p[1]);
  const years = [...t.observed, ...t.plan].map((p) => p[0]);
  return {
    tooltip: { trigger: 'axis', valueFormatter: (v) => formatValue(v, t.unit) },
    legend: { bottom: 0, textStyle: { fontSize: 11 } },
    grid: { left: 56, right: 72, top: 24, bottom: 56 },
    // x: years, each value at its year's end (2024 = 31 Dec 2024).
    xAxis: { type: 'value', min: Math.floor(Math.min(...years)), max: Math.ceil(t.end), interval: 1,
      axisLabel: { formatter: (v) => `${v}年末` }, splitLine: { show: false } },
    yAxis: { type: 'value', name: t.unit ?? '', max: t.unit === '%' ? 100 : undefined, min: t.unit === '%' ? Math.max(0, Math.floor(Math.min(...values) / 10) * 10 - 10) : 0 },
    series: t.target === null ? series : [...series, {
      name: '目标', type: 'line', data: [], markLine: { symbol: 'none', data: [{ yAxis: t.target }], lineStyle: { color: '#1b7837' }, label: { formatter: `目标 ${formatValue(t.target, t.unit)}` } },
    }],
  };
}
