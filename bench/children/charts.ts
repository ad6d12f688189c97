/**
 * Chart render time on one log, in its own process:
 *   node --import tsx bench/children/charts.ts --events <path> [--rounds 5] [--cached 200]
 * The charts: every series of two or more statements (as its Chart button asks), every figure stated for two or
 * more periods (bars), and Honda beside Nissan for each metric both have. Uncached: the cache is cleared before
 * each chart (query → spec → SVG → PNG; the font subsets stay made, as in a running bot). Cached: the same
 * request again. Prints `RESULT {…}`.
 */
import { TimelineStore } from '../../src/timeline/store.js';
import { seriesKey } from '../../src/timeline/timeline.js';
import { indexOf } from '../../src/answers/index.js';
import { chartFor, clearChartCache, type ChartRequest } from '../../src/charts/index.js';
import { BENCH_LIMITS, argValue, BENCH_NOW, report, stats } from '../lib.js';

const path = argValue('events', 'data/events.json')!;
const rounds = Number(argValue('rounds', '5'));
const cachedCalls = Number(argValue('cached', '200'));
const store = TimelineStore.open(path, BENCH_LIMITS);
const timeline = store.current;
indexOf(timeline);

const requests: ChartRequest[] = [];
const seen = new Set<string>();
const bySeries = new Map<string, string[]>();
const byMetric = new Map<string, Set<string>>();
for (const r of timeline.figures) {
  const key = seriesKey(r.figure);
  bySeries.set(key, [...(bySeries.get(key) ?? []), r.figure.id]);
  const metric = `${r.figure.metric}|${r.figure.company}`;
  byMetric.set(metric, (byMetric.get(metric) ?? new Set()).add(key));
}
for (const ids of bySeries.values()) if (ids.length >= 2) requests.push({ query: ids[0], now: BENCH_NOW });
for (const keys of byMetric.values()) if (keys.size >= 2) requests.push({ query: bySeries.get([...keys][0])![0], now: BENCH_NOW });
for (const [metric] of byMetric) {
  const [m, company] = metric.split('|');
  const other = company === 'Honda' ? 'Nissan' : undefined;
  const pair = other && [...(byMetric.get(`${m}|${other}`) ?? [])][0];
  if (pair) requests.push({ query: bySeries.get([...byMetric.get(metric)!][0])![0], compare: bySeries.get(pair)![0], now: BENCH_NOW });
}

// one chart per distinct drawing
const distinct: ChartRequest[] = [];
for (const req of requests) {
  const image = await chartFor(timeline, req);
  const key = image.spec.figureIds.join(',') + image.spec.panels.length;
  if (!seen.has(key)) {
    seen.add(key);
    distinct.push(req);
  }
}

clearChartCache();
const t0 = performance.now();
await chartFor(timeline, distinct[0]);
const firstMs = performance.now() - t0;

const uncached: number[] = [];
// CPU time of this process per chart: the renderer runs on the calling thread, so on a busy machine this is what
// the wall time would be on an idle one (the wall time also counts waiting for a core)
const cpu: number[] = [];
const cpuNow = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const sizes: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const req of distinct) {
    clearChartCache();
    const c = cpuNow();
    const t = performance.now();
    const image = await chartFor(timeline, req);
    uncached.push(performance.now() - t);
    cpu.push(cpuNow() - c);
    if (r === 0) sizes.push(image.png.length / 1024);
  }
}
const cached: number[] = [];
for (const req of distinct) {
  await chartFor(timeline, req);
  for (let i = 0; i < cachedCalls; i++) {
    const t = performance.now();
    await chartFor(timeline, req);
    cached.push(performance.now() - t);
  }
}
store.close();
report({ charts: distinct.length, rounds, firstMs, uncached: stats(uncached), cpu: stats(cpu), cached: stats(cached), pngKB: stats(sizes) });
