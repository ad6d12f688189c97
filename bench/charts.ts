/** The charts section of `npm run bench`: render time per chart on the real log, uncached and cached (bench/children/charts.ts). */
import { median, ms, round, runChild, type Stats } from './lib.js';

interface ChartsRun {
  charts: number;
  rounds: number;
  firstMs: number;
  uncached: Stats;
  cpu: Stats;
  cached: Stats;
  pngKB: Stats;
}

export const CHART_TARGETS = { renderP99Ms: 100, cachedP99Ms: 1 };

export async function chartsSection(path: string, runs: number, quick: boolean, say: (line: string) => void) {
  const all: ChartsRun[] = [];
  for (let i = 0; i < runs; i++) {
    say(`charts: run ${i + 1}/${runs}`);
    all.push(await runChild<ChartsRun>('bench/children/charts.ts', ['--events', path, '--rounds', quick ? '1' : '5', '--cached', quick ? '50' : '200']));
  }
  const med = (f: (r: ChartsRun) => number, digits = 2) => round(median(all.map(f)), digits);
  return {
    runs,
    charts: all[0].charts,
    firstChartMs: med((r) => r.firstMs, 1),
    uncached: { p50: med((r) => r.uncached.p50), p99: med((r) => r.uncached.p99), max: med((r) => r.uncached.max) },
    cpu: { p50: med((r) => r.cpu.p50), p99: med((r) => r.cpu.p99), max: med((r) => r.cpu.max) },
    cached: { p50: med((r) => r.cached.p50, 4), p99: med((r) => r.cached.p99, 4), max: med((r) => r.cached.max, 4) },
    pngKB: { p50: med((r) => r.pngKB.p50, 1), max: med((r) => r.pngKB.max, 1) },
  };
}

export function chartsTable(c: Awaited<ReturnType<typeof chartsSection>>): string[] {
  return [
    `### Charts (ms per 1200×675 PNG, real log, ${c.charts} distinct charts; median of ${c.runs} runs; target p99 < ${CHART_TARGETS.renderP99Ms} ms, cached < ${CHART_TARGETS.cachedP99Ms} ms)`,
    '',
    '| | p50 | p99 | max |',
    '|---|---|---|---|',
    `| query → SVG → PNG (cache cleared), wall time | ${ms(c.uncached.p50)} | ${ms(c.uncached.p99)} | ${ms(c.uncached.max)} |`,
    `| … CPU time of the process (the wall time on an idle machine) | ${ms(c.cpu.p50)} | ${ms(c.cpu.p99)} | ${ms(c.cpu.max)} |`,
    `| the same request again (cached) | ${c.cached.p50} | ${c.cached.p99} | ${c.cached.max} |`,
    `| first chart in a process (font subsets made or read) | ${ms(c.firstChartMs)} | | |`,
    `| PNG size (KB) | ${c.pngKB.p50} | | ${c.pngKB.max} |`,
    '',
  ];
}
